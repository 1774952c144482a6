"""Cutting on the beat (edit/beat_sync.py): cuts measured in rendered videos against the music's beat
grid, the rules that shape them (length, shortest shot, clips, lengths the person set), the song's
best section, the beat cache, and the planner's on/off phrasings."""

from __future__ import annotations

import itertools
import wave
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from reelsmith.engine.edit import beat_sync, ops, planner
from reelsmith.engine.edit.work import TEXT_HOLD, Context, Work
from reelsmith.engine.media import beats, music
from reelsmith.engine.media.music_moods import MOODS
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.render.render import render
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.music_store import GeneratedMusic
from reelsmith.engine.storage.store import Store
from reelsmith.protocol.files import file_ref, sha_of

from .media import frames_rgb
from .rows import (  # noqa: F401  (fixtures are found by name)
    SLIDESHOW_SEED,
    Row,
    check_row,
    converse,
    engine_parts,
    silent_music,
)
from .test_beats import click_track

FPS = 30
FRAME = 1000 / FPS  # ms
COLOURS = [(220, 30, 30), (30, 200, 40), (40, 60, 230), (240, 220, 30), (200, 40, 220), (30, 210, 220)]


def solid_photos(d: Path, n: int) -> list[MediaInfo]:
    out = []
    for i in range(n):
        p = d / f"c{i}.png"
        Image.new("RGB", (320, 180), COLOURS[i]).save(p)
        out.append(MediaInfo(str(p), "image", 320, 180))
    return out


def write_wav(path: Path, x: np.ndarray, sr: int = 22050) -> Path:
    with wave.open(str(path), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(sr)
        f.writeframes((np.clip(x, -1, 1) * 32000).astype(np.int16).tobytes())
    return path


def cuts_ms(w: Work) -> list[float]:
    """Each join's time on the timeline: the cut, or the middle of its transition."""
    sp = w.spans()
    return [(sp[i][1] + sp[i + 1][0]) / 2 for i in range(len(sp) - 1)]


def measured_cuts(path: Path, n: int) -> list[float]:
    """Where the picture changes from colour i to colour i+1 (ms): for each join, the frame time at
    which the picture is half way from one colour to the next (interpolated between frames), which
    is the cut's first frame for a hard cut and the blend's middle for a transition."""
    frames = frames_rgb(path, 320, 180).reshape(-1, 320 * 180, 3).astype(np.float64)
    mean = frames[:, 4000:-4000].mean(axis=1)  # rows near the middle: clear of any fade's edges
    out: list[float] = []
    for i in range(n - 1):
        a, b = np.array(COLOURS[i], float), np.array(COLOURS[i + 1], float)
        alpha = (mean - a) @ (b - a) / ((b - a) @ (b - a))
        lo = out[-1] / FRAME if out else 0
        k = next(k for k in range(int(lo) + 1, len(alpha)) if alpha[k] >= 0.5 and alpha[k - 1] < 0.5)
        frac = (0.5 - alpha[k - 1]) / (alpha[k] - alpha[k - 1])
        hard = alpha[k] > 0.9 and alpha[k - 1] < 0.1
        out.append((k if hard else k - 1 + frac) * FRAME)
    return out


def off_grid(times: list[float], grid: list[float]) -> float:
    """The largest distance (ms) from a time to its nearest grid point."""
    g = np.array(grid)
    return float(max(np.abs(g - t).min() for t in times))


def built(tmp_path: Path, n: int, seconds: float, mood: str, transitions: str = "fade") -> Work:
    ctx = Context(
        solid_photos(tmp_path, n), lambda m, s: str(music.make_track(m, s, tmp_path / f"{m}-{round(s * 1000)}.wav"))
    )
    w = Work(None, ctx)
    for op in (
        ops.Build(seconds=seconds),
        ops.SetTransitions(style=transitions),
        ops.SetMusic(mood=mood),
    ):
        ops.apply(w, op)
    w.draft.m.width, w.draft.m.height, w.draft.m.fps = 320, 180, FPS
    w.make_music()
    return w


def rendered_cuts(w: Work, out: Path, resolve: Any = str) -> list[float]:
    res = render(w.check(), out, quality="draft", resolve=resolve)
    assert res.frames == round(w.total * FPS / 1000)  # the length asked for, to the frame
    return measured_cuts(res.path, len(w.video))


def test_upbeat_hard_cuts_land_on_beats(tmp_path: Path) -> None:
    w = built(tmp_path, 4, 6, "upbeat", "none")
    assert w.total == 6000
    period = 60000 / MOODS["upbeat"].bpm
    grid = [k * period for k in range(20)]
    got = rendered_cuts(w, tmp_path / "up.mp4")
    err = off_grid(got, grid)
    print(f"upbeat hard cuts {[round(c) for c in got]} ms, worst {err:.1f} ms off a beat")
    assert err <= FRAME
    assert len(set(np.round(np.array(got) / period).astype(int))) == 3  # three different beats
    assert min(np.diff([0, *got, 6000])) >= 1000 - FRAME  # every shot about 1 s at least


def test_calm_fades_land_on_bars(tmp_path: Path) -> None:
    w = built(tmp_path, 3, 10, "calm")
    bar = 4 * 60000 / MOODS["calm"].bpm  # 3.33 s: calm cuts on bars when the shots are that long
    got = rendered_cuts(w, tmp_path / "calm.mp4")
    err = off_grid(got, [k * bar for k in range(5)])
    print(f"calm fade midpoints {[round(c) for c in got]} ms, worst {err:.1f} ms off a bar")
    assert err <= FRAME and w.total == 10000


def test_a_songs_cuts_land_on_its_beats_and_its_phrase_ends_the_video(tmp_path: Path) -> None:
    # a 100 BPM click song, 44 s, louder after 28 s: the loudest section that ends on a phrase
    x, truth = click_track(100, 44)
    x[int(28 * 22050) :] *= 2.0
    song = write_wav(tmp_path / "song.wav", x)
    store, blobs = Store(tmp_path / "e.sqlite3"), BlobStore(tmp_path / "files")
    sha = blobs.add_file(song)
    gm = GeneratedMusic(store, blobs, 1 << 30)
    ref = file_ref(sha, "song.wav")
    ups = [*solid_photos(tmp_path, 4), MediaInfo(ref, "audio", 0, 0, duration=44.0)]
    w = Work(None, Context(ups, None, beats=gm.song_beats))
    ops.apply(w, ops.Build(seconds=8))
    w.draft.m.width, w.draft.m.height, w.draft.m.fps = 320, 180, FPS
    a = w.audio()[0]
    found = gm.song_beats(ref)
    assert found is not None and abs(found.tempo - 100) < 0.5
    bars = found.bars * 1000
    # the video ends on a phrase end (4 bars on from the first downbeat), in the loud part
    ends = bars[4::4]
    assert np.abs(ends - (a.src_in + w.total)).min() <= FRAME and a.src_in >= 28000
    got = rendered_cuts(w, tmp_path / "song.mp4", lambda r: str(blobs.path(sha)) if sha_of(r) else r)
    on_video = [t * 1000 - a.src_in for t in truth]  # the clicks as they play in the video
    err = off_grid(got, on_video)
    print(f"song fade midpoints {[round(c) for c in got]} ms (in {a.src_in} ms), worst {err:.1f} ms off a click")
    assert err <= FRAME


def test_song_beats_are_analysed_once_and_kept_by_hash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    x, _ = click_track(120, 12)
    song = write_wav(tmp_path / "s.wav", x)
    store, blobs = Store(tmp_path / "e.sqlite3"), BlobStore(tmp_path / "files")
    ref = file_ref(blobs.add_file(song), "s.wav")
    first = GeneratedMusic(store, blobs, 1 << 30).song_beats(ref)

    def never(path: object) -> beats.Beats:
        raise AssertionError("analysed again")

    monkeypatch.setattr(beats, "analyse_file", never)
    again = GeneratedMusic(Store(tmp_path / "e.sqlite3"), blobs, 1 << 30).song_beats(ref)  # a new process
    assert first is not None and again is not None
    assert again.tempo == first.tempo and np.allclose(again.beats, first.beats, atol=1e-4)
    assert np.array_equal(again.bars, np.round(first.bars, 4)) and again.duration == first.duration
    assert GeneratedMusic(store, blobs, 1 << 30).song_beats(file_ref("0" * 64, "gone.wav")) is None


# --- the rules, on drafts (no render) ---------------------------------------------------------------
def work(n: int = 5, mood: str | None = "upbeat", seconds: float | None = 20, clips: int = 0) -> Work:
    ups = [MediaInfo(f"/files/{i:064x}/p{i}.jpg", "image", 4000, 3000) for i in range(n)]
    ups += [MediaInfo(f"/files/{i + 50:064x}/c{i}.mp4", "video", 1920, 1080, duration=5.3) for i in range(clips)]
    w = Work(None, Context(ups, lambda m, s: f"/files/{'f' * 64}/{m}.wav"))
    ops.apply(w, ops.Build(seconds=seconds, music=mood is not None))
    if mood:
        ops.apply(w, ops.SetMusic(mood=mood))
    return w


def test_the_grid_is_the_moods_and_the_length_stays() -> None:
    for mood in MOODS:
        w = work(mood=mood, seconds=17)
        period = 60000 / MOODS[mood].bpm
        assert w.total == 17000
        assert off_grid(cuts_ms(w), [k * period for k in range(60)]) <= 1
        assert min(np.diff([0, *cuts_ms(w), 17000])) >= 1000


def test_dont_sync_leaves_the_even_spread_and_sync_is_kept_through_edits() -> None:
    w = work()
    synced = [s.d for s in w.video]
    assert len(set(synced)) > 1
    ops.apply(w, ops.SetBeatSync(on=False))
    assert {s.d for s in w.video} == {4560} and w.total == 20000 and w.meta.ed.beat_sync is False
    ops.apply(w, ops.SetDuration(seconds=12))
    again = Work(w.dump(), w.ctx)  # a later turn reads it back: still off
    ops.apply(again, ops.SetMusic(mood="calm"))
    assert len({s.d for s in again.video}) == 1 and again.dump()["m"]["ed"]["beat_sync"] is False
    ops.apply(again, ops.SetBeatSync(on=True))
    assert off_grid(cuts_ms(again), [k * 60000 / 72 for k in range(30)]) <= 1


def test_retiming_is_stable_and_follows_the_music() -> None:
    w = work(mood="calm")
    first = [s.d for s in w.video]
    w.settle()
    w.settle()
    assert [s.d for s in w.video] == first
    ops.apply(w, ops.SetMusic(mood="upbeat"))
    assert cuts_ms(w) == [4000, 8000, 12000, 16000]  # from the even spread, not from calm's bars


def test_a_length_the_person_set_is_kept() -> None:
    w = work()
    ops.apply(w, ops.SetItemDuration(item=2, seconds=5.3))
    assert w.video[1].d == 5300
    ops.apply(w, ops.SetText(role="title", text="Hi"))
    assert w.video[1].d == 5300


def test_clips_lose_at_most_a_beat_and_never_play_longer() -> None:
    w = work(n=2, clips=2, seconds=None, mood="calm")
    beat = 60000 / 72
    for s in w.video:
        if s.kind == "video":
            assert 5300 - beat <= s.d <= 5300
    assert off_grid(cuts_ms(w), [k * beat for k in range(40)]) <= 1


def test_old_drafts_read_and_only_a_change_is_written() -> None:
    w = work()
    assert "beat_sync" not in w.dump()["m"].get("ed", {})
    old = w.dump()
    old["m"].pop("ed", None)
    assert Work(old, w.ctx).meta.ed.beat_sync is True


def test_best_start_ends_on_a_phrase() -> None:
    bar = 2.4
    b = beats.Beats(100.0, np.arange(0.5, 60, 0.6), np.arange(0.5, 60, bar), np.zeros(120), 60.0)
    start = beat_sync.best_start(b, 15.0)
    end = start / 1000 + 15
    assert min(abs(end - (0.5 + bar * k)) for k in range(4, 25, 4)) < 0.002
    assert beat_sync.best_start(b, 70.0) == 0  # longer than the song: it loops from the start


def test_the_loop_crossfade_is_the_renderers() -> None:
    from reelsmith.engine.render import audio

    assert beat_sync.LOOP_CROSSFADE == audio.LOOP_CROSSFADE * 1000 and beat_sync.MAX_LOOPS == audio.MAX_LOOPS


def test_the_tool_is_offered() -> None:
    names = [t["name"] for t in ops.tool_schemas()]
    assert "set_beat_sync" in names


# --- the planner -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "on"),
    [
        ("don't sync to the music", False),
        ("do not sync the cuts to the beat", False),
        ("no beat sync", False),
        ("turn off beat sync", False),
        ("stop cutting on the beat", False),
        ("不要卡点", False),
        ("别卡点了", False),
        ("sync to the beat", True),
        ("cut on the beat", True),
        ("sync the photos with the music", True),
        ("beat sync please", True),
        ("卡点", True),
        ("照片跟着节拍切换", True),
    ],
)
def test_planner_reads_on_and_off(text: str, on: bool) -> None:
    w = work()
    p = planner.plan(text, w)
    assert [(o.name, o.args()) for o in p.ops] == [("set_beat_sync", {} if on else {"on": False})], p.ops
    assert not p.unread


CASES: list[Row] = [
    ("sync off", "photos", [SLIDESHOW_SEED, "don't sync to the music"], {"each": 3.5, "reply": "no longer follow"}),
    ("zh sync off", "photos", [SLIDESHOW_SEED, "不要卡点"], {"each": 3.5, "reply": "不再卡点"}),
    ("sync on already", "photos", [SLIDESHOW_SEED, "cut on the beat"], {"same": True, "reply": "on the beat"}),
    ("zh sync on already", "photos", [SLIDESHOW_SEED, "卡点"], {"same": True, "reply": "卡点"}),
    (
        "off is kept",
        "photos",
        [SLIDESHOW_SEED, "no beat sync", "make it 20 seconds", "upbeat music"],
        {"music": "upbeat", "reply": "upbeat"},
    ),
]


@pytest.mark.parametrize(("name", "files", "requests", "exp"), CASES, ids=[c[0] for c in CASES])
def test_request(
    engine_parts: tuple[Store, BlobStore],  # noqa: F811  (the fixture imported above)
    name: str,
    files: str,
    requests: list[str],
    exp: dict[str, Any],
) -> None:
    check_row(engine_parts, name, files, requests, exp)


def test_sync_back_on_in_a_conversation(engine_parts: tuple[Store, BlobStore]) -> None:  # noqa: F811
    from .rows import PHOTOS

    d, replies, _ = converse(engine_parts, "sync back", PHOTOS, [SLIDESHOW_SEED, "no beat sync", "sync to the beat"])
    assert "on the beat" in replies[-1] and "beat_sync" not in d["m"].get("ed", {})  # on: the default
    video = d["t"][0]["sg"]
    assert len({s["d"] for s in video}) > 1 and d["d"] == 14700


@pytest.mark.parametrize("mood", ["upbeat", "calm"])
def test_texts_come_in_on_the_beat(engine_parts: tuple[Store, BlobStore], mood: str) -> None:  # noqa: F811
    from .rows import PHOTOS

    asks = [SLIDESHOW_SEED, f"{mood} music", "captions 'One', 'Two', 'Three'", "end with 'Shop now'"]
    d, _, _ = converse(engine_parts, f"text beats {mood}", PHOTOS, asks)
    beat = 60000 / MOODS[mood].bpm
    texts = [x for t in d["t"] if t["tt"] == 7 for x in t["sg"]]
    assert len(texts) == 4
    for x in texts:  # the generated track starts on a beat at 0
        assert abs(x["st"] / beat - round(x["st"] / beat)) * beat <= 1, f"{x['text']} at {x['st']} ms"
    # and still inside their photo's time alone on screen, never two at once
    shown = sorted((x["st"], x["st"] + x["d"]) for x in texts)
    assert all(a[1] <= b[0] for a, b in zip(shown, shown[1:], strict=False))
    # without cuts on the beat, texts keep the even places (not every one on a beat)
    d2, _, _ = converse(engine_parts, f"text no beats {mood}", PHOTOS, [*asks, "don't sync to the music"])
    off = [x["st"] for t in d2["t"] if t["tt"] == 7 for x in t["sg"]]
    assert any(abs(s / beat - round(s / beat)) * beat > 1 for s in off)


SHOT_LENGTHS = list(itertools.product((1500, 2200, 3000), repeat=5))  # every mix of short and long photos


def closing(durs: tuple[int, ...], mood: str, captions: int) -> Work:
    """Five photos of `durs` ms with fades, `captions` captions on the first ones and a closing text,
    over generated music of `mood`, settled as an edit leaves them."""
    vid = [{"id": f"v{i}", "src": f"p{i}.jpg", "d": d, "tr": {"name": "fade", "d": 500}} for i, d in enumerate(durs)]
    texts = [
        {"id": f"c{i}", "text": f"C{i}", "role": "caption", "pos": "bottom", "ed": {"at": f"v{i}"}}
        for i in range(captions)
    ] + [{"id": "cta", "text": "Shop", "role": "cta", "pos": "bottom", "ed": {"at": "end"}}]
    music = [{"id": "a", "src": "m.wav", "d": 1000, "ed": {"mood": mood}}]
    w = Work(
        {
            "t": [{"tt": 0, "sg": vid}, {"tt": 1, "sg": music}, {"tt": 7, "sg": texts}],
            "d": 1000,
            "m": {"width": 320, "height": 180, "fps": 25},
        },
        Context(),
    )
    w.settle()
    return w


@pytest.mark.parametrize("mood", ["upbeat", "calm", "lofi", "corporate"])
def test_the_closing_text_comes_in_on_a_beat_but_never_earlier(mood: str) -> None:
    # earlier could reach into the last caption's time (a red-team find: 10 drafts in 972)
    beat = 60000 / MOODS[mood].bpm
    for durs in SHOT_LENGTHS:
        w = closing(durs, mood, 0)
        cta = w.texts()[0]
        usual = w.total - TEXT_HOLD["cta"]
        assert usual <= cta.st <= usual + beat and cta.st + cta.d == w.total, (durs, cta.st, usual)
        if round(usual / beat) * beat != usual:  # not already on a beat: moved onto the next one in reach
            assert cta.st == usual or abs(cta.st / beat - round(cta.st / beat)) * beat <= 1, (durs, cta.st)


@pytest.mark.parametrize("mood", ["upbeat", "calm"])
def test_the_closing_text_comes_in_alone(mood: str) -> None:
    # a 3 s closing text on a short last photo reached back over the last caption (both on screen)
    for durs in SHOT_LENGTHS:
        w = closing(durs, mood, 4)
        shown = sorted((x.st, x.st + x.d, x.id) for x in w.texts())
        assert all(a[1] <= b[0] for a, b in zip(shown, shown[1:], strict=False)), (durs, shown)
        cta = next(x for x in w.texts() if x.id == "cta")
        assert cta.st + cta.d == w.total and cta.d >= 1000
