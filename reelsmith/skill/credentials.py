"""What the client keeps between runs: the client id and tokens in a 0600 credentials file
(the only file a secret is ever written to), and unfinished exports and sessions in a
state file, so `export --resume` can finish a job after a crash."""

from __future__ import annotations

import json
import os
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_state_dir

from .redact import Secret, remember

_lock = threading.Lock()


def config_dir() -> Path:
    return Path(os.environ.get("REELSMITH_CONFIG_DIR") or user_config_dir("reelsmith"))


def state_dir() -> Path:
    return Path(os.environ.get("REELSMITH_STATE_DIR") or user_state_dir("reelsmith"))


def _read(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write(path: Path, data: dict[str, Any], mode: int) -> None:
    """Atomic, and created with its final mode: a secret is never readable by others, even briefly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Credentials:
    """client id + one token per backend, in `credentials.json` (mode 0600)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "credentials.json"

    def client_id(self, renew: bool = False) -> str:
        env = os.environ.get("NEMO_CLIENT_ID", "").strip()
        if env and not renew:
            return env
        with _lock:
            data = _read(self.path)
            if renew or not data.get("client_id"):
                data["client_id"] = str(uuid.uuid4())
                _write(self.path, data, 0o600)
            return data["client_id"]

    def token(self, backend: str) -> tuple[Secret, dict[str, Any]] | None:
        entry = _read(self.path).get("tokens", {}).get(backend)
        if not entry or not entry.get("token"):
            return None
        if entry.get("expires_ts") and entry["expires_ts"] < time.time() + 60:
            return None  # about to expire: get a fresh one rather than fail mid-job
        return remember(entry["token"]), {k: v for k, v in entry.items() if k != "token"}

    def save_token(self, backend: str, token: str, user_id: str | None, expires_ts: float | None) -> None:
        with _lock:
            data = _read(self.path)
            data.setdefault("tokens", {})[backend] = {"token": token, "user_id": user_id, "expires_ts": expires_ts}
            _write(self.path, data, 0o600)

    def forget_token(self, backend: str) -> None:
        with _lock:
            data = _read(self.path)
            if data.get("tokens", {}).pop(backend, None) is not None:
                _write(self.path, data, 0o600)


class State:
    """Unfinished exports and the last session per backend, in `state.json` (no secrets)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / "state.json"

    def _update(self, fn: Any) -> None:
        with _lock:
            data = _read(self.path)
            fn(data)
            _write(self.path, data, 0o644)

    def add_job(self, job: dict[str, Any]) -> None:
        self._update(lambda d: d.setdefault("jobs", {}).__setitem__(job["id"], job))

    def drop_job(self, job_id: str) -> None:
        self._update(lambda d: d.setdefault("jobs", {}).pop(job_id, None))

    def jobs(self, backend: str | None = None) -> list[dict[str, Any]]:
        jobs = list(_read(self.path).get("jobs", {}).values())
        return [j for j in jobs if backend is None or j.get("backend") == backend]

    def set_session(self, backend: str, session_id: str) -> None:
        self._update(lambda d: d.setdefault("sessions", {}).__setitem__(backend, session_id))

    def session(self, backend: str) -> str | None:
        return _read(self.path).get("sessions", {}).get(backend)
