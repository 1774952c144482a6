"""The protocol-level timeline summary and diff, on raw draft dicts (cloud drafts included)."""

from reelsmith import timeline

SEED = {"t": [{"tt": 0, "sg": [{"name": "city timelapse", "d": 10000}]},
              {"tt": 1, "sg": [{"name": "Lo-fi", "d": 10000, "vol": 0.35}]},
              {"tt": 7, "sg": [{"text": "Urban Dreams", "d": 3000}]}], "d": 10000, "m": {"title": "x"}}


def test_summary_matches_the_skills_format() -> None:
    assert timeline.summary(SEED) == ('Timeline (3 tracks): 1. Video: 1 clips/photos — city timelapse (0-10s) '
                                      '2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)')


def test_unknown_keys_and_tracks_are_tolerated() -> None:
    d = {"t": [{"tt": 9, "name": "Stickers", "sg": [{"x": 1}, {"y": 2}]}, {"tt": 0, "sg": [],
               "future": True}], "zz": 1}
    assert timeline.summary(d) == "Timeline (1 tracks): 1. Stickers: 2 segments"
    assert not timeline.has_segments({"t": [{"tt": 0, "sg": []}]}) and timeline.has_segments(SEED)
    assert timeline.summary(None).startswith("Timeline is empty")


def test_changes_describe_a_silent_edit() -> None:
    after = {**SEED, "d": 20000, "m": {"width": 1080, "height": 1920},
             "t": [SEED["t"][0], {"tt": 7, "sg": [{"text": "Summer Sale", "d": 3000}]}]}
    got = timeline.changes(SEED, after)
    assert "canvas is now 1080x1920" in got and "length is now 20s" in got
    assert 'added Title: "Summer Sale" (0-3s)' in got and "removed BGM: Lo-fi (0-10s, 35%)" in got
    assert timeline.changes(SEED, SEED) == []
