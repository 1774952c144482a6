"""The photos reach the encode through one pipe as they are prepared (render/feed.py): the encode starts
before the last photo is ready, and the pictures are exactly those a file per photo gave."""

import io
import re
import subprocess
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from reelsmith.engine.media.ffmpeg import ffmpeg_exe, media_input
from reelsmith.engine.media.probe import probe
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.compile import compile_draft
from reelsmith.engine.render.feed import StillFeed
from reelsmith.engine.render.render import canvas_for, render
from reelsmith.engine.render.script import Script
from reelsmith.engine.render.stills import prepare_still, still_path
from reelsmith.engine.render.video import still_jobs

from .media import photo
from .test_render import draft


def prepared(draft: Draft, cache: Path) -> tuple[Script, bytes]:
    """The draft's picture graph and what the renderer feeds it: every photo prepared first."""
    cv = canvas_for(draft)
    done = []
    for job in still_jobs(draft, cv, str):
        f: Future[Path] = Future()
        f.set_result(prepare_still(*job, cache))
        done.append(f)
    plan = compile_draft(draft, cv, cache, str, lambda p: probe(p, with_hash=False), cache)
    fed = io.BytesIO()
    if plan.stills:
        StillFeed(done, plan.stills, lambda: False)(fed)
    return plan, fed.getvalue()


def _mixed_sizes(media: Path, w: int, h: int) -> Draft:
    """Stills of five different sizes, some odd: a long zoom (a still twice the canvas), a portrait on a
    blurred fill, a panorama swept across, a colour card, and a tiny PNG shown whole."""
    big = photo(media / "IMG_20240612_143112.jpg", size=(4000, 3000), seed=3)
    portrait = photo(media / "IMG_20240612_143055.jpg", size=(1200, 1600), seed=1)
    pano = photo(media / "PANO_20240612_143100.jpg", size=(6000, 1500), seed=2)
    tiny = photo(media / "tiny.png", size=(301, 199), seed=4)
    video = [
        {"src": str(big), "d": 7000, "motion": {"type": "zoom_in", "amount": 0.06}, "tr": {"name": "fade", "d": 500}},
        {
            "src": str(portrait),
            "d": 2000,
            "fit": "blur",
            "motion": {"type": "pan_up"},
            "tr": {"name": "slideleft", "d": 400},
        },
        {
            "src": str(pano),
            "d": 4000,
            "motion": {"type": "pan_right", "amount": 1.5},
            "tr": {"name": "radial", "d": 400},
        },
        {"src": "color:#336699", "kind": "color", "d": 1000, "tr": {"name": "wipeleft", "d": 300}},
        {"src": str(tiny), "d": 1500, "fit": "contain", "motion": {"type": "zoom_out"}},
    ]
    return draft(video, d=0, w=w, h=h)


def _frames(args: list[str], script: Path, lines: list[str], data: bytes) -> list[str]:
    script.write_text(";\n".join(lines), encoding="utf-8")
    out = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-nostdin", *args, "-/filter_complex", str(script), "-map", "[vout]"]
        + ["-f", "framemd5", "-"],
        input=data,
        capture_output=True,
        timeout=300,
        check=True,
    ).stdout.decode()
    return [line.rsplit(",", 1)[1].strip() for line in out.splitlines() if line.startswith("0,")]


@pytest.mark.parametrize(("w", "h"), [(640, 360), (360, 640)])
def test_the_feed_gives_the_frames_a_file_per_photo_gives(media, tmp_path, w, h):
    d = _mixed_sizes(media, w, h)
    plan, fed = prepared(d, tmp_path)
    assert len(set(plan.stills)) == 5 and any(s[0] % 2 or s[1] % 2 for s in plan.stills), plan.stills  # padded, odd
    via_feed = _frames([a for opts in plan.inputs for a in opts], tmp_path / "feed.txt", plan.lines, fed)

    # the same graph with each prepared photo read from its file (the renderer before the feed)
    feed_at = len(plan.inputs) - 1
    lines = [line for line in plan.lines if not re.match(rf"\[({feed_at}:v|ph\d+p)\]", line)]
    files: list[str] = []
    for j, job in enumerate(still_jobs(d, canvas_for(d), str)):  # prepared above: these are their files
        raw = ["-f", "rawvideo", "-pixel_format", "bgr24", "-video_size", "{}x{}".format(*job[1])]
        files += [*raw, "-framerate", str(d.m.fps), "-i", media_input(still_path(*job, tmp_path))]
        lines.append(f"[{feed_at + j}:v]null[ph{j}]")
    others = [a for opts in plan.inputs[:-1] for a in opts]  # the feed is the last input
    by_file = _frames(others + files, tmp_path / "files.txt", lines, b"")

    assert len(via_feed) == len(by_file) == plan.total_frames
    assert via_feed == by_file


def test_the_encode_starts_before_the_last_photo_is_prepared(media, tmp_path, monkeypatch):
    # the last photo can only be prepared once the encode has made frames: a renderer that waited for
    # every photo before encoding would wait here until the deadline and fail
    from reelsmith.engine.render import render as render_mod

    real_still = render_mod.prepare_still
    encoding = threading.Event()
    last = media / "IMG_20240612_143059.jpg"
    photos = [photo(media / f"IMG_20240612_14305{i}.jpg", seed=i) for i in range(3)] + [photo(last, seed=9)]

    def still(*a, **k):
        if a[0] == str(last):
            assert encoding.wait(60), "the encode waited for the last photo"  # a deadline, not a sleep
        return real_still(*a, **k)

    def progress(n: int, total: int) -> None:
        if n > 0:
            encoding.set()

    monkeypatch.setattr(render_mod, "prepare_still", still)
    d = draft([{"src": str(p), "d": 1000} for p in photos], d=4000)
    out = render(d, tmp_path / "out.mp4", quality="draft", progress=progress)
    assert out.frames == 100 and encoding.is_set()
