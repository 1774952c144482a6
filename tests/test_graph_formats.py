"""The render's graph keeps every frame in yuv420p, the format it is encoded in.

ffmpeg converts silently where two filters disagree on a format, and each conversion of a whole frame
costs about as much as drawing it: `xfade` takes only unsubsampled formats, and `overlay` with
`format=auto` turned the whole video to yuva420p and back for a logo or a title. These checks read
the conversions ffmpeg inserts when it builds the real graph of a real draft.
"""

import re
import subprocess
from pathlib import Path

from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.engine.media.probe import probe
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.compile import compile_draft
from reelsmith.engine.render.render import canvas_for
from reelsmith.engine.render.stills import prepare_still
from reelsmith.engine.render.video import still_jobs

from .media import photo

# "[auto_scale_3 @ 0x..] w:640 h:360 fmt:yuv420p ... -> w:640 h:360 fmt:yuv444p ..."
CONVERSION = re.compile(r"auto_scale_\d+ @ \w+\] w:(\d+) h:(\d+) fmt:(\w+) .*?-> w:\d+ h:\d+ fmt:(\w+)")


def conversions(draft: Draft, tmp_path: Path) -> list[tuple[int, int, str, str]]:
    """(w, h, from, to) of each conversion ffmpeg inserts into the draft's render graph."""
    cv = canvas_for(draft)
    for job in still_jobs(draft, cv, str):
        prepare_still(job, tmp_path)
    plan = compile_draft(draft, cv, tmp_path, str, lambda p: probe(p, with_hash=False), tmp_path)
    script = tmp_path / "graph.txt"
    script.write_text(";\n".join(plan.lines), encoding="utf-8")
    args = plan.args_for(script, "[vout]")  # the picture only: the sound is premixed elsewhere
    log = subprocess.run(
        [ffmpeg_exe(), "-v", "verbose", "-nostdin", *args, "-frames:v", "3", "-f", "null", "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stderr
    return [(int(w), int(h), a, b) for w, h, a, b in CONVERSION.findall(log)]


def test_a_slideshow_with_crossfades_title_logo_and_fades_converts_no_frame_of_the_video(media, tmp_path):
    photos = [photo(media / f"IMG_20240612_14305{i}.jpg", size=(900, 700)) for i in range(3)]
    logo = photo(media / "logo.png", size=(200, 80), color=(200, 30, 30))
    video = [
        {"src": str(p), "d": 1500, "motion": {"type": "zoom_in"}, "tr": {"name": "fade", "d": 400}} for p in photos
    ]
    draft = Draft.parse(
        {
            "t": [
                {"tt": 0, "sg": video},
                {"tt": 2, "sg": [{"src": str(logo), "st": 0, "d": 3700, "pos": "top_right"}]},
                {
                    "tt": 7,
                    "sg": [{"text": "Summer Sale", "role": "title", "st": 0, "d": 2000, "style": {"anim": "pop"}}],
                },
            ],
            "d": 3700,
            "m": {"width": 640, "height": 360, "fps": 30, "fade_in": 300, "fade_out": 500},
        }
    )
    conv = conversions(draft, tmp_path)
    from_video = [c for c in conv if c[2] == "yuv420p"]
    # the one conversion left: each crossfade's incoming frames gain an alpha plane to be blended
    # over the outgoing ones (24 frames a join, not every frame of the video)
    assert [c[3] for c in from_video] == ["yuva420p", "yuva420p"], conv
    assert not [c for c in conv if c[3] in ("yuv444p", "yuva444p", "gbrp")], conv


def test_slides_and_wipes_convert_no_frame(media, tmp_path):
    # xfade takes only unsubsampled formats: each of its frames was converted to yuv444p and back
    # (0.4 CPU s for the two 800 ms joins of the mixed bench job)
    names = ["slideleft", "slideup", "wiperight", "wipedown"]
    photos = [photo(media / f"IMG_20240612_14310{i}.jpg", size=(900, 700), seed=i) for i in range(len(names) + 1)]
    video = [{"src": str(p), "d": 1000, "motion": {"type": "pan_left"}} for p in photos]
    for seg, name in zip(video, names, strict=False):
        seg["tr"] = {"name": name, "d": 300}
    draft = Draft.parse({"t": [{"tt": 0, "sg": video}], "d": 3800, "m": {"width": 640, "height": 360, "fps": 30}})
    conv = [c for c in conversions(draft, tmp_path) if c[2] == "yuv420p"]
    # the one conversion left: a wipe lays one picture over the other, and `overlay` takes the upper
    # picture with an alpha plane (a copy; xfade's wipe cost four times as much and its slide sixteen)
    assert [c[3] for c in conv] == ["yuva420p", "yuva420p"], conv
