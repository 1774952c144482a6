"""The seeds' two example requests, end to end through the local engine, with a frame of each.

    python examples/seeds.py [--quality draft] [--out build/seeds]

Uploads examples/photos (plus examples/logo.png for the promo), sends each request
through /run_sse, exports and downloads the MP4, prints the timeline summary and
saves a still from the middle of each video (the README shows them).
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

import imageio_ffmpeg

from reelsmith import local
from reelsmith.engine.model.draft import Draft, layout
from reelsmith.skill import Client

HERE = Path(__file__).parent
PHOTOS = sorted((HERE / "photos").glob("*.jpg"))
SEEDS = {
    "promo": (
        "turn these images into a 30-second promo video with music and text overlays",
        [*PHOTOS, HERE / "logo.png"],
    ),
    "slideshow": ("turn my photos into a slideshow video with music and transitions", PHOTOS),
}


def frame(video: Path, at: float, out: Path) -> Path:
    """One still, 640 px wide, at `at` seconds."""
    subprocess.run(
        [
            imageio_ffmpeg.get_ffmpeg_exe(),
            "-v",
            "error",
            "-y",
            "-ss",
            f"{at:.2f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-vf",
            "scale=640:-2",
            str(out),
        ],
        check=True,
    )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quality", default="high")
    ap.add_argument("--out", default="build/seeds")
    ap.add_argument("--frames", default=str(HERE.parent / "docs" / "img"))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with Client(local.connect("local")) as client:
        for name, (request, files) in SEEDS.items():
            s = client.new_session()
            s.upload(files)
            summary = next(ev.data["summary"] for ev in s.say(request) if ev.kind == "done")
            video = out / f"seed-{name}.mp4"
            s.export(video, args.quality)
            draft = Draft.parse(s.state().draft)
            start, end = layout(draft.video())[1]  # the middle of the second photo, clear of transitions
            still = frame(video, (start + end) / 2000, Path(args.frames) / f"seed-{name}.png")
            secs = draft.d / 1000
            print(f"{name}: {request!r}\n  {summary}\n  {video} ({secs:g}s), frame {still}")


if __name__ == "__main__":
    main()
