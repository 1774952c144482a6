"""Where the beats are: tempo, beat times and bar starts of a song, for cutting on the beat.

For a user's song the beats are found in the audio: an onset-strength envelope (spectral flux of a
log-magnitude spectrogram in log-spaced bands, 200 frames a second), its autocorrelation for the
tempo (scored over several beat multiples, weighted towards 60-150 BPM), then Ellis's dynamic
programming beat tracker ("Beat tracking by dynamic programming", 2007): the beat sequence that
lands on strong onsets while keeping inter-beat intervals near the period. Bar starts are the beat
phase (of 4) whose beats carry the most low-frequency onset and harmonic change (kicks and chord
changes fall on downbeats). Pure numpy; nothing is downloaded.

For generated music nothing needs detecting: the score is 4/4 at the mood's tempo from sample 0
(`grid`).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

FPS = 200  # onset frames a second: 5 ms, well inside a 33 ms video frame
SR = 22050  # a song is analysed at this rate: beats need nothing above 11 kHz
LAG = 0.011  # seconds the flux peak comes before the onset itself (measured on clicks)
LEVEL_HZ = 2  # loudness values a second in `Beats.level`: enough to find a song's loudest section
VERSION = "1"  # of the analysis: a cached result from another version is made again (storage/store.py)


@dataclass(frozen=True)
class Beats:
    tempo: float  # BPM
    beats: np.ndarray  # seconds, ascending
    bars: np.ndarray  # seconds of the beats that start a bar (a subset of beats)
    level: np.ndarray = field(default_factory=lambda: np.zeros(0))  # dB RMS every 1/LEVEL_HZ s (songs only)
    duration: float = 0.0  # seconds of audio analysed (0 for a grid)

    def dump(self) -> dict[str, Any]:
        """As JSON-able lists, to cache (times to 0.1 ms, levels to 0.1 dB)."""
        return {
            "tempo": self.tempo,
            "beats": np.round(self.beats, 4).tolist(),
            "bars": np.round(self.bars, 4).tolist(),
            "level": np.round(self.level, 1).tolist(),
            "duration": self.duration,
        }

    @classmethod
    def load(cls, d: dict[str, Any]) -> Beats:
        arr = [np.asarray(d[k], np.float64) for k in ("beats", "bars", "level")]
        return cls(float(d["tempo"]), arr[0], arr[1], arr[2], float(d.get("duration", 0.0)))

    def snap(self, t: float, to: str = "beat") -> float:
        """The beat (or bar start, `to="bar"`) nearest `t` seconds; `t` itself when there is none."""
        grid = self.bars if to == "bar" else self.beats
        if len(grid) == 0:
            return t
        i = int(np.clip(np.searchsorted(grid, t), 1, len(grid) - 1)) if len(grid) > 1 else 0
        if len(grid) == 1:
            return float(grid[0])
        return float(grid[i - 1] if t - grid[i - 1] <= grid[i] - t else grid[i])


def grid(bpm: float, seconds: float, beats_per_bar: int = 4, start: float = 0.0) -> Beats:
    """The beat grid of a generated track: it is in 4/4 at `bpm` from `start` to its end."""
    period = 60.0 / bpm
    times = start + period * np.arange(max(0, int(np.floor((seconds - start) / period - 1e-9)) + 1))
    return Beats(float(bpm), times, times[::beats_per_bar].copy())


def load(path: str | Path, sr: int = SR) -> np.ndarray:
    """A song's audio as mono float32 at `sr` (ffmpeg decodes any format it knows)."""
    import imageio_ffmpeg

    out = subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i", str(path), "-vn", "-ac", "1", "-ar", str(sr)]
        + ["-f", "f32le", "-"],
        capture_output=True,
        check=True,
    ).stdout
    return np.frombuffer(out, np.float32)


def _mono(x: np.ndarray) -> np.ndarray:
    return (x.mean(axis=1) if x.ndim == 2 else x).astype(np.float32, copy=False)


def onsets(x: np.ndarray, sr: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Onset strength at FPS frames a second: (all bands, bands below 200 Hz), and the log band
    spectrogram (frames, 32). Frame i is centred at i / FPS seconds. Computed in slices of a few
    seconds so a long song never needs a big array."""
    mono = _mono(x)
    while sr > 30000:  # 48 kHz -> 24 kHz: a pair average is low-pass enough for onsets, and halves the FFTs
        mono = 0.5 * (mono[0 : len(mono) - 1 : 2] + mono[1::2])
        sr //= 2
    hop = sr / FPS
    n = 1 << int(np.ceil(np.log2(sr * 0.046)))  # ~46 ms window: resolves bass notes, still sharp in time
    f = np.fft.rfftfreq(n, 1 / sr)
    edges = np.concatenate([[0.0], np.geomspace(60, min(sr / 2, 11000), 33)])
    band = np.clip(np.searchsorted(edges, f) - 1, -1, len(edges) - 2)  # -1: above the top edge
    keep = band >= 0
    low = np.flatnonzero(edges[1:] <= 200)  # bands wholly under 200 Hz
    frames = int(len(mono) / hop)
    pad = np.concatenate([np.zeros(n // 2, np.float32), mono, np.zeros(n, np.float32)])
    win = np.hanning(n).astype(np.float32)
    spec = np.empty((frames, len(edges) - 1), np.float32)
    step = FPS * 4
    for a in range(0, frames, step):
        b = min(frames, a + step)
        idx = (np.arange(a, b) * hop).astype(np.int64)[:, None] + np.arange(n)[None, :]
        mag = np.abs(np.fft.rfft(pad[idx] * win, axis=1)) ** 2
        spec[a:b] = np.stack([np.bincount(band[keep], m[keep], len(edges) - 1) for m in mag])
    logs = np.log1p(spec / (spec.max() + 1e-12) * 1e4)  # log magnitude: loudness-independent
    flux = np.maximum(0.0, np.diff(logs, axis=0, prepend=logs[:1]))
    return _detrend(flux.sum(axis=1)), _detrend(flux[:, low].sum(axis=1)), logs


def _detrend(env: np.ndarray) -> np.ndarray:
    """Remove a moving average (1 s) and normalise: onsets relative to their surroundings."""
    k = FPS
    c = np.cumsum(np.concatenate([[0.0], env]))
    i = np.arange(len(env))
    lo, hi = np.maximum(0, i - k // 2), np.minimum(len(env), i + k // 2)
    out = np.maximum(0.0, env - (c[hi] - c[lo]) / (hi - lo))
    return (out / (out.std() + 1e-12)).astype(np.float32)


def tempo(env: np.ndarray, lo: float = 50.0, hi: float = 200.0) -> float:
    """Tempo (BPM) from the onset envelope's autocorrelation.

    Each candidate period is scored by the autocorrelation at 1, 2, 3 and 4 periods and at half a
    period (a steady beat with a bar above it and off-beats between), times a log-normal weight
    centred on 120 BPM with one octave of spread (librosa's defaults), which settles the octave a
    tempo estimate is free to pick.
    """
    e = env - env.mean()
    nfft = 1 << int(np.ceil(np.log2(2 * len(e))))
    ac = np.fft.irfft(np.abs(np.fft.rfft(e, nfft)) ** 2)[: len(e)]
    ac /= ac[0] + 1e-12
    bpm = np.arange(lo, hi, 0.05)
    period = 60.0 * FPS / bpm
    lags = np.arange(len(ac))

    def at(k: float) -> np.ndarray:
        return np.interp(k * period, lags, ac, right=0.0)

    score = at(1) + at(2) + 0.5 * at(3) + at(4) + 0.5 * at(0.5)
    weight = np.exp(-0.5 * np.log2(bpm / 120.0) ** 2)
    return float(bpm[np.argmax(np.maximum(score, 0) * weight)])


def track(env: np.ndarray, bpm: float, tightness: float = 400.0) -> np.ndarray:
    """Beat frames by dynamic programming: each frame's best score is its onset strength plus the
    best predecessor score 0.5-2 periods back, penalised by the squared log of the interval ratio."""
    period = 60.0 * FPS / bpm
    lags = np.arange(int(round(period * 0.5)), int(round(period * 2)) + 1)
    penalty = -tightness * np.log(lags / period) ** 2 / 100
    e = env / (env.max() + 1e-12)
    score = e.astype(np.float64).copy()
    back = np.full(len(e), -1, np.int64)
    for t in range(lags[0], len(e)):
        prev = t - lags
        ok = prev >= 0
        cand = score[prev[ok]] + penalty[ok]
        j = int(np.argmax(cand))
        if cand[j] > 0:
            score[t] += cand[j]
            back[t] = prev[ok][j]
    # the last beat: the best-scoring frame in the final period that is a local onset peak
    tail = np.arange(max(0, len(e) - int(period)), len(e))
    t = int(tail[np.argmax(score[tail])])
    out = [t]
    while back[t] >= 0:
        t = int(back[t])
        out.append(t)
    return np.array(out[::-1], np.int64)


def analyse(x: np.ndarray, sr: int, beats_per_bar: int = 4) -> Beats:
    """Tempo, beats and bar starts of audio `x` (mono or (n, 2)) at `sr`."""
    env, low, logs = onsets(x, sr)
    level, duration = _level(x, sr), len(x) / sr
    if not env.any():
        return Beats(0.0, np.zeros(0), np.zeros(0), level, duration)
    bpm = tempo(env)
    frames = track(env, bpm)
    frames = frames[env[frames] > 0.05 * env.max()] if len(frames) > 8 else frames  # no beats in silence
    times = _refine(env, frames) / FPS + LAG
    if len(times) >= 8:  # the tempo the beats keep, to 0.1 BPM: a fit through the beat times
        k = np.round((times - times[0]) / (60.0 / bpm))
        bpm = 60.0 / float(np.polyfit(k, times, 1)[0])
    phase = _downbeat_phase(frames, env, low, logs, beats_per_bar)
    return Beats(float(bpm), times, times[phase::beats_per_bar].copy(), level, duration)


def _level(x: np.ndarray, sr: int) -> np.ndarray:
    """RMS in dB over each 1/LEVEL_HZ s: where a song is loud (its chorus) and where it is quiet."""
    mono = _mono(x)
    hop = sr // LEVEL_HZ
    n = len(mono) // hop
    if n == 0:
        return np.zeros(0)
    power = np.square(mono[: n * hop].astype(np.float64)).reshape(n, hop).mean(axis=1)
    return 10 * np.log10(power + 1e-10)


def _downbeat_phase(frames: np.ndarray, env: np.ndarray, low: np.ndarray, logs: np.ndarray, per: int) -> int:
    """Which of the `per` beat phases starts the bars: kicks (low onsets) and chord changes (how much
    the beat's average spectrum differs from the previous beat's) fall on downbeats."""
    if len(frames) < 2 * per:
        return 0
    spans = [logs[a:b].mean(axis=0) for a, b in zip(frames[:-1], frames[1:], strict=True)]
    spans.append(logs[frames[-1] :].mean(axis=0))
    s = np.array(spans)
    change = np.concatenate([[0.0], np.linalg.norm(np.diff(s, axis=0), axis=1)])
    change /= change.std() + 1e-12
    accent = low[frames] / (low[frames].std() + 1e-12) + 0.5 * env[frames] / (env[frames].std() + 1e-12)
    strength = accent + change
    return int(np.argmax([strength[p::per].mean() for p in range(per)]))


def _refine(env: np.ndarray, frames: np.ndarray) -> np.ndarray:
    """Sub-frame beat positions: the parabola through each peak and its neighbours."""
    f = np.clip(frames, 1, len(env) - 2)
    a, b, c = env[f - 1], env[f], env[f + 1]
    den = a - 2 * b + c
    off = np.where(np.abs(den) > 1e-9, 0.5 * (a - c) / np.where(den == 0, 1, den), 0.0)
    return f + np.clip(off, -0.5, 0.5)


def analyse_file(path: str | Path) -> Beats:
    """Tempo, beats and bar starts of a song file."""
    return analyse(load(path), SR)
