"""Shared fixtures: a folder for generated media, engines on loopback, private user folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def media(tmp_path: Path) -> Path:
    d = tmp_path / "media"
    d.mkdir()
    return d


# --- the local engine over a real loopback socket -----------------------------------------
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
