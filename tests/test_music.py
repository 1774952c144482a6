"""Generated music must sound like music: a tempo, a bass line, drums, a real ending."""

import numpy as np
import pytest

from reelsmith.engine import music


def onset_tempo(x: np.ndarray) -> float:
    """Tempo (BPM) from the autocorrelation of the onset envelope."""
    mono = x.mean(axis=1)
    hop = 480  # 10 ms
    env = np.sqrt(np.add.reduceat(mono ** 2, np.arange(0, len(mono), hop)))
    flux = np.maximum(0, np.diff(env))
    flux -= flux.mean()
    ac = np.correlate(flux, flux, "full")[len(flux) - 1:]
    lags = np.arange(len(ac)) * hop / music.SR
    ok = (lags > 60 / 180) & (lags < 60 / 60)  # 60..180 BPM
    return 60 / lags[ok][np.argmax(ac[ok])]


@pytest.mark.parametrize("mood", ["upbeat", "corporate", "lofi"])
def test_tempo_matches_the_mood(mood):
    x = music.generate(mood, 20)
    bpm = music.MOODS[mood].bpm
    got = onset_tempo(x)
    assert min(abs(got - bpm), abs(got - bpm / 2), abs(got - bpm * 2)) < 4, (mood, got)


@pytest.mark.parametrize("mood", list(music.MOODS))
def test_spectrum_has_bass_body_and_air(mood):
    x = music.generate(mood, 12).mean(axis=1)
    spec = np.abs(np.fft.rfft(x)) ** 2
    f = np.fft.rfftfreq(len(x), 1 / music.SR)
    band = lambda a, b: spec[(f >= a) & (f < b)].sum() / spec.sum()  # noqa: E731
    assert band(30, 200) > 0.05  # a bass line
    assert band(200, 2000) > 0.1  # chords
    assert 0 < band(4000, 16000) < 0.3  # some air, not a hiss
    flat = np.exp(np.mean(np.log(spec[(f > 50) & (f < 8000)] + 1e-12))) / np.mean(spec[(f > 50) & (f < 8000)])
    assert flat < 0.2  # tonal, not noise


def test_any_length_and_a_real_ending():
    for seconds in (3.3, 17.0, 61.5):
        x = music.generate("calm", seconds)
        assert len(x) == round(seconds * music.SR)
    x = music.generate("upbeat", 10)
    tail = np.abs(x[-int(0.05 * music.SR):]).max()
    body = np.abs(x[: int(8 * music.SR)]).max()
    assert tail < 0.02 * body  # faded to silence, not cut off
    ring = np.sqrt(np.mean(x[-int(1.5 * music.SR):-int(1.0 * music.SR)] ** 2))
    assert ring > 0.01  # the last chord rings out before the end


def test_loop_seam_does_not_click():
    x = music.loopable("upbeat", bars=4)
    seam = np.abs(x[0] - x[-1]).max()
    steps = np.abs(np.diff(x, axis=0))
    assert seam <= np.percentile(steps, 99.9)  # the wrap is no bigger than an ordinary step


def test_deterministic_and_unknown_mood():
    assert np.array_equal(music.generate("lofi", 2, seed=3), music.generate("lofi", 2, seed=3))
    assert music.mood_name("Chill") == "lofi"
    with pytest.raises(ValueError, match="choose one of"):
        music.mood_name("polka")
