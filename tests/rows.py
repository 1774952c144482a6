"""The request tables' harness: the files a row starts from, a conversation run through the engine's
real turn (planner, operations, SQLite store, generated music) exactly as /run_sse does, and the check
of a row against what the person would see in the video: length, shape, order, text and its timing,
music, transitions, framing; that nothing else changed, and that the reply says every change.
The tables are the test_requests_*.py files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reelsmith.engine.edit.turn import Turn
from reelsmith.engine.media import music
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.store import Store

PHOTOS = [
    ("01-astronaut.jpg", "image", 4000, 3000, 0.0),
    ("02-coffee.jpg", "image", 3000, 4000, 0.0),
    ("03-cat.jpg", "image", 4000, 3000, 0.0),
    ("04-rocket.jpg", "image", 4000, 3000, 0.0),
    ("05-deep-field.jpg", "image", 4000, 3000, 0.0),
]
LOGO = [("logo.png", "image", 600, 600, 0.0)]
CLIPS = [
    ("beach.mp4", "video", 1920, 1080, 6.0),
    ("01-astronaut.jpg", "image", 4000, 3000, 0.0),
    ("surf.mp4", "video", 1920, 1080, 5.0),
    ("03-cat.jpg", "image", 4000, 3000, 0.0),
]
SONG = [("summer-song.mp3", "audio", 0, 0, 40.0)]
PHONE = [  # what phones and cameras name photos: never text on screen
    ("IMG_1234.jpg", "image", 4000, 3000, 0.0),
    ("PXL_20240612_101010.jpg", "image", 4000, 3000, 0.0),
    ("DSC01234.jpg", "image", 4000, 3000, 0.0),
]
SETS = {
    "photos": PHOTOS,
    "promo": PHOTOS + LOGO,
    "clips": CLIPS,
    "clips only": [CLIPS[0], CLIPS[2]],
    "song": PHOTOS[:3] + SONG,
    "phone": PHONE,
}

PROMO_SEED = "turn these images into a 30-second promo video with music and text overlays"
SLIDESHOW_SEED = "turn my photos into a slideshow video with music and transitions"


REAL_MAKE_TRACK = music.make_track
Row = tuple[str, str, list[str], dict[str, Any]]

# What the person would see, read off a stored draft. A row's last request may change only the facts its
# expectations name (or the ones they bring with them, ALSO), and its reply must mention each change
# (SAYS): so every row checks the whole draft, not just what it asks about.
# the words a reply uses for a change to any text on screen
TEXT_WORDS = ("title", "caption", "call to action", "标题", "字幕", "removed", "电话", "已删除", "文字", "号召语")
SAYS: dict[str, tuple[str, ...]] = {
    "secs": ("length", "时长", "made a", "已用", "photos re-timed", "照片时长"),
    "size": ("canvas", "画面"),
    "fps": ("fps", "帧率"),
    "order": ("order", "removed", "kept", "顺序", "删除", "保留"),
    "item_secs": ("shows for", "显示", "length", "时长", "slower", "faster", "re-timed", "transitions", "转场", "节拍"),
    "texts": (*TEXT_WORDS, "text"),
    "text_pos": (*TEXT_WORDS, "结尾"),
    "text_look": (*TEXT_WORDS, "结尾", "text"),  # "text in serif": every text on screen
    "music": ("music", "音乐", "song"),
    "volume": ("%", "音量", "music", "音乐"),
    "music_fades": ("fades", "淡", "music", "音乐"),
    "duck": ("dips", "level", "压低", "music", "音乐"),
    "trans": ("transitions", "hard cuts", "转场", "removed", "kept", "删除", "保留"),
    "trans_ms": ("transitions", "转场", "each", "slower", "faster", "放慢", "加快", "removed", "kept", "删除", "保留"),
    "motion": ("motion", "动态", "removed", "kept", "删除", "保留"),
    "filter": ("look", "colours", "滤镜"),
    "item_filters": ("look on", "滤镜", "removed", "kept", "删除", "保留"),
    "logo": ("logo", "标志"),
    "fades": ("fade", "淡"),
    "clip": ("speed", "muted", "trimmed", "速度", "静音", "截取", "倍", "removed", "kept", "删除", "保留"),
    "framing": (
        "whole photo",
        "whole clip",
        "whole picture",
        "crop",
        "canvas",
        "画面",
        "完整",
        "裁切",
        "removed",
        "kept",
        "删除",
        "保留",
    ),
}
# expectation keys and the facts they may change
ALSO: dict[str, tuple[str, ...]] = {
    "secs": ("secs", "item_secs", "trans_ms"),
    "item_secs": ("item_secs", "secs"),
    "each": ("item_secs", "secs"),
    "size": ("size", "framing"),  # a new shape fits each photo again (whole or cropped)
    "fps": ("fps",),
    "order": ("order", "item_secs", "secs", "texts", "text_pos", "item_filters", "motion", "trans", "clip", "framing"),
    "n": (
        *("order", "item_secs", "secs", "texts", "text_pos", "item_filters", "motion", "trans", "trans_ms", "clip"),
        "framing",
    ),
    "framing": ("framing",),
    "text": ("texts", "text_pos", "text_look"),
    "titles": ("texts", "text_pos", "text_look"),
    "captions": ("texts", "text_pos", "text_look"),
    "caption_on": ("texts", "text_pos", "text_look"),
    "pos": ("text_pos",),
    "text_look": ("text_look",),
    "font": ("text_look",),
    "music": ("music", "volume", "music_fades", "duck", "item_secs"),  # new music: cuts move to its beat
    "volume": ("volume",),
    "duck": ("duck", "volume"),
    "fade_out": ("music_fades",),
    "fades": ("fades", "texts"),
    "trans": ("trans", "trans_ms", "item_secs", "secs"),
    "trans_ms": ("trans_ms", "item_secs", "secs"),
    "motion": ("motion",),
    "filter": ("filter", "item_filters"),
    "item_filter": ("item_filters",),
    "logo": ("logo", "order", "item_secs", "secs", "trans", "trans_ms"),
    "logo_size": ("logo",),
    "card_secs": ("item_secs",),
    "speed": ("clip", "item_secs", "secs"),
    "mute": ("clip",),
    "in": ("clip", "item_secs", "secs"),
    "style": ("music", "volume", "trans", "trans_ms", "filter", "motion", "fades", "item_secs", "secs", "text_look"),
}
EXPECTS = set(ALSO) | {"reply", "no_reply", "same", "ask"}


def facts(d: dict[str, Any]) -> dict[str, Any]:
    if not d:
        return {}
    video, audio, texts = _track(d, 0), _track(d, 1), _track(d, 7)
    corner = _track(d, 2)
    cards = [s for s in video if _ed(s).get("logo_card")]
    items = [s for s in video if not _ed(s).get("logo_card")]
    m = d["m"]
    return {
        "secs": round(d["d"] / 100),
        "size": (m["width"], m["height"]),
        "fps": m.get("fps", 30),
        "order": tuple(s["name"] for s in items),
        "item_secs": tuple(round(s["d"] / 100) for s in video),
        # looks that belong to an item are keyed by it, so a new order alone does not change them
        "texts": sorted((x["role"], x["text"]) for x in texts),
        "text_pos": sorted((x["role"], x.get("pos")) for x in texts),
        "text_look": sorted((x["role"], str(x.get("style")), x.get("fi")) for x in texts),
        "music": [a["name"] for a in audio],
        "volume": [a.get("vol") for a in audio],
        "music_fades": [(a.get("fi"), a.get("fo")) for a in audio],
        "duck": [a.get("duck", True) for a in audio],  # lowered under the clips' own sound
        "trans": sorted({(s.get("tr") or {}).get("name") or "" for s in items[:-1]}),
        "trans_ms": sorted({(s.get("tr") or {}).get("d") or 0 for s in items[:-1]}),
        "motion": sorted((s["name"], (s.get("motion") or {}).get("type")) for s in items),
        "filter": m.get("filter", "none"),
        "item_filters": sorted((s["name"], s.get("filter", "none")) for s in items),
        "logo": (corner[0]["pos"], corner[0].get("size")) if corner else "card" if cards else None,
        "fades": (m.get("fade_in", 0), m.get("fade_out", 0)),
        "clip": sorted((s["name"], s.get("speed", 1), s.get("mute", False), s.get("in", 0)) for s in items),
        "framing": sorted((s["name"], s.get("fit", "cover"), s.get("focus", "auto")) for s in items),
    }


@pytest.fixture(scope="module")
def silent_music() -> Iterator[None]:
    """The table checks plans, not songs: generated tracks are silence of the right length here (the
    generator has its own tests, and test_generated_music_follows_the_length uses the real one)."""
    import wave

    def silence(mood: str, seconds: float, path: str | Path, seed: int = 7) -> Path:
        with wave.open(str(path), "wb") as w:
            w.setnchannels(2)
            w.setsampwidth(2)
            w.setframerate(music.SR)
            w.writeframes(bytes(4 * round(seconds * music.SR)))
        return Path(path)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(music, "make_track", silence)
        yield


def row_test(cases: list[Any]) -> Any:
    """A request table's test: one row each, checked by `check_row` (each table module says
    `test_request = row_test(CASES)`)."""

    @pytest.mark.parametrize("name,files,requests,exp", cases, ids=[c[0] for c in cases])
    def test_request(
        engine_parts: tuple[Store, BlobStore], name: str, files: str, requests: list[str], exp: dict[str, Any]
    ) -> None:
        check_row(engine_parts, name, files, requests, exp)

    return test_request


@pytest.fixture(scope="module")
def engine_parts(tmp_path_factory: pytest.TempPathFactory, silent_music: None) -> tuple[Store, BlobStore]:
    d = tmp_path_factory.mktemp("planner")  # one store for the module: generated music is cached across rows
    return Store(d / "engine.sqlite3"), BlobStore(d / "files")


def converse(
    parts: tuple[Store, BlobStore], name: str, files: list[tuple[str, str, int, int, float]], requests: list[str]
) -> tuple[dict[str, Any], list[str], list[int]]:
    store, blobs = parts
    sid = f"s-{abs(hash(name))}"
    store.add_session(sid, "u1", "t1", "project", "en")
    for i, (fname, kind, w, h, dur) in enumerate(files):
        store.add_upload(
            sid,
            fname,
            kind,
            f"{i:064x}",
            1000,
            {"file_type": kind, "width": w, "height": h, "duration": dur, "has_audio": kind == "video"},
        )
    replies, versions = [], []
    for text in requests:
        out = Turn(store, blobs, sid).run(text)
        replies.append(out.text)
        versions.append(store.draft(sid)[0])
    return store.draft(sid)[1] or {}, replies, versions


def _track(d: dict[str, Any], tt: int) -> list[dict[str, Any]]:
    return [s for t in d.get("t", []) if t["tt"] == tt for s in t["sg"]]


def _ed(seg: dict[str, Any]) -> dict[str, Any]:
    """The editor's own notes on a stored segment (the `ed` namespace)."""
    return seg.get("ed", {})


def _names(d: dict[str, Any]) -> list[str]:
    return [s["name"] for s in _track(d, 0) if not _ed(s).get("logo_card")]


def check_row(parts: tuple[Store, BlobStore], name: str, files: str, requests: list[str], exp: dict[str, Any]) -> None:
    """Run a row and check it: what it expects, that nothing else in the draft changed, that the reply
    mentions every change, that no file name became text, and that no part went unanswered."""
    assert set(exp) <= EXPECTS, set(exp) - EXPECTS
    store, _ = parts
    d, replies, versions = converse(parts, name, SETS[files], requests)
    sid = f"s-{abs(hash(name))}"
    before = store.draft(sid, versions[-2])[1] if len(versions) > 1 and versions[-2] else {}
    last = replies[-1]
    if exp.get("same") or exp.get("ask"):
        assert versions[-1] == (versions[-2] if len(versions) > 1 else 0), "this request must change nothing"
    if exp.get("ask"):
        assert "?" in last or "？" in last, last
    wanted = exp.get("reply", ())
    wanted = (wanted,) if isinstance(wanted, str) else wanted
    for want in wanted:
        assert want in last, (want, last)
    unwanted = exp.get("no_reply", ())
    for bad in (unwanted,) if isinstance(unwanted, str) else unwanted:
        assert bad not in last, (bad, last)
    if not any("understand" in x or "理解" in x for x in wanted):  # every part of the request was read
        assert "didn't understand" not in last and "没有理解" not in last, last
    # every change is one the row expects, and the reply says so
    if before and versions[-1] != versions[-2]:
        allowed = {f for k in exp for f in ALSO.get(k, ())}
        new, old = facts(d), facts(before)
        for fact, value in new.items():
            if value != old[fact]:
                assert fact in allowed, f"{fact} changed unasked: {old[fact]} → {value}"
                undone = last.startswith(("Undone", "已撤销"))  # undo restores a version: it names no change
                assert undone or any(x in last for x in SAYS[fact]), f"{fact} changed, the reply does not say: {last}"
    # never a file name on screen
    stems = {Path(f[0]).stem.split("-", 1)[-1].replace("-", " ").lower() for f in SETS[files]}
    assert not any(x["text"].lower() in stems for x in _track(d, 7)), [x["text"] for x in _track(d, 7)]
    if not d:
        return
    video, audio, texts = _track(d, 0), _track(d, 1), _track(d, 7)
    if "secs" in exp:
        assert d["d"] / 1000 == pytest.approx(exp["secs"], abs=0.06)
    if "size" in exp:
        assert (d["m"]["width"], d["m"]["height"]) == exp["size"]
    if "n" in exp:
        assert len(video) == exp["n"]
    if "order" in exp:
        assert _names(d) == exp["order"]
    if "item_secs" in exp:
        i, secs = exp["item_secs"]
        assert video[i - 1]["d"] / 1000 == pytest.approx(secs, abs=0.06)
    for role, (text, st, end) in exp.get("text", {}).items():
        hit = [x for x in texts if x["role"] == role]
        assert hit and hit[0]["text"] == text
        assert (hit[0]["st"] / 1000, (hit[0]["st"] + hit[0]["d"]) / 1000) == pytest.approx((st, end), abs=0.06)
    for role, pos in exp.get("pos", {}).items():
        assert next(x for x in texts if x["role"] == role)["pos"] == pos
    if "titles" in exp:
        assert sum(x["role"] == "title" for x in texts) == exp["titles"]
    if "captions" in exp:
        caps = [x for x in texts if x["role"] == "caption"]
        assert len(caps) == exp["captions"]
        # each caption sits inside its photo's time alone on screen (its span less the transitions in and
        # out), so no two captions are ever visible at once
        from reelsmith.engine.model.draft import Draft, layout

        spans = layout(Draft.parse(d).video())
        alone = {
            seg["id"]: (s + (spans[i - 1][1] - s if i else 0), e - (e - spans[i + 1][0] if i + 1 < len(spans) else 0))
            for i, (seg, (s, e)) in enumerate(zip(video, spans, strict=True))
        }
        for c in caps:
            lo, hi = alone[_ed(c)["at"]]
            assert lo <= c["st"] < c["st"] + c["d"] <= hi, (c, lo, hi)
        ordered = sorted(caps, key=lambda c: c["st"])
        assert all(a["st"] + a["d"] <= b["st"] for a, b in zip(ordered, ordered[1:], strict=False))
    if "caption_on" in exp:  # (words, item), or a list of them
        on = exp["caption_on"]
        for text, item in on if isinstance(on, list) else [on]:
            cap = next(x for x in texts if x["text"] == text)
            assert _ed(cap)["at"] == video[item - 1]["id"], (text, item)
    if "music" in exp:
        if exp["music"] is None:
            assert not audio
        else:
            assert len(audio) == 1 and audio[0]["d"] == d["d"] and audio[0]["src"]
            if isinstance(exp["music"], str):
                assert audio[0]["name"] == exp["music"]
    if "volume" in exp:
        assert audio[0]["vol"] == pytest.approx(exp["volume"], abs=0.01)
    if "fade_out" in exp:
        assert audio[0]["fo"] == exp["fade_out"]
    if "duck" in exp:
        assert audio[0].get("duck", True) is exp["duck"]
    if "fades" in exp:
        assert (d["m"].get("fade_in", 0), d["m"].get("fade_out", 0)) == exp["fades"]
    joins = [s.get("tr") for s in video[:-1]]
    if exp.get("trans") is True:
        assert joins and all(joins)
    elif exp.get("trans") is False:
        assert not any(joins)
    elif exp.get("trans") == "mix":
        assert {j["name"] for j in joins if j} == {"fade", "smoothleft"}  # two kinds, one look
    elif "trans" in exp:
        assert {j["name"] for j in joins if j} == {exp["trans"]}
    if "trans_ms" in exp:
        assert {j["d"] for j in joins if j} == {exp["trans_ms"]}
    photos = [s for s in video if s["kind"] == "image" and not _ed(s).get("logo_card")]
    if exp.get("motion") is False:
        assert all(s["motion"]["type"] == "none" for s in photos)
    elif exp.get("motion") is True:
        assert all(s["motion"]["type"] != "none" for s in photos)
    elif "motion" in exp:
        assert {s["motion"]["type"] for s in photos} == {exp["motion"]}
    if "filter" in exp:
        assert d["m"].get("filter", "none") == exp["filter"]
    if "item_filter" in exp:
        i, look = exp["item_filter"]
        assert [s.get("filter", "none") for s in video] == [
            look if n == i else "none" for n in range(1, len(video) + 1)
        ]
    if "each" in exp:
        assert {s["d"] for s in photos} == {int(exp["each"] * 1000)}
    if "fps" in exp:
        assert d["m"]["fps"] == exp["fps"]
    if "logo_size" in exp:
        assert _track(d, 2)[0]["size"] == pytest.approx(exp["logo_size"], abs=0.002)
    for role, (key, value) in exp.get("text_look", {}).items():
        x = next(x for x in texts if x["role"] == role)
        got = x[key] if key in ("fi", "fo") else x["style"][key]
        assert got == (pytest.approx(value, abs=0.002) if isinstance(value, float) else value), (key, got)
    for role, font in exp.get("font", {}).items():  # the family each role is drawn in (sans when never set)
        assert {x["style"].get("font", "sans") for x in texts if x["role"] == role} == {font}, (role, texts)
    if "logo" in exp:
        corner = _track(d, 2)
        if exp["logo"] == "end":
            assert _ed(video[-1]).get("logo_card") and not corner
        else:
            assert corner and corner[0]["pos"] == exp["logo"]
    if "card_secs" in exp:
        assert video[-1]["d"] / 1000 == exp["card_secs"]
    if "speed" in exp:
        i, sp = exp["speed"]
        assert video[i - 1]["speed"] == sp
    if "mute" in exp:
        assert video[exp["mute"] - 1]["mute"] is True
    if "in" in exp:
        i, ms = exp["in"]
        assert video[i - 1]["in"] == ms
    if "framing" in exp:  # (item, None for every photo or "clips" for every clip, fit, focus)
        i, fit, focus = exp["framing"]
        clips = [s for s in video if s["kind"] == "video"]
        for seg in [video[i - 1]] if isinstance(i, int) else clips if i == "clips" else photos:
            assert (seg.get("fit", "cover"), seg.get("focus", "auto")) == (fit, focus), seg
        for seg in photos if i == "clips" else clips if i is None else []:  # the other kind is left alone
            assert (seg.get("fit", "cover"), seg.get("focus", "auto")) == ("cover", "auto"), seg
