"""Voices for the generated music: wavetable, FM, Karplus-Strong and drum synthesis, plus reverb.

Everything here renders one note (a "one-shot") at a time as float32, so the arranger can cache
and reuse notes and never hold a whole track per voice. The techniques:

- wavetable saw/square/triangle: one period built by inverse FFT from its harmonic series, only
  the harmonics below Nyquist (band-limited: no aliasing) and already shaped by a 12 dB/oct
  resonant low-pass at the note's cutoff; a filter envelope morphs between a bright and a dark table;
- FM (Chowning): electric piano (ratio 1) and bells (ratio 3.5) with a decaying modulation index;
- Karplus-Strong plucked strings, computed one period at a time (vectorised, no per-sample loop);
- drums from pitch and noise envelopes, noise coloured in the frequency domain;
- reverb: FFT convolution with a generated, frequency-dependent decaying noise impulse.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

SR = 48000
T = 2048  # wavetable length


def hz(midi: float) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _t(n: int) -> np.ndarray:
    return np.arange(n, dtype=np.float32) / SR


def adsr(n: int, on: int, a: float, d: float, s: float, r: float) -> np.ndarray:
    """Attack (linear), exponential decay to the sustain level, and a release after `on` samples."""
    t = _t(n)
    a = max(a, 1e-3)
    env = np.where(t < a, t / a, s + (1 - s) * np.exp(-(t - a) / max(d, 1e-3))).astype(np.float32)
    if on < n:
        rel = np.clip(1 - (t[on:] - t[on]) / max(r, 1e-3), 0, 1) ** 2
        env[on:] *= rel
    return env


def table(f0: float, cutoff: float, shape: str, res: float = 0.0) -> np.ndarray:
    """One band-limited, low-passed period (T + 1 samples, the last wraps for interpolation)."""
    k_max = max(1, min(T // 2 - 1, int(SR * 0.45 / f0)))
    k = np.arange(1, k_max + 1, dtype=np.float64)
    if shape == "square":
        a = np.where(k % 2 == 1, 1 / k, 0.12 / k)  # a little even content: a pulse, not a clarinet
    elif shape == "tri":
        a = np.where(k % 2 == 1, 1 / k**2, 0.0)
    else:
        a = 1 / k
    fk = k * f0
    h = 1 / np.sqrt(1 + (fk / cutoff) ** 4) * (1 + res * np.exp(-(((fk - cutoff) / (0.3 * cutoff)) ** 2)))
    spec = np.zeros(T // 2 + 1, dtype=np.complex128)
    spec[1 : k_max + 1] = -1j * a * h
    tab = np.fft.irfft(spec, T) * (T / 2) * 0.5
    return np.append(tab, tab[0]).astype(np.float32)


def osc(
    tabs: tuple[np.ndarray, ...], f: float, n: int, ph0: float, morph: np.ndarray | None = None, vib: float = 0.0
) -> np.ndarray:
    """Wavetable oscillator with linear interpolation; `morph` (0..1) crossfades table 0 -> 1."""
    ph: np.ndarray
    if vib:
        t = np.arange(n) / SR
        depth = vib * np.clip(t / 0.4, 0, 1)  # vibrato fades in, as a player's would
        ph = ph0 + np.cumsum(f * (1 + depth * np.sin(2 * np.pi * 5.2 * t))) / SR
    else:
        ph = np.arange(n, dtype=np.float64)
        ph *= f / SR
        ph += ph0
    # in place, and one gather per table from its slopes: the oscillator is most of the synth's time
    np.mod(ph, 1.0, out=ph)
    ph *= T
    i = ph.astype(np.intp)
    fr = (ph - i).astype(np.float32)
    a = tabs[0][i]
    a += fr * _slopes(tabs[0])[i]
    if morph is None or len(tabs) == 1:
        return a
    b = tabs[1][i]
    b += fr * _slopes(tabs[1])[i]
    b -= a
    b *= morph
    b += a
    return b


def _slopes(tab: np.ndarray) -> np.ndarray:
    """Each sample's step to the next (the last one flat), for linear interpolation."""
    return np.append(np.diff(tab), np.float32(0))


def fm(f: float, n: int, ratio: float, index: float, index_decay: float, floor: float) -> np.ndarray:
    t = np.arange(n) / SR
    index *= min(1.0, 700.0 / f)  # keep the sidebands below Nyquist on high notes
    mod = (index * np.exp(-t / index_decay) + floor) * np.sin(2 * np.pi * ratio * f * t)
    return np.sin(2 * np.pi * f * t + mod).astype(np.float32)


def karplus(f: float, n: int, decay: float, bright: float, rng: np.random.Generator) -> np.ndarray:
    """Karplus-Strong: a noise burst circulating in a delay line with a damping, tuning low-pass.

    The loop is y[n] = g (c0 y[n-P] + c1 y[n-P-1] + c2 y[n-P-2]) (average + fractional delay), so a
    whole period can be computed from the previous one: len/P numpy steps, not len Python steps.
    """
    d = SR / f - 1.0  # the 3-tap loop filter delays by 1 sample at low frequencies
    p = int(d)
    frac = d - p
    c = np.array([0.5 * (1 - frac), 0.5, 0.5 * frac]) * 0.001 ** (1 / (f * decay))
    exc = rng.uniform(-1, 1, p)
    w = 1 + int((1 - bright) * 8)
    if w > 1:
        exc = np.convolve(exc, np.hanning(w + 2)[1:-1] / np.hanning(w + 2)[1:-1].sum(), "same")
    exc -= exc.mean()
    y = np.zeros(n + p + 2)
    o = 2
    y[o : o + p] = exc
    i = o + p
    end = o + n
    while i < end:
        j = min(i + p, end)
        y[i:j] = c[0] * y[i - p : j - p] + c[1] * y[i - p - 1 : j - p - 1] + c[2] * y[i - p - 2 : j - p - 2]
        i = j
    return (y[o:end] / (np.abs(exc).max() + 1e-9)).astype(np.float32)


def noise(n: int, lo: float, hi: float, rng: np.random.Generator) -> np.ndarray:
    """Band-limited noise, coloured in the frequency domain (4th-order slopes), RMS 1."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1 / SR) + 1e-3
    spec *= 1 / np.sqrt(1 + (lo / f) ** 8) / np.sqrt(1 + (f / hi) ** 8)
    x = np.fft.irfft(spec, n)
    return (x / (np.sqrt(np.mean(x**2)) + 1e-12)).astype(np.float32)


def drum(kind: str, rng: np.random.Generator) -> np.ndarray:
    """One drum hit (mono float32)."""
    if kind in ("kick", "softkick", "tom"):
        n = int((0.9 if kind == "tom" else 0.45) * SR)
        t = np.arange(n) / SR
        f_hi, f_lo, drop, dec = {
            "kick": (160, 48, 0.035, 0.2),
            "softkick": (110, 50, 0.03, 0.22),
            "tom": (120, 62, 0.08, 0.55),
        }[kind]
        f = f_lo + (f_hi - f_lo) * np.exp(-t / drop)
        body = np.sin(2 * np.pi * np.cumsum(f) / SR) * np.exp(-t / dec)
        click = noise(n, 1500, 9000, rng) * np.exp(-t / 0.004) * (0.35 if kind == "kick" else 0.12)
        x = np.tanh(1.6 * body) + click
        if kind == "tom":  # a taiko's skin: low noise under the tone
            x += 0.4 * noise(n, 80, 900, rng) * np.exp(-t / 0.15)
        return x.astype(np.float32)
    if kind in ("snare", "clap", "rim"):
        n = int(0.35 * SR)
        t = np.arange(n) / SR
        if kind == "rim":
            tone = np.sin(2 * np.pi * 520 * t) * np.exp(-t / 0.012)
            return (0.8 * tone + 0.5 * noise(n, 2000, 9000, rng) * np.exp(-t / 0.01)).astype(np.float32)
        if kind == "clap":  # three quick bursts then a tail
            env = sum(np.exp(-np.maximum(t - d, 0) / 0.006) * (t >= d) for d in (0.0, 0.011, 0.022))
            env = env + 0.6 * np.exp(-np.maximum(t - 0.03, 0) / 0.09) * (t >= 0.03)
            return (0.55 * noise(n, 900, 6500, rng) * env).astype(np.float32)
        tone = np.sin(2 * np.pi * 185 * t) * np.exp(-t / 0.05) + 0.5 * np.sin(2 * np.pi * 330 * t) * np.exp(-t / 0.03)
        return (0.5 * tone + 0.45 * noise(n, 1200, 11000, rng) * np.exp(-t / 0.11)).astype(np.float32)
    if kind in ("hat", "ohat", "shaker", "crash", "bells"):
        dur, lo, hi, dec, att = {
            "hat": (0.12, 7000, 16000, 0.025, 0.0005),
            "ohat": (0.6, 6000, 16000, 0.22, 0.001),
            "shaker": (0.15, 4500, 12000, 0.045, 0.012),
            "crash": (2.5, 3500, 16000, 0.9, 0.001),
            "bells": (0.3, 5000, 14000, 0.08, 0.003),
        }[kind]
        n = int(dur * SR)
        t = np.arange(n) / SR
        x = noise(n, lo, hi, rng)
        if kind in ("hat", "ohat", "bells"):  # a metallic ring on top of the fizz (808-style squares)
            ring = sum(np.sign(np.sin(2 * np.pi * fr * t)) for fr in (3270, 4150, 5320, 6430))
            if kind == "bells":
                ring = sum(np.sin(2 * np.pi * fr * t) for fr in (4700, 6200, 7900))
            x = 0.7 * x + 0.2 * ring
        env = np.minimum(t / att, 1) * np.exp(-t / dec)
        return (0.5 * x * env).astype(np.float32)
    raise ValueError(kind)


def pan(p: float) -> tuple[float, float]:
    a = (p + 1) * np.pi / 4
    return float(np.cos(a) * 1.41), float(np.sin(a) * 1.41)


class Voices:
    """Renders and caches one-shots; notes repeat a lot in a song, so most are rendered once."""

    def __init__(self, seed: int, cache_mb: float = 48.0):
        self.rng = np.random.default_rng(seed + 1000)
        self.cache: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.bytes = 0
        self.limit = int(cache_mb * 2**20)

    def get(self, inst: str, midi: int, dur: float, bright: float, variant: int = 0) -> np.ndarray:
        key = (inst, midi, round(dur, 3), round(bright, 2), variant)
        x = self.cache.get(key)
        if x is not None:
            self.cache.move_to_end(key)
            return x
        x = self.render(inst, midi, dur, bright)
        self.cache[key] = x
        self.bytes += x.nbytes
        while self.bytes > self.limit and len(self.cache) > 1:
            _, old = self.cache.popitem(last=False)
            self.bytes -= old.nbytes
        return x

    def render(self, inst: str, midi: int, dur: float, bright: float) -> np.ndarray:
        """A note of `dur` seconds held (plus its release); mono (n,) or stereo (n, 2) float32."""
        rng = self.rng
        if midi < 0:
            return drum(inst, rng)
        f = hz(midi)
        on = int(dur * SR)
        if inst in ("pad", "strings", "horn"):
            a, r, shape, cut, det = {
                "pad": (0.35, 0.9, "saw", 900, 9),
                "strings": (0.25, 0.7, "saw", 1600, 7),
                "horn": (0.06, 0.3, "saw", 1000, 4),
            }[inst]
            n = on + int(r * SR)
            tabs: tuple[np.ndarray, ...] = (table(f, cut * (0.4 + bright), shape, 0.3),)
            env = adsr(n, on, a, 1.0, 0.8, r)
            out = np.empty((n, 2), np.float32)
            for ch, sign in ((0, -1), (1, 1)):  # detuned voices, mirrored between channels: width
                x = osc(tabs, f * 2 ** (sign * det / 1200), n, rng.random())
                x += osc(tabs, f * 2 ** (-sign * det * 0.4 / 1200), n, rng.random())
                out[:, ch] = x * env * 0.4
            return out
        if inst in ("stab", "bass", "sub", "lead"):
            a, d, s, r, shape, c_hi, c_lo, res = {
                "stab": (0.004, 0.18, 0.35, 0.12, "saw", 5200, 1100, 0.6),
                "bass": (0.004, 0.2, 0.6, 0.06, "saw", 1400, 300, 0.8),
                "sub": (0.01, 0.4, 0.8, 0.12, "tri", 800, 400, 0.0),
                "lead": (0.01, 0.3, 0.7, 0.15, "square", 5200, 2200, 0.4),
            }[inst]
            n = on + int(r * SR)
            scale = 0.45 + 0.55 * bright
            tabs = (table(f, c_lo * scale, shape, res), table(f, c_hi * scale, shape, res))
            morph = np.exp(-_t(n) / d).astype(np.float32)  # the filter envelope: bright attack, darker body
            env = adsr(n, on, a, d, s, r)
            x = osc(tabs, f, n, rng.random(), morph, vib=0.004 if inst == "lead" else 0.0) * env
            if inst == "stab":
                y = osc(tabs, f * 2 ** (12 / 1200), n, rng.random(), morph) * env
                return np.stack([x * 0.55 + y * 0.25, x * 0.25 + y * 0.55], axis=1)
            if inst == "bass":
                x = np.tanh(1.8 * x) * 0.6
            return x
        if inst in ("epiano", "bell"):
            if inst == "epiano":
                n = on + int(0.25 * SR)
                x = fm(f, n, 1.0, 1.2 + 1.3 * bright, 0.25, 0.25)
                x += 0.25 * fm(f * 2, n, 7.0, 0.8 * bright, 0.05, 0.0) * np.exp(-_t(n) / 0.12)  # the tine
                env = adsr(n, on, 0.003, 0.9 + 1.5 * (f < 300), 0.25, 0.25)
            else:
                n = on + int(1.2 * SR)
                x = fm(f, n, 3.5, 2.0 + 1.5 * bright, 0.6, 0.3)
                env = adsr(n, on, 0.002, 1.2, 0.0, 1.0)
            return (x * env).astype(np.float32)
        if inst in ("pluck", "harp"):
            decay, br = (0.9, 0.55 + 0.4 * bright) if inst == "pluck" else (2.2, 0.85)
            n = on + int(0.15 * SR)
            x = karplus(f, n, decay, br, rng)
            x *= adsr(n, on, 0.001, 10.0, 1.0, 0.15)
            return x
        raise ValueError(inst)


def impulse(rt60: float, seed: int) -> np.ndarray:
    """A stereo reverb impulse response: pre-delay, early taps, then decaying noise that darkens."""
    rng = np.random.default_rng(seed)
    n = int(min(2.4, rt60 * 0.8) * SR)
    t = np.arange(n) / SR
    out = np.zeros((n, 2), np.float32)
    pre = int(0.018 * SR)
    for ch in range(2):
        lo = noise(n, 150, 3500, rng) * np.exp(-6.9 * t / rt60)
        hi = noise(n, 3500, 12000, rng) * np.exp(-6.9 * t / (rt60 * 0.45))
        x = (lo + 0.5 * hi) * np.minimum(t / 0.02, 1) * np.minimum((n - np.arange(n)) / (0.1 * SR), 1)
        x = np.concatenate([np.zeros(pre), x[: n - pre]])
        for _ in range(6):  # early reflections
            x[pre + rng.integers(0, int(0.06 * SR))] += rng.uniform(0.5, 1.5) * 6
        out[:, ch] = x / np.sqrt(np.sum(x**2))
    return out


def fast_len(n: int) -> int:
    """The smallest 2^a 3^b 5^c >= n (sizes the FFT is fast at)."""
    best = 1 << int(np.ceil(np.log2(n)))
    p5 = 1
    while p5 < best:
        p35 = p5
        while p35 < best:
            m = p35
            while m < n:
                m *= 2
            best = min(best, m)
            p35 *= 3
        p5 *= 5
    return best
