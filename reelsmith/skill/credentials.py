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

from reelsmith.skill.errors import LocalFileError
from reelsmith.skill.redact import Secret, remember

_lock = threading.Lock()


def config_dir() -> Path:
    return Path(os.environ.get("REELSMITH_CONFIG_DIR") or user_config_dir("reelsmith"))


def state_dir() -> Path:
    return Path(os.environ.get("REELSMITH_STATE_DIR") or user_state_dir("reelsmith"))


_SECTIONS = {"credentials": ("tokens",), "state": ("jobs", "sessions")}
_DIR_ENV = {"credentials": "REELSMITH_CONFIG_DIR", "state": "REELSMITH_STATE_DIR"}


def _what(value: Any) -> str:
    return {
        list: "a list",
        str: "a string",
        bool: "true or false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _read(path: Path, kind: str) -> dict[str, Any]:
    """The file's JSON object; {} if there is no file. Anything else is an error naming the file and the
    fix, never a silent reset (it may hold the only copy of a token) and never a crash later on."""
    sections = _SECTIONS[kind]
    bad = f"{path} is not a reelsmith {kind} file"
    fix = "delete it and run again"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except IsADirectoryError:
        raise LocalFileError(f"{bad} (it is a folder); remove it and run again") from None
    except NotADirectoryError:
        raise LocalFileError(
            f"{path} cannot be read: a file is in the way of its folder; set {_DIR_ENV[kind]} to a folder"
        ) from None
    except UnicodeDecodeError:
        raise LocalFileError(f"{bad} (it is not text); {fix}") from None
    except OSError as e:
        raise LocalFileError(f"{path} cannot be read ({e.strerror or e}); fix its permissions, or {fix}") from None
    if not text.strip():
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        raise LocalFileError(f"{bad} (it is not valid JSON); {fix}") from None
    if not isinstance(data, dict):
        raise LocalFileError(f"{bad} (it holds {_what(data)}); {fix}")
    if kind == "credentials" and not isinstance(data.get("client_id", ""), str):
        raise LocalFileError(f'{bad} (its "client_id" is not text); {fix}')
    for key in sections:
        section = data.get(key, {})
        if not isinstance(section, dict):
            raise LocalFileError(f'{bad} (its "{key}" holds {_what(section)}); {fix}')
        if any(not _entry_ok(key, v) for v in section.values()):
            raise LocalFileError(f'{bad} (an entry of its "{key}" is malformed); {fix}')
    return data


def _entry_ok(section: str, v: Any) -> bool:
    if section == "sessions":
        return isinstance(v, str)
    if not isinstance(v, dict):
        return False
    if section == "tokens":
        return isinstance(v.get("token"), str | None) and isinstance(v.get("expires_ts"), int | float | None)
    return isinstance(v.get("id"), str) and isinstance(v.get("out"), str)  # jobs


def _write(path: Path, data: dict[str, Any], mode: int, kind: str) -> None:
    """Atomic, and created with its final mode: a secret is never readable by others, even briefly."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as e:
        raise LocalFileError(
            f"cannot write {path} ({e.strerror or e}); make {path.parent} a writable folder, "
            f"or set {_DIR_ENV[kind]} to one"
        ) from None
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, path)
    except IsADirectoryError:
        Path(tmp).unlink(missing_ok=True)
        raise LocalFileError(
            f"{path} is not a reelsmith {kind} file (it is a folder); remove it and run again"
        ) from None
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
            data = _read(self.path, "credentials")
            if renew or not data.get("client_id"):
                data["client_id"] = str(uuid.uuid4())
                _write(self.path, data, 0o600, "credentials")
            return data["client_id"]

    def token(self, backend: str) -> tuple[Secret, dict[str, Any]] | None:
        entry = _read(self.path, "credentials").get("tokens", {}).get(backend)
        if not entry or not entry.get("token"):
            return None
        if entry.get("expires_ts") and entry["expires_ts"] < time.time() + 60:
            return None  # about to expire: get a fresh one rather than fail mid-job
        return remember(entry["token"]), {k: v for k, v in entry.items() if k != "token"}

    def save_token(self, backend: str, token: str, user_id: str | None, expires_ts: float | None) -> None:
        with _lock:
            data = _read(self.path, "credentials")
            data.setdefault("tokens", {})[backend] = {"token": token, "user_id": user_id, "expires_ts": expires_ts}
            _write(self.path, data, 0o600, "credentials")

    def forget_token(self, backend: str) -> None:
        with _lock:
            data = _read(self.path, "credentials")
            if data.get("tokens", {}).pop(backend, None) is not None:
                _write(self.path, data, 0o600, "credentials")


class State:
    """Unfinished exports and the last session per backend, in `state.json` (no secrets)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / "state.json"

    def _update(self, fn: Any) -> None:
        with _lock:
            data = _read(self.path, "state")
            fn(data)
            _write(self.path, data, 0o644, "state")

    def add_job(self, job: dict[str, Any]) -> None:
        self._update(lambda d: d.setdefault("jobs", {}).__setitem__(job["id"], job))

    def drop_job(self, job_id: str) -> None:
        self._update(lambda d: d.setdefault("jobs", {}).pop(job_id, None))

    def jobs(self, backend: str | None = None, parked: bool = False) -> list[dict[str, Any]]:
        """Unfinished exports. A parked one (rendered, but its file could not be written: it has an
        `error`) is left out unless `parked`: only `export --resume` picks it up, so it never stands
        in the way of a new export."""
        jobs = list(_read(self.path, "state").get("jobs", {}).values())
        return [j for j in jobs if (backend is None or j.get("backend") == backend) and (parked or not j.get("error"))]

    def set_session(self, backend: str, session_id: str) -> None:
        self._update(lambda d: d.setdefault("sessions", {}).__setitem__(backend, session_id))

    def session(self, backend: str) -> str | None:
        return _read(self.path, "state").get("sessions", {}).get(backend)
