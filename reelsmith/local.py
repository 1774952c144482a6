"""The composition root: where the client meets the engine. `connect()` gives the CLI, the Python
API and MCP a backend: the cloud, a local engine at a URL, or (the default) a local engine started
here, in this process, on an ephemeral loopback port."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reelsmith.skill import backends
from reelsmith.skill.backends import LOCAL_POLL_INTERVAL, LOCAL_POLL_MAX, Backend
from reelsmith.skill.errors import ConnectionFailed, LocalFileError


def start_engine(data_dir: Path | None = None, **settings: Any) -> Backend:
    """A local engine in this process, with its data in `data_dir` (else $REELSMITH_DATA_DIR or the
    user data dir); closing the backend stops it."""
    from reelsmith.engine.service.deps import Settings
    from reelsmith.engine.service.server import DataDirError, EngineServer, data_dir_from_env

    data = data_dir.expanduser().resolve() if data_dir else data_dir_from_env()
    server = EngineServer(Settings(data, **settings))
    try:
        base = server.start()
    except DataDirError as e:
        fix = "pass a writable data_dir" if data_dir else "set REELSMITH_DATA_DIR to a writable folder"
        raise LocalFileError(f"{e}; {fix}") from None
    except RuntimeError as e:
        raise ConnectionFailed(str(e)) from None
    # filed by data dir, not URL: the in-process engine gets a new port on every run
    return Backend(
        "local", base, f"local:{data}", poll_interval=LOCAL_POLL_INTERVAL, poll_max=LOCAL_POLL_MAX, on_close=server.stop
    )


def connect(
    kind: str | None = None, *, url: str | None = None, token: str | None = None, data_dir: str | Path | None = None
) -> Backend:
    """`kind` is local (default, or $REELSMITH_BACKEND) or cloud. A local engine is reached at `url`
    (or $REELSMITH_ENGINE_URL) when given, else started here."""
    kind = kind or os.environ.get("REELSMITH_BACKEND") or "local"
    if kind == "cloud":
        return backends.cloud(url, token)
    if kind != "local":
        raise ValueError(f"{kind}: unknown backend; use local or cloud")
    if url or os.environ.get("REELSMITH_ENGINE_URL"):
        return backends.local(url)
    return start_engine(Path(data_dir) if data_dir is not None else None)
