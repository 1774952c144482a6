"""The protocol-level timeline summary and diff, on raw draft dicts (cloud drafts included)."""

from reelsmith.protocol import timeline

SEED = {
    "t": [
        {"tt": 0, "sg": [{"name": "city timelapse", "d": 10000}]},
        {"tt": 1, "sg": [{"name": "Lo-fi", "d": 10000, "vol": 0.35}]},
        {"tt": 7, "sg": [{"text": "Urban Dreams", "d": 3000}]},
    ],
    "d": 10000,
    "m": {"title": "x"},
}


def test_summary_matches_the_skills_format() -> None:
    assert timeline.summary(SEED) == (
        "Timeline (3 tracks): 1. Video: 1 clips/photos — city timelapse (0-10s) "
        '2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)'
    )


def test_unknown_keys_and_tracks_are_tolerated() -> None:
    d = {"t": [{"tt": 9, "name": "Stickers", "sg": [{"x": 1}, {"y": 2}]}, {"tt": 0, "sg": [], "future": True}], "zz": 1}
    assert timeline.summary(d) == "Timeline (1 tracks): 1. Stickers: 2 segments"
    assert not timeline.has_segments({"t": [{"tt": 0, "sg": []}]}) and timeline.has_segments(SEED)
    assert timeline.summary(None).startswith("Timeline is empty")


def test_changes_describe_a_silent_edit() -> None:
    after = {
        **SEED,
        "d": 20000,
        "m": {"width": 1080, "height": 1920},
        "t": [SEED["t"][0], {"tt": 7, "sg": [{"text": "Summer Sale", "d": 3000}]}],
    }
    got = timeline.changes(SEED, after)
    assert "canvas is now 1080x1920" in got and "length is now 20s" in got
    assert 'added Title: "Summer Sale" (0-3s)' in got and "removed BGM: Lo-fi (0-10s, 35%)" in got
    assert timeline.changes(SEED, SEED) == []


def test_summary_render_and_editor_share_one_geometry(tmp_path) -> None:
    """Three 2 s cards with 3 s fades: each fade is clamped to half a card, so the video runs 4 s,
    and the summary, the editor and the rendered file all say so."""
    from reelsmith.engine.edit.work import Context, Work
    from reelsmith.engine.media.probe import probe
    from reelsmith.engine.model.draft import Draft
    from reelsmith.engine.render.render import render

    cards = [
        {"kind": "color", "src": f"color:#{c}", "name": c, "d": 2000, "tr": {"name": "fade", "d": 3000}}
        for c in ("aa3311", "11aa33", "3311aa")
    ]
    raw = {"m": {"width": 320, "height": 180, "fps": 24}, "t": [{"tt": 0, "sg": cards}]}
    assert timeline.layout(cards) == [(0, 2000), (1000, 3000), (2000, 4000)]
    assert "(0-4s)" in timeline.summary(raw)
    assert Work(raw, Context([], None, "en")).total == 4000
    out = render(Draft.parse(raw), tmp_path / "cards.mp4", quality="preview").path
    assert abs(probe(out).duration - 4.0) < 0.1
