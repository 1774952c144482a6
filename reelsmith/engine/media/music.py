"""Generated, royalty-free background music for a mood: a small song, not a loop.

No track library ships with reelsmith, so the engine writes its own. The score (music_score.py)
has an intro, contrasting A and B sections, an outro and a final chord that rings out, with
motif-based melodies and drum fills; the voices (music_synth.py) are wavetable, FM,
Karplus-Strong and synthesised drums through a convolution reverb, with chorus on the harmony and a
mix bus (low cut, presence, glue compression; music_fx.py). Rendering streams a few bars
at a time into float32, so memory does not grow with the track beyond the output itself
(make_track streams to disk and does not even hold that). Deterministic per seed. See docs/music.md.
"""

from __future__ import annotations

import math
import tempfile
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from reelsmith.engine.media import music_synth as syn
from reelsmith.engine.media.music_fx import CHORUSED, Chain
from reelsmith.engine.media.music_moods import ALIASES, MOODS, RECIPE_VERSION, Mood
from reelsmith.engine.media.music_score import arrange

__all__ = [
    "ALIASES",
    "MOODS",
    "RECIPE_VERSION",
    "SR",
    "Mood",
    "generate",
    "loopable",
    "make_track",
    "mood_name",
    "write_wav",
]

SR = syn.SR
PEAK = 0.8  # output peak after normalisation (the renderer sets loudness itself)
FADE_IN = 0.01
FADE_OUT = 2.0  # seconds of the final fade (the last chord rings through it)
MIX = {
    "pad": 0.5,
    "strings": 0.55,
    "horn": 0.5,
    "stab": 0.55,
    "epiano": 0.5,
    "bell": 0.2,
    "pluck": 0.55,
    "harp": 0.45,
    "lead": 0.4,
    "bass": 0.4,
    "sub": 0.45,
}
SEND = {
    "pad": 1.0,
    "strings": 1.0,
    "horn": 0.8,
    "stab": 0.5,
    "epiano": 0.6,
    "bell": 1.2,
    "pluck": 0.8,
    "harp": 1.0,
    "lead": 0.7,
    "bass": 0.0,
    "sub": 0.0,
    "kick": 0.0,
    "softkick": 0.1,
    "tom": 0.5,
    "snare": 0.6,
    "clap": 0.7,
    "rim": 0.5,
    "hat": 0.15,
    "ohat": 0.3,
    "shaker": 0.3,
    "crash": 0.4,
    "bells": 0.4,
}


def mood_name(name: str) -> str:
    n = " ".join(name.lower().split())
    n = ALIASES.get(n, n)
    if n not in MOODS:
        raise ValueError(f"unknown mood {name!r}; choose one of: {', '.join(MOODS)}")
    return n


def _plan(m: Mood, seconds: float, ending: bool) -> tuple[int, float]:
    """Number of bars, and for an ending how many beats the final chord is held."""
    bar = 240.0 / m.bpm
    if not ending:
        return max(1, math.ceil(seconds / bar - 1e-9)), 0.0
    k = max(0, int((seconds - FADE_OUT) / bar))  # the final chord starts on the last bar line that leaves it room
    ring = max(0.5, (seconds - k * bar) * m.bpm / 60.0)
    return k + 1, ring


def _blocks(mood: str, seconds: float, seed: int, ending: bool) -> Iterator[np.ndarray]:
    """The track as consecutive float32 (k, 2) blocks of a few bars each, exactly `seconds` long,
    before peak normalisation."""
    m = MOODS[mood_name(mood)]
    n_total = max(1, int(round(seconds * SR)))
    n_bars, ring = _plan(m, seconds, ending)
    bars = arrange(m, n_bars, seed, ending, ring)
    beat = 60.0 / m.bpm
    per = max(1, int(8.0 / (4 * beat)))  # bars per block: ~8 s keeps the reverb FFT efficient
    voices = syn.Voices(seed)
    levels = dict(m.levels)
    ir = syn.impulse(m.rt60, seed + 7)
    spill = int((ring * beat if ending else 4 * beat) * SR) + int(1.5 * SR)  # longest note past its block
    block_max = int(per * 4 * beat * SR) + 2
    nfft = syn.fast_len(block_max + len(ir))
    ir_spec = np.fft.rfft(ir, nfft, axis=0)
    carry = np.zeros((spill + len(ir), 2), np.float32)
    fx = Chain(m, SR)
    wide_carry = np.zeros((spill, 2), np.float32)  # the chorused voices, before their chorus
    send_carry = np.zeros(spill, np.float32)
    pos = 0  # samples emitted
    b = 0
    fade_from = n_total - int(min(n_total * 0.5, (FADE_OUT if ending else 0.01) * SR))
    while pos < n_total:
        start = pos
        end = int(round((b + per) * 4 * beat * SR)) if b < n_bars else start + block_max
        length = end - start
        buf = np.zeros((length + len(carry), 2), np.float32)
        buf[: len(carry)] += carry
        wide = np.zeros((length + spill, 2), np.float32)
        wide[:spill] += wide_carry
        send = np.zeros(length + spill, np.float32)
        send[:spill] += send_carry
        for k in range(b, min(b + per, n_bars)):
            events, bright = bars[k]
            off = int(round(k * 4 * beat * SR)) - start
            for beat_at, inst, midi, dur, vel, pan in events:
                x = voices.get(inst, midi, dur * beat, bright, int(voices.rng.integers(4)) if midi < 0 else 0)
                at = off + int(round(beat_at * beat * SR))
                dry = wide if inst in CHORUSED else buf
                n = min(len(x), len(dry) - at, len(send) - at)
                gain = vel * MIX.get(inst, 1.0) * levels.get(inst, 1.0)
                if x.ndim == 2:
                    dry[at : at + n] += gain * x[:n]
                    mono = x[:n, 0] + x[:n, 1]
                else:
                    gl, gr = syn.pan(pan)
                    dry[at : at + n, 0] += gain * gl * x[:n]
                    dry[at : at + n, 1] += gain * gr * x[:n]
                    mono = x[:n]
                s = SEND.get(inst, 0.5)
                if s:
                    send[at : at + n] += (gain * s * 0.5) * mono
        b += per
        spec = np.fft.rfft(send[:length], nfft)
        for ch in range(2):
            wet = np.fft.irfft(spec * ir_spec[:, ch], nfft)[: length + len(ir)]
            buf[: len(wet), ch] += (MOODS[mood_name(mood)].space * 1.5) * wet.astype(np.float32)
        buf[:length] += fx.harmony(wide[:length])
        send_carry = send[length:].copy()
        wide_carry = wide[length:].copy()
        carry = buf[length:].copy()
        out = np.tanh(fx.master(buf[: min(length, n_total - pos)]) * 1.2)  # soft peaks; normalised later
        if pos < int(FADE_IN * SR):
            i = np.arange(pos, pos + len(out))
            out *= np.clip(i / (FADE_IN * SR), 0, 1)[:, None]
        if pos + len(out) > fade_from:
            i = np.arange(pos, pos + len(out))
            g = np.clip((n_total - i) / max(1, n_total - fade_from), 0, 1) ** 1.5
            out *= g[:, None].astype(np.float32)
        pos += len(out)
        yield out.astype(np.float32, copy=False)


def generate(mood: str, seconds: float, seed: int = 7, *, ending: bool = True) -> np.ndarray:
    """Stereo float32 samples (n, 2) of `seconds` of music in `mood`."""
    out = np.empty((max(1, int(round(seconds * SR))), 2), np.float32)
    pos, peak = 0, 0.0
    for block in _blocks(mood, seconds, seed, ending):
        out[pos : pos + len(block)] = block
        pos += len(block)
        peak = max(peak, float(np.max(np.abs(block))))  # per block: no whole-track temporaries
    out *= PEAK / (peak or 1.0)
    return out


def loopable(mood: str, bars: int = 8, seed: int = 7) -> np.ndarray:
    """A whole number of bars with no ending; the seam is crossfaded so looping never clicks."""
    m = MOODS[mood_name(mood)]
    seconds = bars * 240.0 / m.bpm
    tail = 0.05
    x = generate(mood, seconds + tail, seed, ending=False)
    n = int(round(seconds * SR))
    k = len(x) - n
    body = x[:n].copy()
    ramp = np.linspace(0, 1, k, dtype=np.float32)[:, None]
    body[:k] = body[:k] * ramp + x[n:] * (1 - ramp)  # the tail blends into the head
    return body


def _pcm(x: np.ndarray, gain: float = 1.0) -> bytes:
    return (np.clip(x * gain, -1, 1) * 32767).astype("<i2").tobytes()


def _open_wav(path: Path) -> wave.Wave_write:
    w = wave.open(str(path), "wb")
    w.setnchannels(2)
    w.setsampwidth(2)
    w.setframerate(SR)
    return w


def write_wav(samples: np.ndarray, path: str | Path) -> Path:
    path = Path(path)
    tmp = path.with_suffix(".tmp.wav")
    with _open_wav(tmp) as w:
        for i in range(0, len(samples), SR * 10):  # in slices: no whole-track int16/float copies
            w.writeframes(_pcm(samples[i : i + SR * 10]))
    tmp.replace(path)
    return path


def make_track(mood: str, seconds: float, path: str | Path, seed: int = 7) -> Path:
    """Write a 48 kHz stereo 16-bit WAV, streaming: blocks go to a float32 scratch file, then are
    scaled to the peak and converted, so memory stays flat however long the track is."""
    path = Path(path)
    tmp = path.with_suffix(".tmp.wav")
    peak = 0.0
    with tempfile.TemporaryFile(dir=path.parent) as scratch:
        for block in _blocks(mood, seconds, seed, True):
            peak = max(peak, float(np.max(np.abs(block))))
            scratch.write(block.tobytes())
        scratch.seek(0)
        gain = PEAK / (peak or 1.0)
        with _open_wav(tmp) as w:
            while chunk := scratch.read(SR * 8 * 10):
                w.writeframes(_pcm(np.frombuffer(chunk, np.float32).reshape(-1, 2), gain))
    tmp.replace(path)
    return path
