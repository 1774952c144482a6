"""Beat analysis for cutting on the beat: a click track of known tempo, a song file, and generated
music, whose beats must be found within one video frame at 30 fps (33 ms)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from reelsmith.engine.media import beats, music

FRAME = 1 / 30


def click_track(bpm: float, seconds: float, sr: int = 22050, start: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
    """Clicks at `bpm` from `start`, the first of each bar higher and louder; (audio, click times)."""
    x = np.zeros(int(seconds * sr), np.float32)
    t = np.arange(int(0.03 * sr)) / sr
    times = start + np.arange(int((seconds - start - 0.1) * bpm / 60)) * 60 / bpm
    for k, at in enumerate(times):
        i = int(round(at * sr))
        down = k % 4 == 0
        x[i : i + len(t)] += (
            (1.0 if down else 0.6) * np.sin(2 * np.pi * (1500 if down else 1000) * t) * np.exp(-t / 0.008)
        )
    return x, times


def nearest(grid: np.ndarray, t: np.ndarray) -> np.ndarray:
    return np.abs(grid[None, :] - t[:, None]).min(axis=1)


@pytest.mark.parametrize("bpm", [72.0, 97.5, 128.0, 150.0])
def test_click_track_tempo_beats_and_bars(bpm: float) -> None:
    x, truth = click_track(bpm, 24)
    got = beats.analyse(x, 22050)
    assert abs(got.tempo - bpm) < 0.5, got.tempo
    assert len(got.beats) >= len(truth) - 1
    assert nearest(truth, got.beats).max() < FRAME  # every beat found is a click
    assert nearest(got.beats, truth[1:-1]).max() < FRAME  # and every click is found
    assert nearest(truth[::4], got.bars).max() < FRAME  # bars start on the accented clicks


def test_a_song_file(tmp_path: Path) -> None:
    x, truth = click_track(110, 16, 44100)
    path = tmp_path / "song.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes((x * 20000).astype("<i2").tobytes())
    got = beats.analyse_file(path)
    assert abs(got.tempo - 110) < 0.5
    assert nearest(truth, got.beats).max() < FRAME


def test_silence_has_no_beats() -> None:
    got = beats.analyse(np.zeros(22050 * 3, np.float32), 22050)
    assert got.tempo == 0 and len(got.beats) == 0 and got.snap(1.23) == 1.23


@pytest.mark.parametrize("mood", ["upbeat", "lofi", "corporate", "festive", "cinematic"])
def test_generated_music_beats_are_found_on_its_grid(mood: str) -> None:
    """The beats a tracker finds in generated music are the score's grid (beats.grid), to a frame."""
    bpm = music.MOODS[mood].bpm
    x = music.generate(mood, 20.0)
    got = beats.analyse(x, music.SR)
    grid = beats.grid(bpm, 20.0)
    assert abs(got.tempo - bpm) < 2, got.tempo
    assert np.mean(nearest(grid.beats, got.beats) < FRAME) > 0.9, mood


def test_grid_and_snap() -> None:
    g = beats.grid(120, 10.0)
    assert len(g.beats) == 20 and g.beats[1] == 0.5 and list(g.bars[:3]) == [0.0, 2.0, 4.0]
    assert g.snap(1.2) == 1.0 and g.snap(1.3) == 1.5 and g.snap(1.3, "bar") == 2.0
    assert g.snap(99.0) == 9.5 and g.snap(-1.0) == 0.0


def test_beats_keep_through_json_with_the_songs_loudness() -> None:
    x, _ = click_track(120, 8)
    x[4 * 22050 :] *= 0.1  # 20 dB quieter in its second half
    got = beats.analyse(x, 22050)
    assert len(got.level) == 8 * beats.LEVEL_HZ and got.duration == pytest.approx(8.0)
    assert np.median(got.level[2:8]) - np.median(got.level[10:]) == pytest.approx(20, abs=1)
    back = beats.Beats.load(got.dump())
    assert back.tempo == got.tempo and np.allclose(back.beats, got.beats, atol=1e-4)
    assert np.allclose(back.level, got.level, atol=0.05) and back.duration == got.duration
