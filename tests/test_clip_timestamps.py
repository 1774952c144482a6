"""A clip whose timestamps do not begin at 0 (a remux that kept its times, a video with B-frames and no
edit list) renders from its in-point exactly as the same clip beginning at 0: the picture and the sound.
MP4s that begin at 0 are opened from their header alone; these must not be, since `-ss` and `-t` count
from where ffmpeg's analysis finds the timestamps begin."""

from pathlib import Path

import numpy as np
import pytest

from reelsmith.engine.media.probe import probe
from reelsmith.engine.render.render import render

from .media import ff, frames_rgb, pcm
from .test_render import H, W, draft


def _clip(path: Path) -> Path:
    # B-frames (veryfast), 25 fps, a moving test picture and a tone
    ff(
        "-y",
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:rate=25:duration=2",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=440:sample_rate=48000:duration=2",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        str(path),
    )
    return path


@pytest.mark.parametrize(
    ("name", "remux", "sound"),
    [
        ("VID_20240612_143055.mp4", ["-output_ts_offset", "5"], True),  # times kept from a longer recording
        ("IMG_0042.MOV", ["-an", "-use_editlist", "0"], False),  # begins at the first B-frame's delay
    ],
)
def test_a_clip_beginning_late_renders_from_its_in_point(media, tmp_path, name, remux, sound):
    base = _clip(media / "base.mp4")
    late = media / name
    ff("-y", "-i", str(base), "-c", "copy", *remux, str(late))
    assert (probe(late).start or 0) > 0.01  # it really begins late
    outs = []
    for src in (base, late):
        d = draft([{"src": str(src), "kind": "video", "d": 1000, "src_in": 600}], d=1000)
        outs.append(render(d, tmp_path / f"{src.stem}.mp4", quality="draft").path)
    a, b = (frames_rgb(p, W, H).astype(int) for p in outs)
    assert a.shape == b.shape and np.abs(a - b).mean() < 1.0, "the late clip's picture is not from its in-point"
    if sound:
        x, y = pcm(outs[0]), pcm(outs[1])
        rms = lambda s: float(np.sqrt(np.mean(s[4800:-4800] ** 2)))  # noqa: E731
        assert rms(y) > 0.8 * rms(x) > 100, "the late clip's sound is missing"
