"""Every video comes out in TV (limited) range, the range every player and site assumes, whatever
range its clips were shot in. Some phones and cameras write full-range clips (0-255, flagged `pc`);
one of those used to turn the whole output full range, which a player that ignores the flag shows
washed out or crushed, photos included."""

import re

from .media import ff, photo, stream_info
from .test_render import draft

W, H = 320, 180


def _luma_range(path, at: float) -> tuple[int, int]:
    log = ff("-ss", f"{at}", "-i", str(path), "-frames:v", "1", "-vf", "signalstats,metadata=print", "-f", "null", "-")
    lo = int(re.findall(r"signalstats\.YMIN=(\d+)", log)[0])
    hi = int(re.findall(r"signalstats\.YMAX=(\d+)", log)[0])
    return lo, hi


def _half_black_half_white_clip(path, pix_fmt: str, color_range: str):
    ff(
        "-y", "-f", "lavfi", "-i",
        f"color=c=black:s={W}x{H}:r=30:d=2,drawbox=x={W // 2}:y=0:w={W // 2}:h={H}:color=white:t=fill",
        "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", pix_fmt, "-color_range", color_range,
        str(path),
    )  # fmt: skip
    return path


def test_a_full_range_clip_comes_out_in_tv_range_with_the_photos(media, tmp_path):
    from reelsmith.engine.render.render import render

    full = _half_black_half_white_clip(media / "VID_20240612_143120.mp4", "yuvj420p", "pc")
    assert "pc" in stream_info(full) and _luma_range(full, 1.0) == (0, 255)  # the input really is full range
    pic = photo(media / "IMG_20240612_143055.jpg", size=(W, H), color=(0, 0, 0))
    d = draft(
        [{"src": str(pic), "d": 2000}, {"src": str(full), "kind": "video", "d": 2000}],
        d=4000,
        fps=30,
        fade_in=0,
        fade_out=0,
    )
    out = render(d, tmp_path / "out.mp4", quality="high").path
    video = next(line for line in stream_info(out).splitlines() if "Video:" in line)
    assert "pc" not in video and "yuvj" not in video, video
    lo, hi = _luma_range(out, 3.0)  # the clip: its black and white at TV black and white
    assert abs(lo - 16) <= 2 and abs(hi - 235) <= 2, (lo, hi)
    lo, _ = _luma_range(out, 1.0)  # the black photo: TV black, as in a video without the clip
    assert abs(lo - 16) <= 2, lo


def test_a_tv_range_clip_is_left_as_it_is(media, tmp_path):
    from reelsmith.engine.render.render import render

    tv = _half_black_half_white_clip(media / "VID_20240612_143150.mp4", "yuv420p", "tv")
    d = draft([{"src": str(tv), "kind": "video", "d": 2000}], d=2000, fps=30, fade_in=0, fade_out=0)
    out = render(d, tmp_path / "out.mp4", quality="high").path
    lo, hi = _luma_range(out, 1.0)
    assert abs(lo - 16) <= 2 and abs(hi - 235) <= 2, (lo, hi)
