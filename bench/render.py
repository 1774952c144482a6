"""The reference render job, measured side by side in one run.

    python bench/render.py [--skip-moviepy] [--out bench/out]

(a) our render of a 30 s 1080p30 slideshow of ten 12-megapixel photos with a
    transition at every join, gentle Ken Burns, a title, a caption and music;
(b) the pure encode of the same output frames with the same encoder settings
    (our output decoded to raw first, untimed; then the re-encode is timed);
(c) the same job in MoviePy (the optional `bench` extra), when installed.
Prints the ratios the README quotes; targets: a/b <= 1.3, c/a >= 5,
peak RSS < 1.5 GB, preview < 3 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reelsmith.engine.media import music
from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.render import QUALITY, X264_THREADS, encoder_args, render

W, H, FPS, SECONDS, N_PHOTOS, TRANS_MS = 1920, 1080, 30, 30, 10, 800
MOTIONS = [
    "zoom_in",
    "pan_right",
    "zoom_out",
    "pan_left",
    "zoom_in",
    "pan_up",
    "zoom_out",
    "pan_down",
    "zoom_in",
    "pan_right",
]


def make_inputs(out: Path) -> tuple[list[Path], Path]:
    """Ten 12 MP photos: the sample photos upscaled, with grain and detail, not flat colour."""
    out.mkdir(parents=True, exist_ok=True)
    samples = sorted((ROOT / "examples" / "photos").glob("*.jpg"))
    rng = np.random.default_rng(1)
    photos = []
    for i in range(N_PHOTOS):
        p = out / f"photo{i:02d}.jpg"
        photos.append(p)
        if p.exists():
            continue
        base = Image.open(samples[i % len(samples)]).convert("RGB")
        if i >= len(samples):
            base = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        im = base.resize((4000, 3000), Image.Resampling.BICUBIC).filter(ImageFilter.DETAIL)
        arr = np.asarray(im, dtype=np.int16)
        grain = rng.normal(0, 6, arr.shape[:2])[..., None]  # sensor-like grain on all channels
        Image.fromarray(np.clip(arr + grain, 0, 255).astype(np.uint8)).save(p, quality=92)
    track = out / "music.wav"
    if not track.exists():
        music.make_track("upbeat", SECONDS, track)
    return photos, track


def reference_draft(photos: list[Path], track: Path) -> Draft:
    # durations so that ten photos overlapping by TRANS_MS fill exactly SECONDS
    seg_ms = (SECONDS * 1000 + (N_PHOTOS - 1) * TRANS_MS) // N_PHOTOS
    sg = [
        {
            "src": str(p),
            "name": p.stem,
            "d": seg_ms,
            "motion": {"type": MOTIONS[i], "amount": 0.06},
            "tr": {"name": "fade", "d": TRANS_MS},
        }
        for i, p in enumerate(photos)
    ]
    return Draft.parse(
        {
            "t": [
                {"tt": 0, "sg": sg},
                {"tt": 1, "sg": [{"src": str(track), "name": "upbeat", "d": SECONDS * 1000, "vol": 0.5}]},
                {
                    "tt": 7,
                    "sg": [
                        {
                            "text": "Summer Collection",
                            "role": "title",
                            "st": 0,
                            "d": 3500,
                            "pos": "center",
                            "style": {"size": 0.1},
                        },
                        {
                            "text": "Handmade, shipped worldwide",
                            "role": "caption",
                            "st": 12000,
                            "d": 4000,
                            "pos": "bottom",
                        },
                    ],
                },
            ],
            "d": SECONDS * 1000,
            "m": {"width": W, "height": H, "fps": FPS, "title": "bench"},
        }
    )


def timed(fn):
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def pure_encode(src: Path, work: Path) -> float:
    ff = ffmpeg_exe()
    raw, wav = work / "frames.yuv", work / "audio.wav"
    subprocess.run(
        [ff, "-v", "error", "-y", "-i", str(src), "-f", "rawvideo", "-pix_fmt", "yuv420p", str(raw), "-vn", str(wav)],
        check=True,
    )
    cmd = [
        ff,
        "-v",
        "error",
        "-y",
        "-f",
        "rawvideo",
        "-pix_fmt",
        "yuv420p",
        "-s",
        f"{W}x{H}",
        "-r",
        str(FPS),
        "-i",
        str(raw),
        "-i",
        str(wav),
        *encoder_args("high"),
        str(work / "pure.mp4"),
    ]
    try:
        return timed(lambda: subprocess.run(cmd, check=True))
    finally:
        raw.unlink(missing_ok=True)


def moviepy_job(photos: list[Path], track: Path, out: Path) -> float | None:
    try:
        import moviepy as mp
    except ImportError:
        return None
    from reelsmith.engine.media import fonts

    seg = (SECONDS * 1000 + (N_PHOTOS - 1) * TRANS_MS) / N_PHOTOS / 1000
    tr = TRANS_MS / 1000

    def job() -> None:
        clips = []
        for i, p in enumerate(photos):
            z = 0.06
            c = mp.ImageClip(str(p)).resized(height=int(H * (1 + z)))
            c = c.cropped(x_center=c.w / 2, y_center=c.h / 2, width=int(W * (1 + z)), height=int(H * (1 + z)))
            c = c.with_duration(seg).resized(lambda t, d=seg, z=z: 1 / (1 + z) * (1 + z * t / d))
            c = c.with_position("center")
            c = mp.CompositeVideoClip([c], size=(W, H)).with_duration(seg)
            if i:
                c = c.with_effects([mp.vfx.CrossFadeIn(tr)])
            clips.append(c.with_start(i * (seg - tr)))
        font = str(fonts.resolve("sans", "x"))
        title = (
            mp.TextClip(
                font=font, text="Summer Collection", font_size=108, color="white", stroke_color="black", stroke_width=3
            )
            .with_start(0)
            .with_duration(3.5)
        )
        cap = (
            mp.TextClip(
                font=font,
                text="Handmade, shipped worldwide",
                font_size=65,
                color="white",
                stroke_color="black",
                stroke_width=3,
            )
            .with_start(12)
            .with_duration(4)
        )
        video = mp.CompositeVideoClip(
            clips + [title.with_position("center"), cap.with_position(("center", H - 160))], size=(W, H)
        )
        audio = mp.AudioFileClip(str(track)).with_duration(SECONDS)
        video = video.with_audio(audio).with_duration(SECONDS)
        preset, crf, abr = QUALITY["high"]
        video.write_videofile(
            str(out),
            fps=FPS,
            codec="libx264",
            preset=preset,
            audio_codec="aac",
            audio_bitrate=abr,
            ffmpeg_params=["-crf", str(crf), "-threads", X264_THREADS],
            logger=None,
        )

    return timed(job)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--skip-moviepy", action="store_true")
    args = ap.parse_args()
    work = args.out
    photos, track = make_inputs(work / "inputs")
    draft = reference_draft(photos, track)
    ours = work / "ours.mp4"
    a = timed(lambda: render(draft, ours, work_dir=work / "cache-a"))
    rss_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    b = pure_encode(ours, work)
    prev = timed(lambda: render(draft, work / "preview.mp4", preview=True, work_dir=work / "cache-p"))
    c = None if args.skip_moviepy else moviepy_job(photos, track, work / "moviepy.mp4")
    res = {
        "render_s": round(a, 2),
        "pure_encode_s": round(b, 2),
        "a_over_b": round(a / b, 3),
        "preview_s": round(prev, 2),
        "peak_rss_mb": round(max(rss_children, rss_self)),
        "moviepy_s": round(c, 2) if c else None,
        "moviepy_over_ours": round(c / a, 2) if c else None,
    }
    print(f"(a) our render            {a:7.2f} s")
    print(f"(b) pure encode           {b:7.2f} s   a/b = {a / b:.3f}   (target <= 1.3)")
    if c:
        print(f"(c) MoviePy               {c:7.2f} s   c/a = {c / a:.2f}    (target >= 5)")
    else:
        print("(c) MoviePy               skipped (pip install -e '.[bench]' to include it)")
    print(f"preview                   {prev:7.2f} s   (target < 3)")
    print(f"peak RSS                  {res['peak_rss_mb']:7d} MB  (target < 1536; largest process)")
    (work / "results.json").write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
