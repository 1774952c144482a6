"""The sound of a render, measured in the rendered file: music ducked under clips' own sound by a fixed
gap, a song shorter than the video looped without a gap, and a song that cannot be read stopping the
picture's encode (the sound is made beside it)."""

from typing import Any

import numpy as np
import pytest

from reelsmith.engine.media import music
from reelsmith.engine.render.render import RenderError, render

from .media import loudness, make_clip, pcm, photo
from .test_render import draft


def _band_energy(x: np.ndarray, lo: float, hi: float) -> float:
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(len(x), 1 / 48000)
    return float(spec[(f >= lo) & (f < hi)].sum())


@pytest.mark.parametrize("duck", [True, False])
def test_music_ducks_under_clip_sound_and_loops(media, tmp_path, duck):
    clip = make_clip(media / "c.mp4", 2.0, "320x240", 25, audio=True)  # a 440 Hz tone
    pic = photo(media / "p.jpg")
    track = music.write_wav(music.loopable("upbeat", bars=1), media / "m.wav")  # 2 s: must loop to fill 4 s
    d = draft(
        [{"src": str(clip), "kind": "video", "d": 2000}, {"src": str(pic), "d": 2000}],
        d=4000,
        audio=[{"src": str(track), "d": 4000, "vol": 0.8, "fi": 0, "fo": 0, "duck": duck}],
    )
    x = pcm(render(d, tmp_path / "d.mp4", quality="draft").path)
    during, after = x[int(0.5 * 48000) : int(1.8 * 48000)], x[int(2.2 * 48000) : int(3.5 * 48000)]
    music_during = _band_energy(during, 1000, 8000)  # the tone is at 440 Hz: above 1 kHz is music
    music_after = _band_energy(after, 1000, 8000)
    ratio = music_during / music_after
    if duck:
        assert ratio < 0.5, f"music not ducked under the clip: {ratio:.2f}"
    else:
        assert ratio > 0.5
    assert np.sqrt(np.mean(x[int(3.0 * 48000) : int(3.5 * 48000)] ** 2)) > 100  # music still playing: it looped


def test_music_ducks_to_a_fixed_gap_under_each_clip_whatever_its_level(media, tmp_path):
    """A loud and a quiet phone clip (30 fps): under each, the music sits DUCK_GAP_DB below that clip's
    own sound. A fixed threshold used to duck a -36 LUFS clip by 1 dB and bury it under the music."""
    from reelsmith.engine.render.audio import DUCK_GAP_DB

    from .media import ff

    clips = []
    for name, level_db in (("VID_20240612_143055.mp4", -4), ("VID_20240612_143102.mp4", -30)):
        ff("-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=2", "-f", "lavfi", "-i",
           "sine=frequency=440:sample_rate=48000:duration=2", "-af", f"volume={level_db}dB",
           "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "192k",
           str(media / name))  # fmt: skip
        clips.append(media / name)
    track = music.write_wav(music.loopable("upbeat", bars=1), media / "m.wav")
    d = draft(
        [{"src": str(c), "kind": "video", "d": 2000} for c in clips]
        + [{"src": str(photo(media / "p.jpg")), "d": 2000}],
        d=6000,
        fps=30,
        audio=[{"src": str(track), "d": 6000, "vol": 0.8, "fi": 0, "fo": 0}],
    )
    x = pcm(render(d, tmp_path / "g.mp4", quality="high").path)

    def band(a: float, b: float) -> float:  # the music alone: the clips are a 440 Hz tone
        return _band_energy(x[int(a * 48000) : int(b * 48000)], 1000, 8000)

    free = band(4.4, 5.6)
    song_db = loudness(track) + 20 * np.log10(0.8)
    for c, (a, b) in zip(clips, [(0.4, 1.6), (2.4, 3.6)], strict=True):
        want = min(0.0, loudness(c) - DUCK_GAP_DB - song_db)
        got = 10 * np.log10(band(a, b) / free)
        assert abs(got - want) < 3, f"{c.name}: music at {got:.1f} dB, wanted {want:.1f} dB"
    assert 10 * np.log10(band(2.4, 3.6) / band(0.4, 1.6)) < -18  # the quiet clip gets a far deeper dip


def test_a_song_shorter_than_the_video_loops_without_a_gap(media, tmp_path):
    """A 3 s song with its own fade-out under an 8 s video: each repeat is crossfaded into the next, so the
    level never drops to silence and restarts (it did: fade to nothing, then full level mid-video)."""
    from .media import ff

    song = media / "IMG_0042_song.m4a"
    # noise, not a pure tone: two copies of one sine can cancel in a crossfade, music does not
    ff(
        "-y",
        "-f",
        "lavfi",
        "-i",
        "anoisesrc=color=pink:sample_rate=48000:duration=3:amplitude=0.3",
        "-af",
        "afade=t=out:st=2:d=1",
        "-c:a",
        "aac",
        str(song),
    )
    d = draft(
        [{"src": str(photo(media / "p.jpg")), "d": 8000}],
        d=8000,
        audio=[{"src": str(song), "d": 8000, "vol": 1.0, "fi": 0, "fo": 0}],
    )
    x = pcm(render(d, tmp_path / "s.mp4", quality="draft").path)
    win = 4800  # 100 ms
    rms = np.sqrt(np.mean(x[: len(x) // win * win].reshape(-1, win) ** 2, axis=1))
    body = rms[3:-3]  # past the de-click fades at the very start and end
    assert body.min() > 0.4 * np.median(body), f"the song dips to {body.min() / np.median(body):.2f} of its level"


def test_a_song_that_cannot_be_read_stops_the_picture_and_says_why(media, tmp_path):
    # the sound is made beside the picture's encode: its failure must stop that encode, not wait for it,
    # and the error must be the song's own, not "cancelled"
    bad = media / "song.mp3"
    bad.write_text("not audio at all")
    frames: list[int] = []
    d = draft(
        [{"src": str(photo(media / "p.jpg")), "d": 60000, "motion": {"type": "zoom_in"}}],
        d=60000,
        audio=[{"src": str(bad), "d": 60000}],
    )
    with pytest.raises(ValueError, match=r"song\.mp3: not a photo, clip or audio file"):
        render(d, tmp_path / "out.mp4", quality="draft", progress=lambda n, total: frames.append(n))
    assert max(frames, default=0) < 60 * 25 // 2  # stopped long before the end of 1500 frames
    assert not list(tmp_path.glob("*.mp4")) and not list(tmp_path.glob(".*partial*"))


def test_the_sound_waits_for_the_photos_and_a_photo_that_fails_ends_the_render_before_both(
    media, tmp_path, monkeypatch
):
    # the sound starts once every photo is prepared (on two cores it would only slow them and the start
    # of the encode); a photo that cannot be decoded ends the render there: no sound, no encode
    import threading

    from reelsmith.engine.media import ffmpeg
    from reelsmith.engine.render import render as render_mod

    real_sound, real_still, real_run = render_mod.make_sound, render_mod.prepare_still, ffmpeg.run
    prepared: list[str] = []
    sound_saw: list[int] = []
    lock = threading.Lock()

    def still(*a, **k):
        out = real_still(*a, **k)
        with lock:
            prepared.append(str(a[0]))
        return out

    def sound(*a, **k):
        with lock:
            sound_saw.append(len(prepared))
        return real_sound(*a, **k)

    encodes: list[list[str]] = []

    def run(args, **k):
        if str(args[-1]).endswith("picture.mp4"):  # the picture's encode, not the mux
            encodes.append(args)
        return real_run(args, **k)

    monkeypatch.setattr(render_mod, "make_sound", sound)
    monkeypatch.setattr(render_mod, "prepare_still", still)
    monkeypatch.setattr(ffmpeg, "run", run)
    track = music.write_wav(music.loopable("upbeat", bars=1), media / "m.wav")
    photos = [{"src": str(photo(media / f"IMG_2024061{i}_120000.jpg", seed=i)), "d": 1000} for i in range(4)]
    render(draft(photos, d=4000, audio=[{"src": str(track), "d": 4000}]), tmp_path / "ok.mp4", quality="draft")
    assert sound_saw == [4] and len(encodes) == 1

    prepared.clear()
    sound_saw.clear()
    encodes.clear()
    broken = media / "IMG_20240619_120000.jpg"
    broken.write_bytes(photo(media / "whole.jpg", seed=9).read_bytes()[:2000])  # a copy cut short
    photos[2] = {"src": str(broken), "d": 1000}
    with pytest.raises(OSError, match="truncated"):
        render(draft(photos, d=4000, audio=[{"src": str(track), "d": 4000}]), tmp_path / "out.mp4", quality="draft")
    assert sound_saw == [] and encodes == []
    assert not list(tmp_path.glob("out.mp4")) and not list(tmp_path.glob(".*partial*"))


def test_a_render_cancelled_while_its_photos_are_prepared_stops_there(media, tmp_path, monkeypatch):
    # a hundred-photo render cancelled early must not prepare the rest first: the wait for the photos
    # checks the cancel, the photos not started are dropped, and neither the sound nor the encode starts
    import threading

    from reelsmith.engine.media import ffmpeg
    from reelsmith.engine.render import render as render_mod

    real_still, real_sound, real_run = render_mod.prepare_still, render_mod.make_sound, ffmpeg.run
    started, asked = threading.Event(), threading.Event()
    prepared: list[str] = []
    later: list[str] = []

    def still(*a, **k):
        started.set()
        assert asked.wait(30), "the render never asked whether it was cancelled"  # a deadline, not a sleep
        prepared.append(str(a[0]))
        return real_still(*a, **k)

    def cancel() -> bool:
        if started.is_set():
            asked.set()
            return True
        return False

    monkeypatch.setattr(render_mod, "prepare_still", still)

    def sound(*a: Any, **k: Any) -> Any:
        later.append("sound")
        return real_sound(*a, **k)

    def run(args: list[str], **k: Any) -> str:
        later.append("ffmpeg")
        return real_run(args, **k)

    monkeypatch.setattr(render_mod, "make_sound", sound)
    monkeypatch.setattr(ffmpeg, "run", run)
    photos = [{"src": str(photo(media / f"IMG_2024061{i}_1200{i:02d}.jpg", seed=i)), "d": 500} for i in range(8)]
    with pytest.raises(RenderError, match="cancelled"):
        render(draft(photos, d=4000), tmp_path / "out.mp4", quality="draft", cancel=cancel)
    assert len(prepared) < 8 and "sound" not in later and "ffmpeg" not in later, (prepared, later)
