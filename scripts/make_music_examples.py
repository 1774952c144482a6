"""Render a 30 s sample per mood to examples/music/<mood>-30s.m4a and print what each measures.

    python scripts/make_music_examples.py [--seconds 30]

AAC at 24 kb/s (about 100 kB for 30 s), encoded with imageio-ffmpeg's ffmpeg: enough to judge the
arrangement and timbre; the figures printed (tempo found in the audio, band energy shares against the
mood's targets, the highest 4-bar section correlation, loudness range, loudness and true peak after
the renderer's master) are measured on the uncompressed track, as tests/test_music_measures.py does.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg

from reelsmith.engine.media import music
from reelsmith.engine.media.music_measure import measure, targets

OUT = Path(__file__).resolve().parents[1] / "examples" / "music"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    args = ap.parse_args()
    ff = imageio_ffmpeg.get_ffmpeg_exe()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for mood in music.MOODS:
            x = music.generate(mood, args.seconds)
            wav = music.write_wav(x, Path(tmp) / f"{mood}.wav")
            out = OUT / f"{mood}-{int(args.seconds)}s.m4a"
            subprocess.run(
                [ff, "-y", "-v", "error", "-i", str(wav), "-c:a", "aac", "-b:a", "24k", str(out)], check=True
            )
            bpm = music.MOODS[mood].bpm
            r = measure(x, music.SR, bpm, Path(tmp))
            bands = " ".join(
                f"{k} {r[k]:.3f}{'' if lo <= r[k] <= hi else '(!)'}" for k, (lo, hi) in targets(mood).items()
            )
            print(
                f"{mood:10s} tempo {r['tempo']:5.1f}/{bpm} {bands} corr {r['corr']:.2f} LRA {r['lra']:.1f} LU"
                f" {r['lufs']:.1f} LUFS {r['peak']:.1f} dBTP  {out.name} {out.stat().st_size / 1e3:.0f} kB"
            )


if __name__ == "__main__":
    main()
