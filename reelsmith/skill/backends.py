"""Where the client talks to: the local engine (default; started in-process or reached at a
URL) or the NemoVideo cloud (NEMO_API_URL, NEMO_TOKEN)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConnectionFailed, LocalFileError
from .redact import Secret, remember

CLOUD_URL = "https://mega-api-prod.nemovideo.ai"
WEB_URL = "https://nemovideo.com"


@dataclass
class Backend:
    kind: str  # local | cloud
    base_url: str
    key: str  # what its token is filed under in the credentials file
    token: Secret | None = None  # a fixed token (NEMO_TOKEN); else anonymous
    web_url: str = WEB_URL
    poll_interval: float = 30.0  # first export poll; the cloud renders in 30-90 s
    poll_max: float = 60.0
    _server: Any = field(default=None, repr=False)

    @property
    def local(self) -> bool:
        return self.kind == "local"

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def cloud(url: str | None = None, token: str | None = None) -> Backend:
    base = (url or os.environ.get("NEMO_API_URL") or CLOUD_URL).rstrip("/")
    tok = token or os.environ.get("NEMO_TOKEN") or None
    return Backend("cloud", base, base, remember(tok) if tok else None,
                   web_url=os.environ.get("NEMO_WEB_URL") or WEB_URL)


def local(url: str | None = None, data_dir: Path | None = None, **settings: Any) -> Backend:
    """The local engine: reached at `url` (or REELSMITH_ENGINE_URL) if given, else started here."""
    url = url or os.environ.get("REELSMITH_ENGINE_URL")
    if url:
        base = url.rstrip("/")
        return Backend("local", base, f"local:{base}", poll_interval=0.25, poll_max=2.0)
    from ..engine.server import DataDirError, EngineServer, data_dir_from_env
    from ..engine.service import Settings

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
    return Backend("local", base, f"local:{data}", poll_interval=0.25, poll_max=2.0, _server=server)


def connect(kind: str | None = None, **kw: Any) -> Backend:
    kind = kind or os.environ.get("REELSMITH_BACKEND") or "local"
    if kind == "cloud":
        return cloud(kw.get("url"), kw.get("token"))
    if kind == "local":
        return local(kw.get("url"), kw.get("data_dir"))
    raise ValueError(f"{kind}: unknown backend; use local or cloud")
