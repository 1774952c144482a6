"""The mixed job: four phone photos (one taken upright) and two phone clips with sound, 24 s of 1080p30.

Photos are 12 MP JPEGs named as a phone names them; the upright one is stored on its side with EXIF
orientation 6, as phones store it. The clips are 1080p30 H.264 + AAC made by ffmpeg from a detailed
picture (a moving crop of a 12 MP photo, with fresh grain every frame, so they compress like footage
and not like a test card) and a sound (a tone over pink noise); the second clip was "shot upright":
coded 1920x1080 with a 90-degree display rotation. The draft mixes fades, slides and wipes, gives
every photo Ken Burns motion, fits the upright photo and clip on a blurred fill (as the editor
does for a shape far from the canvas) and lays generated music under the clips' own sound.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from PIL import Image
from shared import SAMPLES, clocked, twelve_mp

from reelsmith.engine.media import music
from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.engine.model.draft import Draft

W, H, FPS = 1920, 1080, 30
PHOTO_MS, CLIP_MS, CLIP_SOURCE_S, TRANS_MS = 4500, 5000, 6, 800
SECONDS = (4 * PHOTO_MS + 2 * CLIP_MS - 5 * TRANS_MS) // 1000  # 24
PHOTOS = ["IMG_20240612_143055.jpg", "IMG_20240612_143112.jpg", "IMG_20240612_143140.jpg", "IMG_20240612_143201.jpg"]
CLIPS = ["VID_20240612_143120.mp4", "VID_20240612_143150.mp4"]
PORTRAIT = 1  # the photo taken upright


def make_inputs(out: Path) -> tuple[list[Path], list[Path], Path]:
    """The four photos, the two clips and a music track, made once and kept in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    photos = [out / n for n in PHOTOS]
    for i, p in enumerate(photos):
        if p.exists():
            continue
        base = Image.open(SAMPLES[(i + 1) % len(SAMPLES)]).convert("RGB")
        im = twelve_mp(base, np.random.default_rng(20 + i))  # a seed per file: the same photo whatever is cached
        exif = Image.Exif()
        exif[0x0110] = "Pixel 8"  # Model
        if i == PORTRAIT:  # upright 3000x4000, stored on its side: EXIF 6 says "turn 90 degrees clockwise"
            im = im.crop((875, 0, 3125, 3000)).resize((3000, 4000), Image.Resampling.BICUBIC)
            im = im.transpose(Image.Transpose.ROTATE_90)
            exif[0x0112] = 6
        im.save(p, quality=92, exif=exif)
    clips = [out / n for n in CLIPS]
    for i, c in enumerate(clips):
        if not c.exists():
            rng = np.random.default_rng(30 + i)
            _make_clip(c, out / f"clip-source-{i}.png", SAMPLES[(i + 3) % len(SAMPLES)], rng, upright=i == 1)
    track = out / "music.wav"
    if not track.exists():
        music.make_track("upbeat", SECONDS, track)
    return photos, clips, track


def _make_clip(out: Path, still: Path, sample: Path, rng: np.random.Generator, upright: bool) -> None:
    twelve_mp(Image.open(sample).convert("RGB"), rng).save(still, compress_level=1)
    n = CLIP_SOURCE_S * FPS
    # a hand-held-like drift over the big picture, decoded once (`loop`), with grain that changes every frame
    w, h = (1080, 1920) if upright else (1920, 1080)
    video = (
        f"[0:v]loop=loop={n - 1}:size=1:start=0,setpts=N/{FPS}/TB,"
        f"crop={w}:{h}:x='300+t*55':y='250+t*18',noise=alls=6:allf=t,format=yuv420p"
        + (",transpose=clock" if upright else "")  # coded on its side; the display rotation turns it back
        + "[v]"
    )
    audio = "[1:a][2:a]amix=inputs=2:normalize=0,aformat=channel_layouts=stereo[a]"
    coded = out.with_suffix(".coded.mp4") if upright else out
    ff = ffmpeg_exe()
    subprocess.run(
        [ff, "-v", "error", "-y", "-i", str(still)]
        + ["-f", "lavfi", "-i", f"sine=frequency=220:sample_rate=48000:duration={CLIP_SOURCE_S}"]
        + ["-f", "lavfi", "-i", f"anoisesrc=color=pink:amplitude=0.08:sample_rate=48000:duration={CLIP_SOURCE_S}"]
        + ["-filter_complex", f"{video};{audio}", "-map", "[v]", "-map", "[a]", "-t", str(CLIP_SOURCE_S)]
        + [
            "-r",
            str(FPS),
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-b:v",
            "17M",
            "-maxrate",
            "20M",
            "-bufsize",
            "20M",
        ]
        + ["-profile:v", "high", "-g", "30"]  # about what a phone writes for 1080p30
        + ["-c:a", "aac", "-b:a", "128k", str(coded)],
        check=True,
    )
    if upright:  # as a phone writes a portrait clip: landscape frames, a 90-degree display matrix
        subprocess.run(
            [ff, "-v", "error", "-y", "-display_rotation", "90", "-i", str(coded), "-c", "copy", str(out)], check=True
        )
        coded.unlink()
    still.unlink()


def draft(photos: list[Path], clips: list[Path], track: Path) -> Draft:
    """Photo, clip, upright photo, photo, upright clip, photo: every join a transition."""
    motions = ["zoom_in", "zoom_out", "pan_right", "zoom_in"]
    transitions = ["fade", "slideleft", "fade", "wipeleft", "fade"]

    def photo(i: int) -> dict:
        fit = "blur" if i == PORTRAIT else "cover"
        return {
            "src": str(photos[i]),
            "name": photos[i].stem,
            "d": PHOTO_MS,
            "fit": fit,
            "motion": {"type": motions[i]},
        }

    def clip(i: int) -> dict:
        fit = "blur" if i == 1 else "cover"
        return {"src": str(clips[i]), "name": clips[i].stem, "kind": "video", "d": CLIP_MS, "fit": fit}

    sg = [photo(0), clip(0), photo(1), photo(2), clip(1), photo(3)]
    for s, tr in zip(sg, transitions, strict=False):
        s["tr"] = {"name": tr, "d": TRANS_MS}
    return Draft.parse(
        {
            "t": [
                {"tt": 0, "sg": sg},
                {"tt": 1, "sg": [{"src": str(track), "name": "upbeat", "d": SECONDS * 1000, "vol": 0.5}]},
            ],
            "d": SECONDS * 1000,
            "m": {"width": W, "height": H, "fps": FPS, "title": "bench mixed", "fade_in": 400, "fade_out": 800},
        }
    )


def decode_clips(clips: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds to decode the two clips' pictures as the render reads them (from the
    in-point, the segment's length plus half a second), and nothing else: the part of a - b that
    no renderer of these clips can leave out."""
    ff = ffmpeg_exe()
    span = str(CLIP_MS / 1000 + 0.5)
    cmds = [
        [ff, "-v", "error", "-nostdin", "-ss", "0", "-t", span, "-i", str(c), "-map", "0:v", "-f", "null", "-"]
        for c in clips
    ]
    return clocked(lambda: [subprocess.run(cmd, check=True) for cmd in cmds])
