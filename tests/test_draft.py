import copy
import json
from pathlib import Path

import pytest

from reelsmith.engine.model.draft import Draft, DraftError, json_schema, layout

ROOT = Path(__file__).resolve().parent.parent


def base() -> dict:
    return {
        "t": [
            {
                "tt": 0,
                "sg": [
                    {"src": "a.jpg", "name": "a", "d": 3000, "tr": {"name": "fade", "d": 500}},
                    {"src": "b.jpg", "name": "b", "d": 3000, "motion": {"type": "zoom_in"}},
                ],
            },
            {"tt": 1, "sg": [{"src": "m.wav", "d": 5500, "vol": 0.3}]},
            {"tt": 7, "sg": [{"text": "Hello", "st": 0, "d": 2000, "pos": "center"}]},
        ],
        "d": 5500,
        "m": {"title": "t", "width": 1920, "height": 1080, "fps": 30},
    }


def test_valid_draft_parses_and_types_segments():
    d = Draft.parse(base())
    assert [s.name for s in d.video()] == ["a", "b"]
    assert d.video()[1].motion.type == "zoom_in"
    assert d.audio()[0].vol == 0.3
    assert d.texts()[0].text == "Hello"
    assert d.ready


def test_unknown_keys_round_trip_unchanged():
    raw = base()
    raw["cloud_only"] = {"x": 1}
    raw["t"][0]["sg"][0]["fx"] = [{"kind": "glow"}]
    raw["t"].append({"tt": 42, "sg": [{"anything": True}]})  # unknown track type kept too
    raw["m"]["author"] = "someone"
    assert Draft.parse(copy.deepcopy(raw)).dump() == raw


def test_layout_overlaps_by_transition():
    d = Draft.parse(base())
    assert layout(d.video()) == [(0, 3000), (2500, 5500)]


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda r: r["t"][0]["sg"][1].update(d=-5), "track 1 (video) segment 2 ('b'): d:"),
        (lambda r: r["t"][0]["sg"][0]["tr"].update(name="spin"), "segment 1 ('a'): tr.name: unknown"),
        (lambda r: r["t"][2]["sg"][0].update(text="  "), "track 3 (text) segment 1: text: text is empty"),
        (lambda r: r["t"][2]["sg"][0].update(pos="middle"), "track 3 (text) segment 1 ('Hello'): pos:"),
        (lambda r: r["m"].update(fps=29), "draft field m.fps: fps 29"),
        (lambda r: r["m"].update(width=1081), "m.width: 1081 must be even"),
        (lambda r: r["t"][1]["sg"][0].update(vol="loud"), "track 2 (audio) segment 1 ('m.wav'): vol:"),
    ],
)
def test_errors_name_segment_and_field(mutate, expected):
    raw = base()
    mutate(raw)
    with pytest.raises(DraftError) as e:
        Draft.parse(raw)
    assert expected in str(e.value)
    assert "\n" not in str(e.value)  # one line


def test_empty_draft_is_not_ready():
    assert not Draft.parse({"t": [{"tt": 0, "sg": []}], "d": 0}).ready


def test_published_schema_is_current():
    published = json.loads((ROOT / "docs" / "draft.schema.json").read_text())
    assert published == json_schema(), "run: python -m reelsmith.engine.model.schema > docs/draft.schema.json"
    assert published["properties"]["m"]
    assert "VideoSegment" in published["$defs"] and "TextSegment" in published["$defs"]


def old_flat_draft() -> dict:
    """A draft as the editor saved it before its notes moved under `ed`: flat keys on the segments."""
    raw = base()
    video, audio, text = (t["sg"] for t in raw["t"])
    video[0].update(id="v1", kind="video", src_d=6000)
    video[1].update(id="card1", logo_card=True)
    audio[0].update(mood="calm", made_for=5500, full=True)
    text[0].update(role="caption", at="v1", hold=1500)
    return raw


def test_old_flat_editor_keys_load_into_the_namespace_and_round_trip():
    d = Draft.parse(old_flat_draft())
    clip, card = d.video()
    (music,), (caption,) = d.audio(), d.texts()
    assert (clip.ed.src_d, clip.ed.logo_card, card.ed.logo_card) == (6000, False, True)
    assert (music.ed.mood, music.ed.made_for, music.ed.full) == ("calm", 5500, True)
    assert (caption.ed.at, caption.ed.hold) == ("v1", 1500)
    flat = {"src_d", "logo_card", "mood", "made_for", "full", "at", "hold"}
    for seg in (clip, card, music, caption):
        dumped = seg.dump()
        assert not flat & set(dumped) and not flat & set(seg.model_extra or {})  # moved, not copied
        again = type(seg).model_validate(json.loads(json.dumps(dumped)))
        assert again == seg and again.dump() == dumped
    assert clip.dump()["ed"] == {"src_d": 6000}  # only what was set: no defaults invented


def test_the_editor_reads_and_edits_an_old_flat_draft():
    from reelsmith.engine.edit.work import Context, OpError, Work

    w = Work(old_flat_draft(), Context())
    assert w.video[1].ed.logo_card and w.texts()[0].ed.at == "v1"
    w.fit_length(8000)
    w.settle()
    assert w.total == 8000 and w.video[1].d == 3000  # the logo card keeps its length; the clip takes the rest
    with pytest.raises(OpError, match="clips run 6.0s"):  # and the clip's source length (src_d) still caps it
        w.fit_length(12000)
    saved = w.check().dump()
    assert not any({"src_d", "logo_card", "at", "hold", "mood"} & set(s) for t in saved["t"] for s in t["sg"])
    again = Work(saved, Context())
    assert again.dump() == saved and again.texts()[0].ed.hold == 1500 and again.audio()[0].ed.mood == "calm"
