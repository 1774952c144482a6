"""The reference job: ten 12 MP photos into 30 s of 1080p30 with a fade at every join, gentle Ken Burns,
a title, a caption and music; its inputs, its draft, and the same job written for MoviePy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image
from shared import SAMPLES, timed, twelve_mp

from reelsmith.engine.media import music
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.render import QUALITY, X264_THREADS

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
    rng = np.random.default_rng(1)
    photos = []
    for i in range(N_PHOTOS):
        p = out / f"photo{i:02d}.jpg"
        photos.append(p)
        if p.exists():
            continue
        base = Image.open(SAMPLES[i % len(SAMPLES)]).convert("RGB")
        if i >= len(SAMPLES):
            base = base.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
        twelve_mp(base, rng).save(p, quality=92)
    track = out / "music.wav"
    if not track.exists():
        music.make_track("upbeat", SECONDS, track)
    return photos, track


def draft(photos: list[Path], track: Path) -> Draft:
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
                            "style": {"size": 0.1, "anim": "pop"},  # text animation on (issue 17)
                        },
                        {
                            "text": "Handmade, shipped worldwide",
                            "role": "caption",
                            "st": 12000,
                            "d": 4000,
                            "pos": "bottom",
                            "style": {"anim": "words"},
                        },
                    ],
                },
            ],
            "d": SECONDS * 1000,
            "m": {"width": W, "height": H, "fps": FPS, "title": "bench"},
        }
    )


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
