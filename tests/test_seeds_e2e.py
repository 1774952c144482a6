"""The seeds' two example requests, end to end: real uploads (the shipped sample photos and
logo), the request through /run_sse, the render, and the MP4 checked."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest

from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.engine.media.probe import probe
from reelsmith.skill import Client, backends

pytestmark = pytest.mark.slow  # the seed requests rendered to MP4 end to end

EXAMPLES = Path(__file__).parent.parent / "examples"
PHOTOS = sorted((EXAMPLES / "photos").glob("*.jpg"))


def still(video: Path, at: float) -> np.ndarray:
    p = subprocess.run(
        [
            ffmpeg_exe(),
            "-v",
            "error",
            "-ss",
            f"{at:.2f}",
            "-i",
            str(video),
            "-frames:v",
            "1",
            "-f",
            "rawvideo",
            "-pix_fmt",
            "rgb24",
            "-",
        ],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(p.stdout, np.uint8)


@pytest.mark.parametrize(
    "request_text,files,secs,tracks",
    [
        (
            "turn these images into a 30-second promo video with music and text overlays",
            [*PHOTOS, EXAMPLES / "logo.png"],
            30.0,
            ["Video", "Logo", "BGM"],  # no file names as text: the request names no words, so it asks
        ),
        ("turn my photos into a slideshow video with music and transitions", PHOTOS, None, ["Video", "BGM"]),
    ],
    ids=["promo", "slideshow"],
)
def test_seed_request_to_mp4(
    engine, tmp_path: Path, request_text: str, files: list[Path], secs: float | None, tracks: list[str]
) -> None:
    with Client(backends.local(url=engine.url)) as client:
        s = client.new_session()
        s.upload(files)
        events = list(s.say(request_text))
        calls = [e.name for e in events if e.kind == "tool_call"]
        assert calls[0] == "build"
        done = events[-1]
        assert done.kind == "done"
        for t in tracks:
            assert f"{t}:" in done.data["summary"]
        if "Logo" in tracks:
            assert "What should the text say?" in done.text and "Captions:" not in done.data["summary"]
        draft = s.state().draft
        out = tmp_path / "seed.mp4"
        s.export(out, "draft")
    info = probe(out)
    assert (info.width, info.height) == (1920, 1080) and info.has_audio
    assert info.duration == pytest.approx(secs or draft["d"] / 1000, abs=0.1)
    video = [sg for t in draft["t"] if t["tt"] == 0 for sg in t["sg"]]
    assert len(video) == 5 and all(v.get("tr") for v in video[:-1])  # every join has a transition
    if "Logo" in tracks:  # the logo badge (yellow) really sits in the top-right corner of the picture
        frame = still(out, 10.0).reshape(1080, 1920, 3)
        corner = frame[40:200, 1700:1880].reshape(-1, 3).astype(int)
        yellow = (corner[:, 0] > 200) & (corner[:, 1] > 150) & (corner[:, 2] < 90)
        assert yellow.mean() > 0.3
