"""Generated music: exact length and a real ending, a stereo image, an intro that builds, streaming
that equals the in-memory track, loops that do not click, determinism. The per-mood measures (tempo,
spectrum, sections, loudness) are in test_music_measures.py; targets and reasoning: docs/music.md."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from reelsmith.engine.media import music
from reelsmith.engine.media.music_measure import section_correlations

pytestmark = pytest.mark.slow  # whole songs synthesised and analysed

SR = music.SR


@cache
def track(mood: str, seconds: float = 60.0, seed: int = 7) -> np.ndarray:
    return music.generate(mood, seconds, seed)


def test_the_section_measure_catches_a_verbatim_loop():
    x = music.loopable("upbeat", bars=4)
    looped = np.concatenate([x] * 4)
    assert section_correlations(looped, SR, music.MOODS["upbeat"].bpm).max() > 0.95


def test_stereo_image_is_wide_but_mono_safe():
    x = track("upbeat")
    side = np.sqrt(np.mean((x[:, 0] - x[:, 1]) ** 2))
    mid = np.sqrt(np.mean((x[:, 0] + x[:, 1]) ** 2))
    assert 0.05 < side / mid < 0.7


def test_sections_build_intro_softer_than_the_b_section():
    x = track("upbeat")
    rms = lambda a, b: np.sqrt(np.mean(x[int(a * SR) : int(b * SR)] ** 2))  # noqa: E731
    assert rms(0, 6) < 0.7 * rms(24, 40)


def test_any_length_and_a_real_ending():
    for seconds in (0.5, 3.3, 17.0, 61.5):
        x = music.generate("calm", seconds)
        assert x.shape == (round(seconds * SR), 2) and x.dtype == np.float32
        assert np.isfinite(x).all()
    for mood in ("upbeat", "festive", "romantic"):
        x = music.generate(mood, 10)
        tail = np.abs(x[-int(0.05 * SR) :]).max()
        body = np.abs(x[: int(7 * SR)]).max()
        assert tail < 0.02 * body  # faded to silence, not cut off
        ring = np.sqrt(np.mean(x[-int(1.5 * SR) : -int(1.0 * SR)] ** 2))
        assert ring > 0.01  # the last chord rings out before the end
    short = music.generate("upbeat", 3.3)
    assert np.sqrt(np.mean(short[: SR // 2] ** 2)) > 0.01  # even a short track starts right away


def test_make_track_streams_a_48k_stereo_wav(tmp_path):
    import wave

    path = music.make_track("festive", 5, tmp_path / "m.wav")
    with wave.open(str(path)) as w:
        assert (w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes()) == (SR, 2, 2, 5 * SR)
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, 2) / 32767
    assert np.abs(pcm - music.generate("festive", 5)).max() < 2e-4  # the same music as generate()


def test_loop_seam_does_not_click():
    x = music.loopable("upbeat", bars=4)
    assert len(x) == round(4 * 240 / music.MOODS["upbeat"].bpm * SR)
    seam = np.abs(x[0] - x[-1]).max()
    steps = np.abs(np.diff(x, axis=0))
    assert seam <= np.percentile(steps, 99.9)  # the wrap is no bigger than an ordinary step


def test_deterministic_aliases_and_unknown_mood():
    assert np.array_equal(music.generate("lofi", 2, seed=3), music.generate("lofi", 2, seed=3))
    assert not np.array_equal(music.generate("lofi", 2, seed=3), music.generate("lofi", 2, seed=4))
    assert music.mood_name("Chill") == "lofi"
    assert music.mood_name("Birthday") == "festive" and music.mood_name("wedding") == "romantic"
    assert music.mood_name("Grand  Opening") == "upbeat"
    assert all(v in music.MOODS for v in music.ALIASES.values())
    with pytest.raises(ValueError, match="choose one of"):
        music.mood_name("polka")
