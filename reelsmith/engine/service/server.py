"""Serving the engine: in a background thread on an ephemeral loopback port (for the CLI and
tests), or in the foreground for `reelsmith serve`."""

from __future__ import annotations

import ipaddress
import os
import socket
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

import uvicorn
from platformdirs import user_data_dir

from reelsmith.engine.service.app import Settings, create_app


def default_data_dir() -> Path:
    return Path(user_data_dir("reelsmith")) / "engine"


def data_dir_from_env() -> Path:
    """$REELSMITH_DATA_DIR, else the user data dir."""
    return Path(os.environ.get("REELSMITH_DATA_DIR") or default_data_dir()).expanduser().resolve()


class DataDirError(Exception):
    """The engine's data folder cannot be made or written: one line naming it, bad input."""


def check_data_dir(path: Path, fix: str | None = None) -> Path:
    """Make the data folder if need be and prove it writable (by writing, not by mode bits, which
    root ignores); else a DataDirError naming the folder and what is wrong (then `fix`, if given)."""
    path = Path(path).expanduser()
    problem = None
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        problem = "is a file, not a folder"
    except NotADirectoryError:
        problem = "cannot be made: a file is in its way"
    except OSError as e:
        problem = f"cannot be made ({e.strerror or e})"
    if problem is None:
        try:
            fd, probe = tempfile.mkstemp(dir=path, prefix=".write-test-")
            os.close(fd)
            os.unlink(probe)
        except OSError as e:
            problem = f"is not writable ({e.strerror or e})"
    if problem is not None:
        raise DataDirError(f"{path}: the engine's data folder {problem}" + (f"; {fix}" if fix else ""))
    return path


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Server(uvicorn.Server):
    """uvicorn's server, telling a waiting thread the moment its socket is listening."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[str], None] | None = None) -> None:
        super().__init__(config)
        self.ready = threading.Event()
        self.on_ready = on_ready

    @property
    def url(self) -> str:
        host, port = self.servers[0].sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
            if self.started and self.on_ready:
                self.on_ready(self.url)
        finally:
            self.ready.set()


class EngineServer:
    """`with EngineServer(settings) as url:` runs the engine until the block ends."""

    def __init__(self, settings: Settings, host: str = "127.0.0.1", port: int = 0) -> None:
        config = uvicorn.Config(
            create_app(settings),
            host=host,
            port=port,
            log_level="warning",
            lifespan="on",
            access_log=False,
            timeout_graceful_shutdown=5,
        )
        self.settings = settings
        self.server = _Server(config)
        self.thread = threading.Thread(target=self.server.run, name="reelsmith-engine", daemon=True)
        self.url = ""

    def start(self) -> str:
        """Start serving; a DataDirError if the data folder is unusable, a RuntimeError if the engine
        would not start. Either way no thread is left running."""
        check_data_dir(self.settings.data_dir)
        self.thread.start()
        self.server.ready.wait()
        if not self.server.started:
            self.thread.join()
            raise RuntimeError(
                f"the local engine could not start (data folder {self.settings.data_dir}); see the log above"
            )
        self.url = self.server.url
        return self.url

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread.ident is not None:  # started (a failed start has nothing to stop)
            self.thread.join()

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def serve(
    settings: Settings, host: str = "127.0.0.1", port: int = 8765, on_ready: Callable[[str], None] | None = None
) -> None:
    """Run in the foreground until Ctrl-C; `on_ready` gets the URL once the socket listens. A
    DataDirError, before anything starts, if the data folder is unusable."""
    check_data_dir(settings.data_dir)
    config = uvicorn.Config(create_app(settings), host=host, port=port, log_level="info", timeout_graceful_shutdown=5)
    _Server(config, on_ready).run()
