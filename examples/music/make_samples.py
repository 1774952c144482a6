"""Render a 30 s sample per mood to examples/music/<mood>-30s.m4a and print what they measure.

    python examples/music/make_samples.py [--seconds 30]

Each sample is AAC at 128 kb/s (about 0.5 MB for 30 s), encoded with imageio-ffmpeg's ffmpeg.
The printed figures are the ones tests/test_music.py checks: tempo, band energy shares, the
highest correlation between two 4-bar sections, and the EBU R128 loudness range.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import imageio_ffmpeg

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))

from test_music import band_shares, lra, onset_tempo, section_correlations

from reelsmith.engine.media import music


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    ff = imageio_ffmpeg.get_ffmpeg_exe()
    with tempfile.TemporaryDirectory() as tmp:
        for mood in music.MOODS:
            x = music.generate(mood, args.seconds)
            wav = music.write_wav(x, Path(tmp) / f"{mood}.wav")
            out = HERE / f"{mood}-{int(args.seconds)}s.m4a"
            subprocess.run(
                [ff, "-y", "-v", "error", "-i", str(wav), "-c:a", "aac", "-b:a", "128k", str(out)], check=True
            )
            b = band_shares(x)
            print(
                f"{mood:10s} tempo {onset_tempo(x):5.1f}/{music.MOODS[mood].bpm} "
                + " ".join(f"{k} {v:.3f}" for k, v in b.items())
                + f"  max 4-bar corr {section_correlations(x, music.MOODS[mood].bpm).max():.2f}"
                + f"  LRA {lra(x, Path(tmp)):.1f} LU  {out.name} {out.stat().st_size / 1e6:.2f} MB"
            )


if __name__ == "__main__":
    main()
