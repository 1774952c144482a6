"""What the engine's routes share: settings, the engine's parts, auth, envelopes, errors."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from reelsmith.engine.edit.claude import ClaudeConfig
from reelsmith.engine.model.limits import Limits
from reelsmith.engine.service.guard import TurnGate
from reelsmith.engine.service.jobs import RenderWorkers
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.ingest import SIZE_LIMITS
from reelsmith.engine.storage.music_store import GeneratedMusic
from reelsmith.engine.storage.store import Store, User
from reelsmith.protocol.files import file_ref

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
    link_ttl: float = 24 * 3600  # how long a signed download link works without a token
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
        self._key = _signing_key(settings.data_dir / "signing.key")
        self.store = Store(settings.data_dir / "engine.sqlite3")
        self.blobs = BlobStore(settings.data_dir / "files")
        self.music = GeneratedMusic(self.store, self.blobs, settings.limits.music_cache_bytes)
        self.gate = TurnGate(settings.limits.turns_per_user)
        # edits run on their own threads: a pile of long edits never starves the routes' thread pool
        self.turn_pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="turn")
        self.workers = RenderWorkers(
            self.store,
            self.blobs,
            self.music,
            settings.data_dir / "work",
            settings.workers,
            settings.limits,
            settings.keep_failed_renders,
        )

    def file_url(self, base: str, sha: str, name: str) -> str:
        """A download link for a stored file that works without a token until it expires."""
        exp = int(time.time() + self.settings.link_ttl)
        return base + file_ref(sha, name, for_url=True) + "?" + urlencode({"exp": exp, "sig": self._sign(sha, exp)})

    def link_valid(self, sha: str, exp: str | None, sig: str | None) -> bool:
        if not exp or not sig or not exp.isdigit() or int(exp) < time.time():
            return False
        return hmac.compare_digest(self._sign(sha, int(exp)), sig)

    def _sign(self, sha: str, exp: int) -> str:
        return hmac.new(self._key, f"{sha}:{exp}".encode(), hashlib.sha256).hexdigest()[:32]


def _signing_key(path: Path) -> bytes:
    """The key behind signed links, made once per data folder (0600), so links outlive a restart."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        return key


bearer = HTTPBearer(auto_error=False, description="the token from /api/auth/anonymous-token")


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def current_user(request: Request, creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> User:
    eng = engine_of(request)
    user = eng.store.user_for_token(creds.credentials) if creds else None
    h = request.headers
    eng.store.log_request(
        user.id if user else None,
        request.method,
        request.url.path,
        h.get("x-skill-source"),
        h.get("x-skill-version"),
        h.get("x-skill-platform"),
    )
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
