"""What the engine's routes share: settings, the engine's parts, auth, envelopes, errors."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .blobs import BlobStore
from .claude import ClaudeConfig
from .ingest import SIZE_LIMITS
from .jobs import RenderWorkers
from .limits import Limits
from .store import Store, User

log = logging.getLogger("reelsmith.engine")
WEEK = 7 * 24 * 3600
APP = "nemo_agent"


@dataclass
class Settings:
    data_dir: Path
    credits: int | None = None  # per token; None = unlimited
    edit_cost: int = 1  # credits charged per edit that changes the timeline
    token_ttl: float = WEEK  # a token's life, and the window of one token per client id
    workers: int | None = None  # render workers; default one per core
    heartbeat: float = 10.0  # seconds between "still working" events on /run_sse
    url_timeout: float = 120.0  # seconds for a whole URL fetch, every redirect included
    # URL uploads may reach loopback and private addresses: only for an engine on a trusted LAN (and tests)
    allow_private_urls: bool = False
    size_limits: dict[str, int] = field(default_factory=lambda: dict(SIZE_LIMITS))  # by X-Skill-Source
    claude: ClaudeConfig | None = field(default_factory=ClaudeConfig.from_env)  # the editor's Claude planner
    limits: Limits = field(default_factory=Limits)
    keep_failed_renders: int = 0  # failed renders' scratch folders kept for debugging (newest first)


class ApiError(Exception):
    def __init__(self, status: int, code: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def ok(data: Any) -> dict[str, Any]:
    return {"code": 0, "message": "success", "data": data}


class Engine:
    """What the routes share: settings, records, files and render workers."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = Store(settings.data_dir / "engine.sqlite3")
        self.blobs = BlobStore(settings.data_dir / "files")
        self.workers = RenderWorkers(self.store, self.blobs, settings.data_dir / "work", settings.workers,
                                     settings.limits, settings.keep_failed_renders)


bearer = HTTPBearer(auto_error=False, description="the token from /api/auth/anonymous-token")


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def current_user(request: Request,
                 creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    eng = engine_of(request)
    user = eng.store.user_for_token(creds.credentials) if creds else None
    h = request.headers
    eng.store.log_request(user.id if user else None, request.method, request.url.path, h.get("x-skill-source"),
                          h.get("x-skill-version"), h.get("x-skill-platform"))
    if user is None:
        raise ApiError(401, 1001, "token missing, invalid or expired; get a new one from /api/auth/anonymous-token")
    return user


UserDep = Annotated[User, Depends(current_user)]
EngineDep = Annotated[Engine, Depends(engine_of)]


def own_session(eng: Engine, sid: str, user: User) -> dict[str, Any]:
    s = eng.store.session(sid, user.id)
    if s is None:
        raise ApiError(404, 1002, f"session {sid[:100]} not found; create a new session")
    return s
