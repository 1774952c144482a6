"""Property-based renders: random videos built by the editor from media like users' (odd-sized, rotated
and panorama photos, a GIF, clips at every common frame rate and a variable one, with and without
sound, songs shorter and longer than the video), on random canvases, with random transitions, motion,
texts and looks. Every one must render, exactly: frame count, audio as long as video, never two captions
at once, and the facts reported equal to the facts probed from the file."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from PIL import Image

from reelsmith.engine.edit import ops
from reelsmith.engine.edit.work import Context, OpError, Work
from reelsmith.engine.media.probe import MediaInfo, probe
from reelsmith.engine.model.choices import FPS_CHOICES
from reelsmith.engine.render.render import render

from .media import audio_samples, ff, photo
from .test_probe import exif_rotated

pytestmark = pytest.mark.slow

# a fixed sequence in CI (reproducible); REELSMITH_PROPERTY_EXAMPLES=200 explores further on a dev machine
EXAMPLES = int(os.environ.get("REELSMITH_PROPERTY_EXAMPLES", "14"))
RATES = {"23.976": "24000/1001", "24": "24", "25": "25", "29.97": "30000/1001", "30": "30", "50": "50", "60": "60"}


def _clip(path: Path, rate: str, seconds: float, size: str, sound: bool, rotate: int = 0, vfr: bool = False) -> Path:
    args = ["-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
    if sound:
        args += ["-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=44100:duration={seconds}"]
    if vfr:  # a phone's variable rate: 60 fps for half a second, then irregular gaps
        args += ["-vf", "select='lt(n,30)+not(mod(n,3))+not(mod(n,7))'", "-fps_mode", "vfr"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    args += ["-c:a", "aac"] if sound else []
    tmp = path.with_suffix(".tmp.mp4") if rotate else path
    ff(*args, str(tmp))
    if rotate:
        ff("-y", "-display_rotation", str(rotate), "-i", str(tmp), "-c", "copy", str(path))
    return path


@pytest.fixture(scope="module")
def pool(tmp_path_factory) -> dict[str, MediaInfo]:
    """Every kind of input once, probed as an upload would be; drafts name them by path."""
    d = tmp_path_factory.mktemp("pool")
    files = [
        photo(d / "IMG_20240612_143055.jpg", (1600, 1200), seed=1),
        photo(d / "IMG_20240612_143101.jpg", (601, 1067), seed=2),  # portrait, odd
        photo(d / "PANO_20240613_101500.jpg", (3001, 601), seed=3),  # panorama
        photo(d / "tiny.png", (37, 53), seed=4),
        exif_rotated(d / "IMG_20240614_090000.jpg"),
        _clip(d / "VID_20240612_143200.mp4", RATES["29.97"], 2.5, "640x360", True),
        _clip(d / "VID_20240612_143300.mp4", RATES["23.976"], 2.0, "320x240", False),
        _clip(d / "clip25.mp4", RATES["25"], 2.0, "320x240", True),
        _clip(d / "clip24.mp4", RATES["24"], 1.5, "320x240", True),
        _clip(d / "clip30.mp4", RATES["30"], 2.0, "480x270", True),
        _clip(d / "clip50.mp4", RATES["50"], 1.5, "320x240", False),
        _clip(d / "clip60.mp4", RATES["60"], 2.0, "320x180", True),
        _clip(d / "VID_20240615_120000.mp4", RATES["30"], 2.0, "640x360", True, rotate=90),  # a phone held upright
        _clip(d / "vfr.mp4", RATES["60"], 3.0, "320x240", True, vfr=True),
    ]
    frames = [Image.new("RGB", (200, 150), (40 * i, 90, 160)) for i in range(4)]
    frames[0].save(d / "party.gif", save_all=True, append_images=frames[1:], duration=120, loop=0)
    files.append(d / "party.gif")
    for name, seconds in (("short_song.m4a", 1.5), ("long_song.m4a", 25.0)):
        src = f"anoisesrc=color=pink:sample_rate=48000:duration={seconds}:amplitude=0.2"
        ff("-y", "-f", "lavfi", "-i", src, "-c:a", "aac", str(d / name))
        files.append(d / name)
    infos = {f.name: probe(f) for f in files}
    for f, info in infos.items():
        info.path = str(d / f)
    return infos


VISUALS = st.sampled_from(
    [
        "IMG_20240612_143055.jpg",
        "IMG_20240612_143101.jpg",
        "PANO_20240613_101500.jpg",
        "tiny.png",
        "IMG_20240614_090000.jpg",
        "party.gif",
        "VID_20240612_143200.mp4",
        "VID_20240612_143300.mp4",
        "clip25.mp4",
        "clip24.mp4",
        "clip30.mp4",
        "clip50.mp4",
        "clip60.mp4",
        "VID_20240615_120000.mp4",
        "vfr.mp4",
    ]
)


@st.composite
def videos(draw: st.DrawFn) -> dict:
    return {
        "items": draw(st.lists(VISUALS, min_size=1, max_size=4)),
        "song": draw(st.sampled_from([None, "short_song.m4a", "long_song.m4a"])),
        "style": draw(st.sampled_from(["slideshow", "promo", "montage"])),
        "seconds": draw(st.sampled_from([None, 2.0, 4.5, 7.0])),
        "aspect": draw(st.sampled_from(["16:9", "9:16", "1:1", "4:5"])),
        "height": draw(st.sampled_from([360, 480, 720])),
        "fps": draw(st.sampled_from(FPS_CHOICES)),
        "transitions": draw(st.sampled_from(["fade", "none", "mix", "slideleft", "circleopen", "fadeblack"])),
        "transition_s": draw(st.sampled_from([0.3, 0.7, 1.5])),
        "motion": draw(st.sampled_from([None, "zoom_in", "zoom_out", "pan_left", "pan_up", "none"])),
        "title": draw(st.sampled_from([None, "Summer Sale", "50% off {today} C:\\sale", "夏日特卖 · 全场五折"])),
        "captions": draw(st.booleans()),
        "look": draw(st.sampled_from(["none", "bw", "warm", "vivid"])),
        "full": draw(st.integers(0, 3)) == 0,  # one in four at the canvas's own size and rate
    }


def build(spec: dict, pool: dict[str, MediaInfo]) -> tuple[Work, str]:
    """The editor's draft for the spec, and its answer if it refused to make one."""
    ups = [pool[n] for n in spec["items"]] + ([pool[spec["song"]]] if spec["song"] else [])
    w = Work(None, Context(ups))
    steps: list[ops.Op] = [
        ops.Build(style=spec["style"], seconds=spec["seconds"], aspect=spec["aspect"], music=spec["song"] is not None),
        ops.SetCanvas(height=spec["height"]),
        ops.SetTransitions(style=spec["transitions"], seconds=spec["transition_s"]),
        ops.SetFilter(look=spec["look"]),
    ]
    if spec["motion"]:
        steps.append(ops.SetMotion(on=spec["motion"] != "none", direction=spec["motion"]))
    if spec["title"]:
        steps.append(ops.SetText(text=spec["title"], role="title"))
    if spec["captions"]:
        steps.append(ops.AddCaptions(texts=[f"Caption {i + 1}" for i in range(len(spec["items"]))]))
    for op in steps:
        try:
            ops.apply(w, op)
        except OpError as e:  # e.g. captions on clips only: a refusal that leaves the draft as it was
            note(f"{op.name} refused: {e}")
            if isinstance(op, ops.Build):  # e.g. 4.5 s asked of one 2.5 s clip
                return w, str(e)
    w.draft.m.fps = spec["fps"]
    return w, ""


def decoded_frames(path: Path) -> int:
    """Frames counted by decoding the file: independent of what the render said."""
    log = ff("-i", str(path), "-map", "0:v:0", "-f", "null", "-")
    return int(log.rsplit("frame=", 1)[1].split()[0])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(spec=videos())
def test_any_mix_renders_exactly(pool, tmp_path, spec):
    note(repr(spec))
    w, refused = build(spec, pool)
    event("refused" if refused else ("full size" if spec["full"] else "preview"))
    if refused:  # a one-line answer that says what would work, and nothing made
        assert w.empty and "\n" not in refused and ("add photos" in refused or "slow" in refused)
        return
    draft = w.check()
    captions = sorted((t.st, t.st + t.d) for t in draft.texts() if t.role == "caption")
    for (_, end), (start, _) in zip(captions, captions[1:], strict=False):
        assert end <= start, f"two captions at once: {captions}"
    out = tmp_path / f"v{abs(hash(repr(spec))) % 10**8}.mp4"
    res = render(draft, out, quality="draft" if spec["full"] else "preview")
    fps = draft.m.fps if spec["full"] else min(draft.m.fps, 15)
    want = round(draft.d * fps / 1000)
    info = probe(out)
    assert decoded_frames(out) == want == res.frames, f"{res.frames} frames reported, {want} wanted"
    assert (res.width, res.height, res.fps) == (info.width, info.height, fps)
    if spec["full"]:
        assert (res.width, res.height) == (draft.m.width, draft.m.height)
    assert res.duration == pytest.approx(want / fps, abs=1e-3)
    samples = audio_samples(out)
    assert abs(samples - want / fps * 48000) <= 48000 / fps, "audio and video differ in length"
    out.unlink()


def test_the_pool_is_what_it_claims(pool):
    """The generated media really are the rates, sizes and orientations the property test relies on."""
    assert np.isclose(pool["VID_20240612_143200.mp4"].fps, 29.97, atol=0.01)
    assert np.isclose(pool["VID_20240612_143300.mp4"].fps, 23.976, atol=0.01)
    assert pool["VID_20240615_120000.mp4"].rotation in (90, 270)
    assert not pool["clip50.mp4"].has_audio and pool["clip60.mp4"].has_audio
    assert (pool["IMG_20240614_090000.jpg"].width, pool["IMG_20240614_090000.jpg"].height) == (200, 400)
    assert pool["short_song.m4a"].duration < 2 < 20 < pool["long_song.m4a"].duration
