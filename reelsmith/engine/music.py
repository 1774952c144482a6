"""Generated, royalty-free background music: chords, bass and drums for a mood.

No track library ships with reelsmith, so the engine writes its own. Everything
is vectorised numpy (one array per note, added into the mix), deterministic per
seed, and ends on the tonic with a real release instead of a cut-off.
"""

from __future__ import annotations

import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SR = 48000


@dataclass(frozen=True)
class Mood:
    bpm: int
    key: int  # MIDI note of the tonic (bass octave)
    progression: tuple[tuple[int, ...], ...]  # chords as semitone offsets from the key
    drums: str  # "four", "backbeat", "lofi", "sparse", "none"
    pad: float  # pad level
    pluck: float  # arpeggio level
    swing: float = 0.0
    brightness: float = 1.0  # low-pass amount: 1 bright, 0.3 muffled


MAJ, MAJ7, MIN, MIN7 = (0, 4, 7), (0, 4, 7, 11), (0, 3, 7), (0, 3, 7, 10)


def _ch(root: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(root + s for s in shape)


MOODS: dict[str, Mood] = {
    "upbeat": Mood(120, 43, (_ch(0, MAJ), _ch(7, MAJ), _ch(9, MIN), _ch(5, MAJ)), "four", 0.5, 0.6),
    "lofi": Mood(80, 41, (_ch(0, MAJ7), _ch(9, MIN7), _ch(2, MIN7), _ch(7, (0, 4, 7, 10))),
                 "lofi", 0.6, 0.4, swing=0.16, brightness=0.35),
    "calm": Mood(72, 40, (_ch(0, MAJ7), _ch(5, MAJ7), _ch(9, MIN7), _ch(5, MAJ)), "none", 0.8, 0.35,
                 brightness=0.5),
    "cinematic": Mood(90, 38, (_ch(0, MIN), _ch(8, MAJ), _ch(3, MAJ), _ch(10, MAJ)), "sparse", 0.9, 0.3,
                      brightness=0.6),
    "corporate": Mood(110, 45, (_ch(0, MAJ), _ch(9, MIN), _ch(5, MAJ), _ch(7, MAJ)), "backbeat", 0.45, 0.7),
}
ALIASES = {
    "happy": "upbeat", "energetic": "upbeat", "pop": "upbeat", "fun": "upbeat", "promo": "upbeat",
    "lo-fi": "lofi", "chill": "lofi", "relaxed": "lofi", "relaxing": "calm", "soft": "calm",
    "peaceful": "calm", "ambient": "calm", "epic": "cinematic", "dramatic": "cinematic",
    "business": "corporate", "inspiring": "corporate", "motivational": "corporate",
}


def mood_name(name: str) -> str:
    n = name.lower().strip()
    n = ALIASES.get(n, n)
    if n not in MOODS:
        raise ValueError(f"unknown mood {name!r}; choose one of: {', '.join(MOODS)}")
    return n


def _hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _env(n: int, attack: float, release: float) -> np.ndarray:
    a, r = max(1, int(attack * SR)), max(1, int(release * SR))
    e = np.ones(n)
    a = min(a, n)
    e[:a] = np.linspace(0, 1, a)
    r = min(r, n - a) if n > a else 0
    if r > 0:
        e[n - r:] *= np.linspace(1, 0, r) ** 2
    return e


def _lowpass(x: np.ndarray, amount: float) -> np.ndarray:
    """A gentle low-pass: convolution with a Hann window whose width follows `amount`."""
    if amount >= 0.99:
        return x
    cutoff = 400 + 9000 * amount
    k = int(max(1, SR / cutoff / 2))
    kernel = np.hanning(2 * k + 1)
    kernel /= kernel.sum()
    return np.convolve(x, kernel, mode="same")


def _pad(freqs: list[float], n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / SR
    out = np.zeros(n)
    for f in freqs:
        for det in (-0.004, 0.0, 0.004):  # a slight detune makes it a pad, not an organ
            ph = rng.uniform(0, 2 * np.pi)
            ff = f * (1 + det)
            out += np.sin(2 * np.pi * ff * t + ph) + 0.3 * np.sin(4 * np.pi * ff * t + ph)
    return out / (3 * len(freqs)) * _env(n, 0.4, 0.6)


def _pluck(f: float, n: int) -> np.ndarray:
    t = np.arange(n) / SR
    tone = np.sin(2 * np.pi * f * t) + 0.5 * np.sin(4 * np.pi * f * t) + 0.25 * np.sin(6 * np.pi * f * t)
    return tone * np.exp(-t * 6) * _env(n, 0.003, 0.05)


def _bass(f: float, n: int) -> np.ndarray:
    t = np.arange(n) / SR
    x = np.sin(2 * np.pi * f * t) + 0.3 * np.sin(4 * np.pi * f * t)
    return np.tanh(1.5 * x) * _env(n, 0.01, 0.08)


def _kick(n: int) -> np.ndarray:
    t = np.arange(n) / SR
    f = 50 + 90 * np.exp(-t * 30)
    return np.sin(2 * np.pi * np.cumsum(f) / SR) * np.exp(-t * 9)


def _snare(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / SR
    noise = rng.standard_normal(n) * np.exp(-t * 22)
    return 0.6 * noise + 0.4 * np.sin(2 * np.pi * 190 * t) * np.exp(-t * 30)


def _hat(n: int, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(n) / SR
    noise = rng.standard_normal(n)
    noise = np.diff(noise, prepend=0.0)  # crude high-pass: hats are all fizz
    return noise * np.exp(-t * 80) * 0.35


def _add(buf: np.ndarray, start: int, x: np.ndarray, gain: float) -> None:
    if start >= len(buf):
        return
    end = min(len(buf), start + len(x))
    buf[start:end] += gain * x[: end - start]


def generate(mood: str, seconds: float, seed: int = 7, *, ending: bool = True) -> np.ndarray:
    """Stereo float32 samples (n, 2) of `seconds` of music in `mood`."""
    m = MOODS[mood_name(mood)]
    rng = np.random.default_rng(seed)
    n_total = max(1, int(round(seconds * SR)))
    beat = 60.0 / m.bpm
    bar = 4 * beat
    ring = int(2.5 * SR) if ending else 0  # room for the last chord to ring out
    body_s = max(bar, seconds - (2.5 if ending else 0))
    n_bars = max(1, int(np.ceil(body_s / bar)))
    length = n_total + ring + int(bar * SR)
    mel, bass, drums = np.zeros(length), np.zeros(length), np.zeros(length)
    hat_len, kick_len = int(0.08 * SR), int(0.5 * SR)
    for b in range(n_bars):
        chord = m.progression[b % len(m.progression)]
        root = m.key + chord[0]
        s0 = int(b * bar * SR)
        last = b == n_bars - 1
        if last and ending:
            chord, root = m.progression[0], m.key + m.progression[0][0]
        freqs = [_hz(m.key + 12 + c) for c in chord]
        pad_len = int(bar * SR) + (ring if last else int(0.3 * SR))
        _add(mel, s0, _pad(freqs, pad_len, rng), m.pad)
        # bass on beats 1 and 3, a fifth on 3 for movement
        for k, off in ((0, 0), (2, 7 if len(chord) > 2 else 0)):
            bl = int(beat * 2 * SR * 0.95) if not (last and k == 2 and ending) else ring
            _add(bass, s0 + int(k * beat * SR), _bass(_hz(root + off), bl), 0.55)
        # arpeggio in eighths, skipped on the final bar so the ending is clean
        if m.pluck > 0 and not (last and ending):
            notes = [m.key + 24 + c for c in chord]
            for e in range(8):
                sw = m.swing * beat / 2 if e % 2 else 0.0
                st = s0 + int((e * beat / 2 + sw) * SR)
                _add(mel, st, _pluck(_hz(notes[(e * 3 + b) % len(notes)]), int(0.5 * SR)), 0.22 * m.pluck)
        if m.drums == "none":
            continue
        for q in range(4):
            st = s0 + int(q * beat * SR)
            if last and ending and q > 0:
                break
            if m.drums in ("four", "backbeat") or (m.drums == "lofi" and q in (0, 2)) or (
                m.drums == "sparse" and q == 0
            ):
                if m.drums != "backbeat" or q in (0, 2):
                    _add(drums, st, _kick(kick_len), 0.9)
            if m.drums in ("four", "backbeat", "lofi") and q in (1, 3):
                _add(drums, st, _snare(int(0.25 * SR), rng), 0.35 if m.drums != "lofi" else 0.25)
            if m.drums in ("four", "backbeat", "lofi"):
                for h in range(2):
                    sw = m.swing * beat / 2 if h else 0.0
                    _add(drums, st + int((h * beat / 2 + sw) * SR), _hat(hat_len, rng), 0.5)
    mel = _lowpass(mel, m.brightness)
    drums = _lowpass(drums, min(1.0, m.brightness + 0.4))
    mix_l = mel * 0.9 + bass + drums
    mix_r = mel * 1.0 + bass + drums * 0.9
    out = np.stack([mix_l, mix_r], axis=1)[:n_total]
    # release and de-click: short fade-in, and a fade-out that ends exactly at the last sample
    fin = min(len(out), int(0.01 * SR))
    out[:fin] *= np.linspace(0, 1, fin)[:, None]
    fo = min(len(out), int((2.0 if ending else 0.01) * SR))
    out[len(out) - fo:] *= (np.linspace(1, 0, fo) ** 1.5)[:, None]
    peak = float(np.max(np.abs(out))) or 1.0
    return (out / peak * 0.8).astype(np.float32)


def loopable(mood: str, bars: int = 8, seed: int = 7) -> np.ndarray:
    """A whole number of bars with no ending; the seam is crossfaded so looping never clicks."""
    m = MOODS[mood_name(mood)]
    seconds = bars * 4 * 60.0 / m.bpm
    tail = 0.05
    x = generate(mood, seconds + tail, seed, ending=False)
    n = int(round(seconds * SR))
    k = len(x) - n
    body = x[:n].copy()
    ramp = np.linspace(0, 1, k)[:, None]
    body[:k] = body[:k] * ramp + x[n:] * (1 - ramp)  # the tail blends into the head
    return body


def write_wav(samples: np.ndarray, path: str | Path) -> Path:
    path = Path(path)
    pcm = (np.clip(samples, -1, 1) * 32767).astype("<i2")
    tmp = path.with_suffix(".tmp.wav")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())
    tmp.replace(path)
    return path


def make_track(mood: str, seconds: float, path: str | Path, seed: int = 7) -> Path:
    return write_wav(generate(mood, seconds, seed), path)
