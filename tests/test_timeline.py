"""The protocol-level timeline summary and diff, on raw draft dicts (cloud drafts included)."""

from typing import Any

from reelsmith.protocol import timeline

SEED: dict[str, Any] = {
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


def test_changes_name_what_the_summary_does_not_show() -> None:
    """A bigger title, new transitions, a black-and-white look and a fade: the summary lines are the same
    before and after, and `changes` still says what the edit did (it was empty)."""
    video = [{"name": "a", "d": 3000, "tr": {"name": "fade", "d": 700}}, {"name": "b", "d": 3000}]
    title = {"text": "Summer Sale", "role": "title", "d": 3000}
    before = {"t": [{"tt": 0, "sg": video}, {"tt": 7, "sg": [title]}], "d": 5300, "m": {"fps": 30}}
    after = {
        "t": [
            {"tt": 0, "sg": [{**video[0], "tr": {"name": "slideleft", "d": 700}}, video[1]]},
            {"tt": 7, "sg": [{**title, "style": {"size": 0.12}}]},
        ],
        "d": 5300,
        "m": {"fps": 30, "filter": "bw", "fade_out": 1000},
    }
    assert timeline.summary(before) == timeline.summary(after)
    assert timeline.changes(before, after) == [
        "look is now bw",
        "fade out is now 1s",
        "video: transitions changed",
        'Title "Summer Sale": style changed',
    ]
    assert timeline.changes(after, after) == []
    first = timeline.changes(None, after)  # a first build: its items, not its settings one by one
    assert first and not any(c.startswith(("look is now", "fade out is now", "video:")) for c in first), first
