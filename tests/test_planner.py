"""The editor, table-driven: requests (and short conversations) in, drafts checked.

Each row runs through the engine's real turn (planner, operations, SQLite store,
generated music) exactly as /run_sse does, then checks what the person would
see in the video: length, shape, order, text and its timing, music, transitions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reelsmith.engine.edit.turn import Turn
from reelsmith.engine.media import music
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.music_store import GeneratedMusic
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
SETS = {
    "photos": PHOTOS,
    "promo": PHOTOS + LOGO,
    "clips": CLIPS,
    "clips only": [CLIPS[0], CLIPS[2]],
    "song": PHOTOS[:3] + SONG,
}

PROMO_SEED = "turn these images into a 30-second promo video with music and text overlays"
SLIDESHOW_SEED = "turn my photos into a slideshow video with music and transitions"

CASES: list[tuple[str, str, list[str], dict[str, Any]]] = [
    # the seeds' examples
    (
        "seed promo",
        "promo",
        [PROMO_SEED],
        {"secs": 30, "size": (1920, 1080), "music": "upbeat", "trans": True, "captions": 5, "logo": "top_right"},
    ),
    ("seed slideshow", "photos", [SLIDESHOW_SEED], {"music": "calm", "trans": True, "n": 5, "motion": True}),
    (
        "seed 1080p mp4",
        "promo",
        ["create five product images and a logo file into a 1080p MP4"],
        {"size": (1920, 1080), "n": 5, "logo": "top_right"},
    ),
    ("seed slideshow short", "photos", ["turn my photos into a slideshow"], {"n": 5, "trans": True}),
    # lengths, in words and digits
    ("30s", "photos", ["make a video, 30s"], {"secs": 30}),
    ("thirty seconds", "photos", ["a slideshow of thirty seconds"], {"secs": 30}),
    ("half a minute", "photos", ["make a slideshow video half a minute long"], {"secs": 30}),
    ("1:30", "photos", ["make a slideshow video 1:30 long"], {"secs": 90}),
    ("forty-five", "photos", [SLIDESHOW_SEED, "make it forty-five seconds"], {"secs": 45}),
    ("a minute and a half", "photos", [SLIDESHOW_SEED, "a minute and a half please"], {"secs": 90}),
    ("2 minutes", "photos", [SLIDESHOW_SEED, "make it 2 minutes"], {"secs": 120}),
    ("15 sec", "photos", [SLIDESHOW_SEED, "15 sec"], {"secs": 15}),
    (
        "'as' is not a second",
        "photos",
        ["make a slideshow video, 20 seconds", "show it as a square"],
        {"secs": 20, "size": (1080, 1080)},
    ),
    ("shorter", "photos", ["make a slideshow video, 20 seconds", "shorter"], {"secs": 14}),
    # shape and platform
    ("9:16 is a shape", "photos", [SLIDESHOW_SEED, "can you make it 9:16"], {"size": (1080, 1920), "secs": 14.7}),
    ("9:16 and a length", "photos", ["vertical 9:16 video for Reels, 20 seconds"], {"size": (1080, 1920), "secs": 20}),
    ("N second video", "photos", ["make a 30 second video with captions"], {"secs": 30, "captions": 5}),
    ("N-second video", "photos", ["a 5-second video of these photos"], {"secs": 5}),
    ("vertical", "photos", [SLIDESHOW_SEED, "make it vertical"], {"size": (1080, 1920)}),
    ("reels", "photos", [SLIDESHOW_SEED, "vertical for Reels"], {"size": (1080, 1920)}),
    ("tiktok", "photos", ["make a 15 second tiktok video"], {"size": (1080, 1920), "secs": 15}),
    ("square", "photos", [SLIDESHOW_SEED, "square please"], {"size": (1080, 1080)}),
    ("insta portrait", "photos", [SLIDESHOW_SEED, "for instagram portrait"], {"size": (1080, 1350)}),
    ("720p", "photos", [SLIDESHOW_SEED, "720p"], {"size": (1280, 720)}),
    ("youtube after vertical", "photos", [SLIDESHOW_SEED, "vertical", "back to youtube"], {"size": (1920, 1080)}),
    # pace and per-item timing
    ("slower", "photos", ["make a slideshow video, 20 seconds", "slower"], {"secs": 28}),
    ("faster", "photos", ["make a slideshow video, 20 seconds", "faster"], {"secs": 14}),
    ("hold one", "photos", [SLIDESHOW_SEED, "show the third photo for 6 seconds"], {"item_secs": (3, 6.0)}),
    ("last longer", "photos", [SLIDESHOW_SEED, "make the last photo longer"], {"item_secs": (5, 5.6)}),
    # order
    (
        "remove second",
        "photos",
        [SLIDESHOW_SEED, "remove the second photo"],
        {"order": ["01-astronaut", "03-cat", "04-rocket", "05-deep-field"]},
    ),
    (
        "remove by name",
        "photos",
        [SLIDESHOW_SEED, "delete the cat"],
        {"order": ["01-astronaut", "02-coffee", "04-rocket", "05-deep-field"]},
    ),
    (
        "move to end",
        "photos",
        [SLIDESHOW_SEED, "move the first photo to the end"],
        {"order": ["02-coffee", "03-cat", "04-rocket", "05-deep-field", "01-astronaut"]},
    ),
    (
        "swap",
        "photos",
        [SLIDESHOW_SEED, "swap the first and second photos"],
        {"order": ["02-coffee", "01-astronaut", "03-cat", "04-rocket", "05-deep-field"]},
    ),
    (
        "put first",
        "photos",
        [SLIDESHOW_SEED, "put the rocket first"],
        {"order": ["04-rocket", "01-astronaut", "02-coffee", "03-cat", "05-deep-field"]},
    ),
    (
        "reverse",
        "photos",
        [SLIDESHOW_SEED, "reverse the order"],
        {"order": ["05-deep-field", "04-rocket", "03-cat", "02-coffee", "01-astronaut"]},
    ),
    # text
    ("title quoted", "photos", [SLIDESHOW_SEED, 'title "Summer Sale"'], {"text": {"title": ("Summer Sale", 0, 3.5)}}),
    ("title says", "photos", [PROMO_SEED, "title says Summer Sale"], {"text": {"title": ("Summer Sale", 0, 3.5)}}),
    (
        "title replaced",
        "photos",
        [SLIDESHOW_SEED, "title 'Hello'", "change the title to 'Goodbye'"],
        {"text": {"title": ("Goodbye", 0, 3.5)}, "titles": 1},
    ),
    (
        "title top",
        "photos",
        [SLIDESHOW_SEED, "title 'Hello'", "move the title to the top"],
        {"text": {"title": ("Hello", 0, 3.5)}, "pos": {"title": "top"}},
    ),
    ("cta", "promo", [PROMO_SEED, "end with 'Shop now'"], {"text": {"cta": ("Shop now", 27, 30)}}),
    (
        "caption one",
        "photos",
        [SLIDESHOW_SEED, "caption the second photo 'Best coffee'"],
        {"caption_on": ("Best coffee", 2)},
    ),
    ("captions quoted", "photos", [SLIDESHOW_SEED, "captions 'One', 'Two', 'Three'"], {"captions": 3}),
    (
        "title timing",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "keep the title for the first 6 seconds"],
        {"text": {"title": ("Hi", 0, 6)}},
    ),
    (
        "title at end",
        "photos",
        ["make a slideshow video, 20 seconds", "title 'Bye'", "put the title at the end"],
        {"text": {"title": ("Bye", 16.5, 20)}},
    ),
    ("remove title", "photos", [SLIDESHOW_SEED, "title 'X'", "remove the title"], {"titles": 0}),
    ("remove captions", "promo", [PROMO_SEED, "remove the captions"], {"captions": 0}),
    (
        "title after slower",
        "photos",
        ["make a slideshow video, 20 seconds", "title 'Hi'", "slower"],
        {"text": {"title": ("Hi", 0, 3.5)}, "secs": 28},
    ),
    # music
    ("no music", "photos", ["make a slideshow without music"], {"music": None}),
    ("remove music", "photos", [SLIDESHOW_SEED, "remove the music"], {"music": None}),
    ("music volume", "photos", [SLIDESHOW_SEED, "music at 40%"], {"volume": 0.4}),
    ("calm music", "photos", [PROMO_SEED, "calm music instead"], {"music": "calm"}),
    ("quieter", "photos", [SLIDESHOW_SEED, "make the music quieter"], {"volume": 0.36}),
    ("fade out", "photos", [SLIDESHOW_SEED, "fade out the music over 4 seconds"], {"fade_out": 4000}),
    ("uploaded song", "song", [SLIDESHOW_SEED], {"music": "summer-song"}),
    ("epic", "photos", [SLIDESHOW_SEED, "something more epic"], {"music": "cinematic"}),
    # transitions, motion, colour, logo
    ("no transitions", "photos", [SLIDESHOW_SEED, "no transitions"], {"trans": False}),
    # the video's own fades from and to black (new videos get 400 ms in, 800 ms out)
    ("no fade", "photos", [SLIDESHOW_SEED, "no fade"], {"fades": (0, 0), "trans": True}),
    ("no fade at the end", "photos", [SLIDESHOW_SEED, "no fade at the end"], {"fades": (400, 0)}),
    (
        "fade to black",
        "photos",
        [SLIDESHOW_SEED, "no fades", "fade to black at the end over 2 seconds"],
        {"fades": (0, 2000), "secs": 14.7},  # "2 seconds" is the fade's, not the length
    ),
    (
        "through black",
        "photos",
        [SLIDESHOW_SEED, "fade between photos through black"],
        {"trans": "fadeblack", "fades": (400, 800)},
    ),
    (
        "music fade is not the video's",
        "photos",
        [SLIDESHOW_SEED, "fade out the music over 4 seconds"],
        {"fade_out": 4000, "fades": (400, 800)},
    ),
    ("zh no fades", "photos", [SLIDESHOW_SEED, "不要淡入淡出"], {"fades": (0, 0), "trans": True}),
    ("dissolve", "photos", [SLIDESHOW_SEED, "use dissolve transitions"], {"trans": "dissolve"}),
    ("mixed", "photos", [SLIDESHOW_SEED, "random transitions"], {"trans": "mix"}),
    ("longer transitions", "photos", [SLIDESHOW_SEED, "transitions 1.5 seconds"], {"trans_ms": 1500}),
    ("no ken burns", "photos", [SLIDESHOW_SEED, "no ken burns"], {"motion": False}),
    ("zoom in", "photos", [SLIDESHOW_SEED, "no ken burns", "zoom in"], {"motion": "zoom_in"}),
    ("bw", "photos", [SLIDESHOW_SEED, "black and white"], {"filter": "bw"}),
    ("warm", "photos", [SLIDESHOW_SEED, "warmer look"], {"filter": "warm"}),
    ("logo end", "promo", [PROMO_SEED, "logo at the end"], {"logo": "end", "secs": 30}),  # the 30 s asked for
    (
        "logo card keeps its length",
        "promo",
        [PROMO_SEED, "logo at the end", "make it 20 seconds"],
        {"logo": "end", "secs": 20, "card_secs": 2.5},
    ),
    ("logo corner", "promo", [PROMO_SEED, "logo in the bottom left"], {"logo": "bottom_left"}),
    # clips
    ("clips build", "clips", ["make a montage"], {"n": 4, "music": True}),
    ("slow motion", "clips", ["make a montage", "slow motion on the first clip"], {"speed": (1, 0.5)}),
    ("mute", "clips", ["make a montage", "mute the second clip"], {"mute": 3}),
    ("trim", "clips", ["make a montage", "trim the first clip to 1-3s"], {"item_secs": (1, 2.0), "in": (1, 1000)}),
    # multi-step conversations
    (
        "promo then refine",
        "promo",
        [PROMO_SEED, "make it vertical", "slower", "title says Summer Sale"],
        {"size": (1080, 1920), "secs": 42, "text": {"title": ("Summer Sale", 0, 3.5)}},
    ),
    ("refine then undo", "photos", [SLIDESHOW_SEED, "make it vertical", "undo"], {"size": (1920, 1080)}),
    # Chinese
    (
        "zh promo",
        "promo",
        ["把这些图片做成30秒的宣传视频，配上音乐和文字"],
        {"secs": 30, "music": "upbeat", "captions": 5},
    ),
    ("zh slideshow", "photos", ["把我的照片做成带音乐和转场的幻灯片"], {"trans": True, "music": "calm"}),
    ("zh vertical", "photos", [SLIDESHOW_SEED, "做成竖屏"], {"size": (1080, 1920)}),
    ("zh slower", "photos", ["make a slideshow video, 20 seconds", "慢一点"], {"secs": 28}),
    ("zh title", "photos", [SLIDESHOW_SEED, "标题改成「夏季促销」"], {"text": {"title": ("夏季促销", 0, 3.5)}}),
    ("zh no music", "photos", [SLIDESHOW_SEED, "去掉音乐"], {"music": None}),
    (
        "zh remove second",
        "photos",
        [SLIDESHOW_SEED, "删除第二张照片"],
        {"order": ["01-astronaut", "03-cat", "04-rocket", "05-deep-field"]},
    ),
    ("zh bw", "photos", [SLIDESHOW_SEED, "换成黑白"], {"filter": "bw"}),
    ("zh volume", "photos", [SLIDESHOW_SEED, "音乐音量调到50%"], {"volume": 0.5}),
    ("zh no transitions", "photos", [SLIDESHOW_SEED, "不要转场"], {"trans": False}),
    ("zh thirty", "photos", [SLIDESHOW_SEED, "改成三十秒"], {"secs": 30}),
    ("zh half minute", "photos", [SLIDESHOW_SEED, "半分钟"], {"secs": 30}),
    (
        "zh last first",
        "photos",
        [SLIDESHOW_SEED, "把最后一张移到最前面"],
        {"order": ["05-deep-field", "01-astronaut", "02-coffee", "03-cat", "04-rocket"]},
    ),
    ("zh logo end", "promo", [PROMO_SEED, "加上片尾标志"], {"logo": "end"}),
    ("zh undo", "photos", [SLIDESHOW_SEED, "做成竖屏", "撤销"], {"size": (1920, 1080)}),
    # things we cannot do: a helpful answer and no change
    ("vague", "photos", [SLIDESHOW_SEED, "make it look better"], {"same": True, "reply": "slower"}),
    (
        "voice-over",
        "photos",
        [SLIDESHOW_SEED, "add a voiceover reading the captions"],
        {"same": True, "reply": "voice-over"},
    ),
    ("no such photo", "photos", [SLIDESHOW_SEED, "remove the 9th photo"], {"same": True, "reply": "5 photos"}),
    ("speed without clips", "photos", [SLIDESHOW_SEED, "slow motion"], {"same": True, "reply": "slower"}),
    ("logo without logo", "photos", [SLIDESHOW_SEED, "logo at the end"], {"same": True, "reply": "upload"}),
    ("zh unsupported", "photos", [SLIDESHOW_SEED, "帮我配音"], {"same": True, "reply": "配音"}),
    ("clips too short", "clips only", ["make a montage", "make it 30 seconds"], {"same": True, "reply": "clips run"}),
]

REAL_MAKE_TRACK = music.make_track

# What a row may expect; each key is checked in test_request (test_expectations_are_known keeps both honest).
EXPECTS = {
    "caption_on",
    "captions",
    "card_secs",
    "fade_out",
    "fades",
    "filter",
    "in",
    "item_secs",
    "logo",
    "motion",
    "music",
    "mute",
    "n",
    "order",
    "pos",
    "reply",
    "same",
    "secs",
    "size",
    "speed",
    "text",
    "titles",
    "trans",
    "trans_ms",
    "volume",
}


def test_expectations_are_known() -> None:
    """A misspelt key ("caption" for "captions") would silently check nothing."""
    import inspect
    import re

    checked = set(
        re.findall(r'"([a-z_]+)" in exp|exp\["([a-z_]+)"\]|exp\.get\("([a-z_]+)"', inspect.getsource(test_request))
    )
    assert {k for group in checked for k in group if k} == EXPECTS
    for name, _, _, exp in CASES:
        assert set(exp) <= EXPECTS, (name, set(exp) - EXPECTS)


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


@pytest.mark.parametrize("name,files,requests,exp", CASES, ids=[c[0] for c in CASES])
def test_request(
    engine_parts: tuple[Store, BlobStore], name: str, files: str, requests: list[str], exp: dict[str, Any]
) -> None:
    d, replies, versions = converse(engine_parts, name, SETS[files], requests)
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
    if "caption_on" in exp:
        text, item = exp["caption_on"]
        cap = next(x for x in texts if x["text"] == text)
        assert _ed(cap)["at"] == video[item - 1]["id"]
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
    if "fades" in exp:
        assert (d["m"].get("fade_in", 0), d["m"].get("fade_out", 0)) == exp["fades"]
    joins = [s.get("tr") for s in video[:-1]]
    if exp.get("trans") is True:
        assert joins and all(joins)
    elif exp.get("trans") is False:
        assert not any(joins)
    elif exp.get("trans") == "mix":
        assert len({j["name"] for j in joins if j}) >= 3
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
        assert d["m"]["filter"] == exp["filter"]
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
    if exp.get("same"):
        assert versions[-1] == versions[-2], "an unsupported request must not change the draft"
    if "reply" in exp:
        assert exp["reply"] in replies[-1]


def test_table_is_big_enough() -> None:
    zh = [c for c in CASES if any("\u4e00" <= ch <= "\u9fff" for r in c[2] for ch in r)]
    assert len(CASES) >= 60 and len(zh) >= 12
    assert sum(len(c[2]) >= 3 for c in CASES) >= 4  # multi-step conversations


def test_reply_says_what_changed_in_the_users_language(engine_parts: tuple[Store, BlobStore]) -> None:
    _, replies, _ = converse(engine_parts, "reply-lang", PHOTOS, [SLIDESHOW_SEED, "做成竖屏", "make it 20 seconds"])
    assert replies[0].startswith("Done: made a") and "Timeline (" in replies[0]
    assert replies[1].startswith("完成：画面 1080x1920")
    assert "length" in replies[2] and "→ 20s" in replies[2]


def test_generated_music_follows_the_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(music, "make_track", REAL_MAKE_TRACK)  # the real generator, even after the table ran
    parts = Store(tmp_path / "engine.sqlite3"), BlobStore(tmp_path / "files")
    store, blobs = parts
    d, _, _ = converse(parts, "music-len", PHOTOS, ["make a slideshow video, 20 seconds", "make it 12 seconds"])
    a = _track(d, 1)[0]
    assert _ed(a)["made_for"] == 12000 == a["d"] and _ed(a)["mood"] == "calm"
    sha = a["src"].split("/")[2]
    assert not blobs.has(sha)  # named by the edit, made when first read
    assert GeneratedMusic(store, blobs, 1 << 30).ensure(sha) and blobs.has(sha)
    import wave

    with wave.open(str(blobs.path(sha))) as f:
        assert f.getnframes() / f.getframerate() == pytest.approx(12.0, abs=0.05)


def test_operations_are_named_after_their_tools() -> None:
    from typing import get_args

    from reelsmith.engine.edit import ops
    from reelsmith.engine.media.music import MOODS

    for name, cls in ops.OPS.items():
        assert cls.__name__ == "".join(part.title() for part in name.split("_")), name
    assert get_args(ops.MoodName) == tuple(MOODS)  # the set_music tool offers exactly the moods the generator has


def test_a_failed_operation_leaves_the_draft_as_it_was() -> None:
    """Claude goes on after a tool error, so an operation that fails part way must change nothing."""
    from reelsmith.engine.edit import ops
    from reelsmith.engine.edit.work import Context, OpError, Work
    from reelsmith.engine.media.probe import MediaInfo

    w = Work(None, Context([MediaInfo(f"/files/{i}/p{i}.jpg", "image", 4000, 3000) for i in range(5)]))
    ops.apply(w, ops.Build())
    before = w.dump()
    with pytest.raises(OpError, match="greater than 0"):  # too short to share out: the last photo would be < 0 s
        ops.apply(w, ops.SetDuration(seconds=0.3))
    with pytest.raises(OpError, match="control characters"):
        ops.apply(w, ops.SetText(text="bad\x01text"))
    assert w.dump() == before
