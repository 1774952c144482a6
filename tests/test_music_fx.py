"""The generated music's effects (media/music_fx.py): each does what it is there for, and streaming a
track through them in blocks sounds the same as one pass."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from reelsmith.engine.media import music
from reelsmith.engine.media.music_fx import Chain

SR = music.SR
CALM = music.MOODS["calm"]


def _sine(hz: float, seconds: float, level: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    x = (level * np.sin(2 * np.pi * hz * t)).astype(np.float32)
    return np.stack([x, x], axis=1)


def _band(x: np.ndarray, lo: float, hi: float) -> float:
    spec = np.abs(np.fft.rfft(x[:, 0])) ** 2
    f = np.fft.rfftfreq(len(x), 1 / SR)
    return float(spec[(f >= lo) & (f < hi)].sum())


def test_streaming_in_blocks_equals_one_pass():
    x = np.random.default_rng(3).normal(0, 0.2, (SR * 3, 2)).astype(np.float32)
    whole = Chain(CALM, SR)
    a = np.concatenate([whole.harmony(x), whole.master(x)])
    parts = Chain(CALM, SR)
    cuts = [0, 7_001, 50_000, 90_123, 90_400, len(x)]  # the last block may be short
    h = np.concatenate([parts.harmony(x[i:j]) for i, j in itertools.pairwise(cuts)])
    m = np.concatenate([parts.master(x[i:j]) for i, j in itertools.pairwise(cuts)])
    assert np.allclose(a, np.concatenate([h, m]), atol=1e-5)


def test_chorus_widens_a_centred_pad_and_none_leaves_it_centred():
    pad = _sine(220.0, 2.0)
    wide = Chain(CALM, SR).harmony(pad)
    dry = Chain(dataclasses.replace(CALM, chorus=0.0), SR).harmony(pad)
    side = lambda y: float(np.sqrt(np.mean((y[:, 0] - y[:, 1]) ** 2)))  # noqa: E731
    assert side(dry) < 1e-4
    assert side(wide) > 0.01


def test_the_bus_cuts_rumble_shapes_presence_and_air_and_holds_loud_passages():
    rumble = Chain(CALM, SR).master(_sine(18.0, 2.0))
    assert _band(rumble, 10, 25) < 0.4 * _band(_sine(18.0, 2.0), 10, 25)
    bright = dataclasses.replace(CALM, presence_db=4.0)
    tone = _sine(3000.0, 1.0, 0.05)
    assert _band(Chain(bright, SR).master(tone), 2500, 3500) > 1.8 * _band(Chain(CALM, SR).master(tone), 2500, 3500)
    hiss = _sine(10000.0, 1.0, 0.05)
    soft = dataclasses.replace(CALM, air_db=-4.0)
    assert _band(Chain(soft, SR).master(hiss), 9000, 11000) < 0.6 * _band(Chain(CALM, SR).master(hiss), 9000, 11000)
    loud, quiet = _sine(440.0, 2.0, 0.9), _sine(440.0, 2.0, 0.05)
    gain = lambda x: float(np.abs(Chain(CALM, SR).master(x)[SR:]).max() / np.abs(x).max())  # noqa: E731
    assert gain(loud) < 0.85 * gain(quiet)  # the compressor leans on the loud one only
