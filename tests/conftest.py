"""Shared fixtures: generated media (nothing large is committed) and output probes."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from reelsmith.engine.media.ffmpeg import ffmpeg_exe


def ff(*args: str) -> str:
    p = subprocess.run([ffmpeg_exe(), "-hide_banner", "-nostdin", *args], capture_output=True, text=True)
    return p.stderr


def make_clip(
    path: Path,
    seconds: float = 2.0,
    size: str = "320x240",
    fps: int = 25,
    audio: bool = True,
    rotate: int | None = None,
) -> Path:
    args = ["-y", "-f", "lavfi", "-i", f"testsrc2=size={size}:rate={fps}:duration={seconds}"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac"]
    tmp = path.with_suffix(".norot.mp4") if rotate else path
    ff(*args, str(tmp))
    if rotate:
        ff("-y", "-display_rotation", str(rotate), "-i", str(tmp), "-c", "copy", str(path))
    return path


def frames_rgb(path: Path, w: int, h: int) -> np.ndarray:
    """Every frame of a video as an (n, h, w, 3) uint8 array."""
    p = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(p.stdout, np.uint8).reshape(-1, h, w, 3)


def pcm(path: Path) -> np.ndarray:
    """The soundtrack as mono 48 kHz samples (float, int16 scale)."""
    p = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-vn", "-f", "s16le", "-ac", "1", "-ar", "48000", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(p.stdout, np.int16).astype(float)


def audio_samples(path: Path) -> int:
    return len(pcm(path))


def stream_info(path: Path) -> str:
    return ff("-i", str(path))


def loudness(path: Path) -> float:
    log = ff("-i", str(path), "-af", "ebur128", "-f", "null", "-")
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", log)[-1])


def photo(
    path: Path, size: tuple[int, int] = (640, 480), color: tuple[int, int, int] | None = None, seed: int = 0
) -> Path:
    """A photo-like image: smooth gradients plus noise, or a flat colour when asked."""
    w, h = size
    if color is not None:
        Image.new("RGB", size, color).save(path, quality=95)
        return path
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w]
    chans = [(x / w) * 255, (y / h) * 255, ((x + y) / (w + h)) * 255]
    base = np.stack(chans[seed % 3 :] + chans[: seed % 3], -1)  # each seed a different picture
    arr = np.clip(base + rng.normal(0, 12, (h, w, 3)), 0, 255).astype(np.uint8)
    Image.fromarray(arr).save(path, quality=92)
    return path


@pytest.fixture
def media(tmp_path: Path) -> Path:
    d = tmp_path / "media"
    d.mkdir()
    return d


# --- the local engine over a real loopback socket -----------------------------------------
ATTRIBUTION = {"X-Skill-Source": "ai-video-maker-ai", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "unknown"}


class Api:
    """Raw protocol calls, for testing the service itself (the skill client has its own tests)."""

    def __init__(self, url: str, client_id: str = "test-client", token: str | None = None) -> None:
        import httpx

        self.url = url
        self.http = httpx.Client(base_url=url, timeout=60)
        if token is None:
            r = self.http.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
            assert r.status_code == 200, r.text
            token, self.user_id = r.json()["data"]["token"], r.json()["data"]["user_id"]
        self.token = token
        self.h = {"Authorization": f"Bearer {self.token}", **ATTRIBUTION}

    def get(self, path: str, **kw):
        return self.http.get(path, headers={**self.h, **kw.pop("headers", {})}, **kw)

    def post(self, path: str, **kw):
        return self.http.post(path, headers={**self.h, **kw.pop("headers", {})}, **kw)

    def session(self, language: str = "en") -> str:
        r = self.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "t", "language": language})
        return r.json()["data"]["session_id"]

    def upload(self, sid: str, *paths: Path, **kw):
        files = [("files", (p.name, p.read_bytes())) for p in paths]
        return self.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files, **kw)

    def say(self, sid: str, text: str) -> list[dict | None]:
        """The turn's events in order; None stands for a heartbeat (an empty data line)."""
        import json

        from httpx_sse import connect_sse

        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": sid,
            "new_message": {"role": "user", "parts": [{"text": text}]},
            "streaming": True,
        }
        events: list[dict | None] = []
        with connect_sse(self.http, "POST", "/run_sse", json=body, headers=self.h) as es:
            es.response.raise_for_status()
            for sse in es.iter_sse():
                events.append(json.loads(sse.data) if sse.data.strip() else None)
        return events

    def state(self, sid: str) -> dict:
        return self.get(f"/api/state/nemo_agent/me/{sid}/latest").json()["data"]

    def render(self, sid: str, rid: str, draft: dict | None = None, quality: str = "preview"):
        draft = draft if draft is not None else self.state(sid)["state"]["draft"]
        return self.post(
            "/api/render/proxy/lambda",
            json={"id": rid, "sessionId": sid, "draft": draft, "output": {"format": "mp4", "quality": quality}},
        )

    def poll(self, rid: str) -> dict:
        return self.get(f"/api/render/proxy/lambda/{rid}").json()["data"]

    def wait(self, rid: str, until: tuple[str, ...] = ("completed", "failed")) -> dict:
        """Poll until the job reaches one of `until` (the job's own progress paces the loop)."""
        import time

        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            job = self.poll(rid)
            if job["status"] in until:
                return job
            time.sleep(0.05)  # a polling interval, as any client has; not a stand-in for sync
        raise AssertionError(f"render {rid} stuck: {job}")


@pytest.fixture
def engine_factory(tmp_path: Path):
    """Start engines (real uvicorn, loopback, ephemeral port) on a data dir; all stopped at the end."""
    from reelsmith.engine.service.app import Settings
    from reelsmith.engine.service.server import EngineServer

    started: list[EngineServer] = []

    def start(**settings) -> EngineServer:
        settings.setdefault("heartbeat", 0.05)
        srv = EngineServer(Settings(tmp_path / "engine-data", **settings))
        srv.start()
        started.append(srv)
        return srv

    yield start
    for srv in started:
        if srv.thread.is_alive():
            srv.stop()


@pytest.fixture
def engine(engine_factory):
    return engine_factory()


@pytest.fixture(autouse=True)
def _private_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the real user's credentials, state or environment settings."""
    monkeypatch.setenv("REELSMITH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("REELSMITH_STATE_DIR", str(tmp_path / "state"))
    for var in (
        "NEMO_TOKEN",
        "NEMO_API_URL",
        "NEMO_CLIENT_ID",
        "NEMO_WEB_URL",
        "SKILL_SOURCE",
        "REELSMITH_BACKEND",
        "REELSMITH_ENGINE_URL",
        "REELSMITH_SKILL",
        "ANTHROPIC_API_KEY",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(autouse=True)
def _private_engine_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An in-process engine started by a test keeps its data in the test's folder."""
    monkeypatch.setenv("REELSMITH_DATA_DIR", str(tmp_path / "engine-default"))
