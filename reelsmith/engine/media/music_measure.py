"""Measures of whether generated music sounds like music, and the targets they are held to.

Used by tests/test_music_measures.py, bench/music.py (which also measures the reference tracks the
targets come from) and scripts/make_music_examples.py. See docs/music.md.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np

BANDS = {"low": (20, 250), "mid": (250, 2000), "presence": (2000, 6000), "air": (6000, 16000)}

# Band energy shares of 28 open-licence reference tracks (immich-memories-music 0.1.0 from the package
# index, MIT; made with ACE-Step 1.5; 30 s each, Opus 128 kb/s), measured by `python bench/music.py
# reference DIR`: the min and max per group. Only these figures are kept, not the audio.
REFERENCE: dict[str, dict[str, tuple[float, float]]] = {
    "calm": {"low": (0.454, 0.841), "mid": (0.146, 0.534), "presence": (0.007, 0.050), "air": (0.002, 0.011)},
    "energetic acoustic": {
        "low": (0.565, 0.712),
        "mid": (0.254, 0.403),
        "presence": (0.026, 0.029),
        "air": (0.005, 0.008),
    },
    "energetic electronic": {
        "low": (0.834, 0.867),
        "mid": (0.108, 0.141),
        "presence": (0.017, 0.021),
        "air": (0.005, 0.008),
    },
    "happy acoustic": {"low": (0.576, 0.731), "mid": (0.249, 0.404), "presence": (0.009, 0.017), "air": (0.003, 0.004)},
    "happy electronic": {
        "low": (0.591, 0.672),
        "mid": (0.284, 0.361),
        "presence": (0.020, 0.054),
        "air": (0.006, 0.033),
    },
    "nostalgic": {"low": (0.620, 0.878), "mid": (0.083, 0.361), "presence": (0.009, 0.045), "air": (0.002, 0.021)},
    "tender": {"low": (0.593, 0.836), "mid": (0.149, 0.393), "presence": (0.011, 0.019), "air": (0.003, 0.009)},
}
# Which reference groups stand for each mood (cinematic has none of its own: the acoustic ones).
GENRE = {
    "upbeat": ("happy electronic", "energetic electronic"),
    "corporate": ("happy acoustic", "happy electronic"),
    "festive": ("happy acoustic", "happy electronic", "energetic acoustic"),
    "lofi": ("nostalgic",),
    "calm": ("calm",),
    "romantic": ("tender",),
    "cinematic": ("calm", "energetic acoustic", "tender"),
}
MARGIN_DB = 3.0  # a target is the groups' range widened by 3 dB each way: a handful of tracks is not a genre


def targets(mood: str) -> dict[str, tuple[float, float]]:
    """The band energy share range a mood's music is held to."""
    g = [REFERENCE[k] for k in GENRE[mood]]
    m = 10 ** (MARGIN_DB / 10)
    return {b: (min(r[b][0] for r in g) / m, min(1.0, max(r[b][1] for r in g) * m)) for b in BANDS}


def band_shares(x: np.ndarray, sr: int) -> dict[str, float]:
    """Each band's share of the mono mix's energy between 20 Hz and 16 kHz."""
    mono = x.mean(axis=1) if x.ndim == 2 else x
    spec = np.abs(np.fft.rfft(mono)) ** 2
    f = np.fft.rfftfreq(len(mono), 1 / sr)
    total = spec[(f >= 20) & (f < 16000)].sum() + 1e-30
    return {k: float(spec[(f >= a) & (f < b)].sum() / total) for k, (a, b) in BANDS.items()}


def section_correlations(x: np.ndarray, sr: int, bpm: float, bars: int = 4) -> np.ndarray:
    """Pearson correlation between every pair of consecutive, non-overlapping 4-bar windows of a
    24-band log spectrogram. Each band's track-wide mean is removed first, so what correlates is what
    happens over time (rhythm, chords, melody), not the spectral shape every window shares."""
    mono = x.mean(axis=1) if x.ndim == 2 else x
    hop = 1024 * sr // 48000
    frames = len(mono) // hop - 1
    idx = np.arange(frames)[:, None] * hop + np.arange(2 * hop)[None, :]
    spec = np.abs(np.fft.rfft(mono[idx] * np.hanning(2 * hop), axis=1)) ** 2
    f = np.fft.rfftfreq(2 * hop, 1 / sr)
    edges = np.geomspace(60, 12000, 25)
    bands = np.stack([spec[:, (f >= a) & (f < b)].sum(axis=1) for a, b in zip(edges[:-1], edges[1:], strict=True)], 1)
    logb = np.log10(bands + 1e-9)
    logb -= logb.mean(axis=0)
    win = int(round(bars * 4 * 60 / bpm * sr / hop))
    n = frames // win
    if n < 2:
        return np.zeros(0)
    w = np.stack([logb[i * win : (i + 1) * win].ravel() for i in range(n)])
    w -= w.mean(axis=1, keepdims=True)
    w /= np.linalg.norm(w, axis=1, keepdims=True) + 1e-12
    c = w @ w.T
    return c[np.triu_indices(n, 1)]


def _ffmpeg(wav: Path, af: str) -> str:
    import imageio_ffmpeg

    return subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-nostats", "-i", str(wav), "-af", af, "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr


def ebur128(wav: Path, pre: str = "") -> dict[str, float]:
    """Integrated loudness (LUFS), loudness range (LU) and true peak (dBTP) of a WAV, by ffmpeg's
    ebur128 filter, after the filter chain `pre` (e.g. the renderer's gain and limiter)."""
    log = _ffmpeg(wav, (pre + "," if pre else "") + "ebur128=peak=true")
    summary = log[log.rindex("Summary:") :]

    def num(pat: str) -> float:
        return float(re.findall(pat, summary)[-1])

    return {
        "lufs": num(r"I:\s+(-?[\d.]+) LUFS"),
        "lra": num(r"LRA:\s+(-?[\d.]+) LU"),
        "peak": num(r"Peak:\s+(-?[\d.]+|-inf) dBFS"),
    }


def mastered(
    wav: Path, lufs: float = -14.0, true_peak: float = -1.5, loudness: float | None = None
) -> dict[str, float]:
    """Loudness after the renderer's master (render/audio.py audio_tail: a static gain to `lufs`, then
    a peak limiter at `true_peak`); a track with too much crest would come out quieter than `lufs`."""
    gain = lufs - (ebur128(wav)["lufs"] if loudness is None else loudness)
    return ebur128(
        wav, f"volume={gain:.2f}dB,alimiter=limit={10 ** (true_peak / 20):.4f}:level=false:attack=5:release=80"
    )


def measure(
    x: np.ndarray, sr: int, bpm: float, scratch: Path, lufs: float = -14.0, true_peak: float = -1.5
) -> dict[str, float]:
    """Every figure the tests hold a mood's music to (docs/music.md): tempo found in the audio, band
    shares, the highest 4-bar section correlation, loudness range, and loudness and true peak after
    the renderer's master."""
    import wave

    from reelsmith.engine.media import beats

    wav = scratch / "measure.wav"
    with wave.open(str(wav), "wb") as w:
        w.setnchannels(2 if x.ndim == 2 else 1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
    raw = ebur128(wav)
    out = {"tempo": beats.analyse(x, sr).tempo, **band_shares(x, sr)}
    corr = section_correlations(x, sr, bpm)
    out["corr"] = float(corr.max()) if len(corr) else 0.0
    out["lra"] = raw["lra"]
    m = mastered(wav, lufs, true_peak, raw["lufs"])
    out["lufs"], out["peak"] = m["lufs"], m["peak"]
    return out
