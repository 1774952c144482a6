"""The Python API in `import reelsmith`, sync and async, against the local engine."""

from __future__ import annotations

from pathlib import Path

import pytest

import reelsmith
from reelsmith.engine.media.probe import probe

from .media import photo

pytestmark = pytest.mark.slow  # the Python API end to end, with renders


def test_make_and_a_session_with_events(media: Path, tmp_path: Path) -> None:
    photo(media / "a.jpg"), photo(media / "b.jpg", seed=1)
    v = reelsmith.make([media], "a 4 second square slideshow", tmp_path / "a.mp4", quality="preview")
    info = probe(v.path)  # a preview reports what it wrote: 360x360 at 15 fps, not the timeline's 1080p
    assert (v.width, v.height, v.fps, v.frames) == (info.width, info.height, info.fps, 60) == (360, 360, 15, 60)
    assert v.duration == pytest.approx(info.duration, abs=0.07) == 4.0
    with reelsmith.connect() as client:
        s = client.session(v.session_id)  # resumed by id
        kinds = [e.kind for e in s.say("make it 6 seconds")]
        assert kinds[0] == "heartbeat" and "tool_call" in kinds and kinds[-1] == "done"
        assert s.state().draft["d"] == 6000 and isinstance(client.credits(), reelsmith.Credits)


@pytest.mark.anyio
async def test_amake(media: Path, tmp_path: Path, anyio_backend: str) -> None:
    photo(media / "a.jpg")
    v = await reelsmith.amake([media / "a.jpg"], "a 3 second slideshow", tmp_path / "b.mp4", quality="preview")
    assert v.duration == 3.0 and v.path.exists()
    # the same answer as `reelsmith make --json` (docs/cli.schema.json; tests/test_cli_json.py validates it)
    said = v.to_dict()
    assert said["session_id"] == v.session_id and said["understood"] is True and said["version"] == 1
    assert said["uploaded"] == [{"name": "a.jpg", "type": "image"}]
    assert said["video"] == {
        "path": str(tmp_path / "b.mp4"),
        "duration": 3.0,
        "width": v.width,
        "height": v.height,
        "fps": 15,
        "frames": 45,
        "size": (tmp_path / "b.mp4").stat().st_size,
    }


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_the_public_names() -> None:
    assert set(reelsmith.__all__) >= {"make", "amake", "connect", "aconnect", "Session", "Event", "SkillError"}
    assert reelsmith.SkillError is __import__("reelsmith.skill", fromlist=["SkillError"]).SkillError
    with pytest.raises(AttributeError):
        reelsmith.nothing_here  # noqa: B018


def test_an_engine_data_folder_may_be_named_by_a_string(tmp_path: Path) -> None:
    from reelsmith import local
    from reelsmith.skill import Client

    with Client(local.connect("local", data_dir=str(tmp_path / "engine"))) as client:
        assert client.new_session().state().version == 0
    assert (tmp_path / "engine").is_dir()
