"""A contact sheet per named look, for a landscape and a vertical video, made by the product itself.

    python examples/styles.py [--out build/styles] [--sheets docs/img]

For each look (professional, bold, fun, elegant, cinematic, minimal) and each shape, one conversation
through the local engine: the example photos and logo, a 12 second video with a title, a subtitle
and a call to action, then the look by name. The video is exported at draft quality and six frames,
evenly spaced and taken as they come (never picked), go on one sheet: docs/img/style-<look>-<shape>.png.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

import imageio_ffmpeg
from PIL import Image, ImageDraw, ImageFont

from reelsmith import local
from reelsmith.engine.edit.styles import STYLES
from reelsmith.engine.media import fonts
from reelsmith.skill import Client

HERE = Path(__file__).parent
PHOTOS = sorted((HERE / "photos").glob("*.jpg"))
REQUEST = "a 12 second video, title 'Summer Sale', subtitle 'Everything must go' and end with 'Shop now'"
SAY = {
    "professional": "make it more professional",
    "bold": "make it pop",
    "fun": "make it more fun",
    "elegant": "make it elegant",
    "cinematic": "make it cinematic",
    "minimal": "make it minimal",
}
SHAPES = {"16x9": None, "9x16": "make it vertical"}
FRAMES = 6
CELL = 360  # the long side of each frame on the sheet


def grab(video: Path, at: float, out: Path) -> Image.Image:
    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-ss", f"{at:.3f}", "-i", str(video)]
        + ["-frames:v", "1", str(out)],
        check=True,
    )
    with Image.open(out) as im:
        im.thumbnail((CELL, CELL))
        return im.convert("RGB")


def sheet(frames: list[Image.Image], label: str) -> Image.Image:
    w, h = frames[0].size
    cols = 3 if w > h else 6
    rows = (len(frames) + cols - 1) // cols
    pad, head = 8, 36
    out = Image.new("RGB", (cols * (w + pad) + pad, rows * (h + pad) + pad + head), "#202020")
    draw = ImageDraw.Draw(out)
    draw.text((pad, 8), label, fill="#ffffff", font=ImageFont.truetype(str(fonts.resolve("bold", label)), 20))
    for i, f in enumerate(frames):
        out.paste(f, (pad + (i % cols) * (w + pad), head + pad + (i // cols) * (h + pad)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="build/styles")
    ap.add_argument("--sheets", default=str(HERE.parent / "docs" / "img"))
    args = ap.parse_args()
    out, sheets = Path(args.out), Path(args.sheets)
    out.mkdir(parents=True, exist_ok=True)
    sheets.mkdir(parents=True, exist_ok=True)
    with Client(local.connect("local")) as client, tempfile.TemporaryDirectory() as tmp:
        for style in STYLES:
            for shape, turn in SHAPES.items():
                s = client.new_session()
                s.upload([*PHOTOS, HERE / "logo.png"])
                for request in [REQUEST, SAY[style], *([turn] if turn else [])]:
                    for _ in s.say(request):
                        pass
                video = out / f"style-{style}-{shape}.mp4"
                res = s.export(video, "draft")
                times = [res.seconds * (i + 0.5) / FRAMES for i in range(FRAMES)]
                frames = [grab(video, t, Path(tmp) / f"f{i}.png") for i, t in enumerate(times)]
                label = f"{style}, {shape.replace('x', ':')}: " + ", ".join(f"{t:.1f}s" for t in times)
                path = sheets / f"style-{style}-{shape}.png"
                sheet(frames, label).save(path, optimize=True)
                print(f"{style} {shape}: {video} ({res.seconds:.1f}s) -> {path}")


if __name__ == "__main__":
    main()
