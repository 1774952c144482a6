"""The engine's records in SQLite (WAL): tokens (hashed), sessions, draft versions,
uploads, generated media, render jobs and per-request attribution.

One connection guarded by a lock: the service is small, and SQLite serialises
writers anyway. Every write is its own transaction, so what was answered to a
client is on disk.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reelsmith.engine.storage.tables import ADDED, SCHEMA

DONE = ("completed", "failed")


class StaleDraft(RuntimeError):
    """A draft version written on top of one that is no longer the latest."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass
class User:
    id: str
    credits_total: int | None  # None: unlimited
    credits_used: int

    @property
    def credits_left(self) -> int | None:
        return None if self.credits_total is None else max(0, self.credits_total - self.credits_used)


@dataclass
class Job:
    user_id: str
    id: str
    session_id: str
    status: str
    progress: int
    draft: dict[str, Any]
    quality: str
    output_sha: str | None
    error: str | None
    created: float


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._migrate()

    def _migrate(self) -> None:
        """Columns added since a data folder was made (each ALTER adds one with a default)."""
        with self._lock:
            for table, cols in ADDED.items():
                have = {r["name"] for r in self._db.execute(f"PRAGMA table_info({table})")}
                for name, decl in cols:
                    if name not in have:
                        self._db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {decl}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _one(self, sql: str, *args: Any) -> sqlite3.Row | None:
        with self._lock:
            return self._db.execute(sql, args).fetchone()

    def _all(self, sql: str, *args: Any) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # --- users and tokens -------------------------------------------------------------
    def last_token_for_client(self, client_id: str) -> float | None:
        row = self._one("SELECT MAX(created) AS c FROM tokens WHERE client_id=?", client_id)
        return row["c"] if row else None

    def add_token(
        self, token: str, user_id: str, client_id: str, expires: float, credits: int | None, address: str = ""
    ) -> None:
        now = time.time()
        with self._tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO users(id, credits_total, created) VALUES (?,?,?)", (user_id, credits, now)
            )
            db.execute(
                "INSERT INTO tokens(hash, user_id, client_id, created, expires, address) VALUES (?,?,?,?,?,?)",
                (token_hash(token), user_id, client_id, now, expires, address),
            )

    def tokens_from(self, address: str, since: float) -> tuple[int, float]:
        """How many tokens `address` was given since `since`, and when the oldest of them was."""
        row = self._one(
            "SELECT COUNT(*) AS n, MIN(created) AS first FROM tokens WHERE address=? AND created>?", address, since
        )
        return (row["n"], row["first"] or since) if row else (0, since)

    def user_for_token(self, token: str) -> User | None:
        row = self._one(
            "SELECT u.* FROM tokens t JOIN users u ON u.id=t.user_id WHERE t.hash=? AND t.expires>?",
            token_hash(token),
            time.time(),
        )
        return User(row["id"], row["credits_total"], row["credits_used"]) if row else None

    def user_for_client(self, client_id: str) -> str | None:
        row = self._one("SELECT user_id FROM tokens WHERE client_id=? ORDER BY created DESC LIMIT 1", client_id)
        return row["user_id"] if row else None

    def user(self, user_id: str) -> User:
        row = self._one("SELECT * FROM users WHERE id=?", user_id)
        assert row is not None
        return User(row["id"], row["credits_total"], row["credits_used"])

    def charge(self, user_id: str, credits: int) -> bool:
        """Take `credits` if the user has them (unlimited users always do)."""
        with self._tx() as db:
            cur = db.execute(
                "UPDATE users SET credits_used=credits_used+? WHERE id=? AND "
                "(credits_total IS NULL OR credits_total-credits_used>=?)",
                (credits, user_id, credits),
            )
            return cur.rowcount == 1

    def log_request(
        self, user_id: str | None, method: str, path: str, source: str | None, version: str | None, platform: str | None
    ) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO requests VALUES (?,?,?,?,?,?,?)",
                (time.time(), user_id, method, path, source, version, platform),
            )

    def requests_log(self, user_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self._all("SELECT * FROM requests WHERE user_id=? ORDER BY ts", user_id)]

    # --- sessions, messages, drafts ---------------------------------------------------
    def add_session(self, sid: str, user_id: str, task_id: str, name: str, language: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO sessions VALUES (?,?,?,?,?,?)", (sid, user_id, task_id, name, language, time.time())
            )

    def session(self, sid: str, user_id: str) -> dict[str, Any] | None:
        row = self._one("SELECT * FROM sessions WHERE id=? AND user_id=?", sid, user_id)
        return dict(row) if row else None

    def add_message(self, sid: str, text: str) -> None:
        with self._tx() as db:
            seq = db.execute("SELECT COALESCE(MAX(seq),0)+1 FROM messages WHERE session_id=?", (sid,)).fetchone()[0]
            db.execute("INSERT INTO messages VALUES (?,?,?,?)", (sid, seq, text, time.time()))

    def messages(self, sid: str) -> list[str]:
        return [r["text"] for r in self._all("SELECT text FROM messages WHERE session_id=? ORDER BY seq", sid)]

    def add_draft(self, sid: str, draft: dict[str, Any], note: str, expected: int | None = None) -> int:
        """Every edit is a new version, so any earlier one can be restored. With `expected`, the edit was
        made on that version: if another has landed since, nothing is written (StaleDraft)."""
        with self._tx() as db:
            v = db.execute("SELECT COALESCE(MAX(version),0)+1 FROM drafts WHERE session_id=?", (sid,)).fetchone()[0]
            if expected is not None and v != expected + 1:
                raise StaleDraft("the timeline changed while this edit ran; send the request again")
            db.execute(
                "INSERT INTO drafts VALUES (?,?,?,?,?)",
                (sid, v, json.dumps(draft, ensure_ascii=False), note, time.time()),
            )
            return v

    def draft(self, sid: str, version: int | None = None) -> tuple[int, dict[str, Any] | None]:
        if version is None:
            row = self._one("SELECT * FROM drafts WHERE session_id=? ORDER BY version DESC LIMIT 1", sid)
        else:
            row = self._one("SELECT * FROM drafts WHERE session_id=? AND version=?", sid, version)
        return (row["version"], json.loads(row["draft"])) if row else (0, None)

    def history(self, sid: str) -> list[dict[str, Any]]:
        return [
            dict(r)
            for r in self._all("SELECT version, note, created FROM drafts WHERE session_id=? ORDER BY version", sid)
        ]

    # --- a change waiting for the person's yes ----------------------------------------
    # (the table is created by SCHEMA on open, so a data folder made before it gets it too)
    def set_proposal(self, sid: str, version: int, ops: list[dict[str, Any]], said: str) -> None:
        """A destructive change proposed on draft `version`: applied only if the next message says yes."""
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO proposals VALUES (?,?,?,?,?)",
                (sid, version, json.dumps(ops, ensure_ascii=False), said, time.time()),
            )

    def take_proposal(self, sid: str) -> tuple[int, list[dict[str, Any]], str] | None:
        """The proposal waiting in a session, removed: any answer, yes or not, ends it."""
        with self._tx() as db:
            row = db.execute("SELECT * FROM proposals WHERE session_id=?", (sid,)).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM proposals WHERE session_id=?", (sid,))
            return row["version"], json.loads(row["ops"]), row["said"]

    # --- uploads and generated media --------------------------------------------------
    def add_upload(self, sid: str, filename: str, file_type: str, sha: str, size: int, info: dict[str, Any]) -> str:
        """Record an upload under a name not yet used in the session (never overwrites); returns that name."""
        stem, dot, ext = filename.rpartition(".") if "." in filename else (filename, "", "")
        with self._tx() as db:
            taken = {r[0] for r in db.execute("SELECT filename FROM uploads WHERE session_id=?", (sid,))}
            name, n = filename, 1
            while name in taken:
                n += 1
                name = f"{stem}-{n}{dot}{ext}"
            seq = db.execute("SELECT COALESCE(MAX(seq),0)+1 FROM uploads WHERE session_id=?", (sid,)).fetchone()[0]
            db.execute(
                "INSERT INTO uploads VALUES (?,?,?,?,?,?,?,?)",
                (sid, seq, name, file_type, sha, size, json.dumps(info), time.time()),
            )
        return name

    def uploads(self, sid: str) -> list[dict[str, Any]]:
        rows = self._all("SELECT * FROM uploads WHERE session_id=? ORDER BY seq", sid)
        return [
            {
                **json.loads(r["info"]),
                "filename": r["filename"],
                "file_type": r["file_type"],
                "hash": r["sha"],
                "size": r["size"],
            }
            for r in rows
        ]

    def add_media(self, sid: str, sha: str, kind: str, name: str, info: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR IGNORE INTO media VALUES (?,?,?,?,?,?)",
                (sid, sha, kind, name, json.dumps(info), time.time()),
            )

    def media(self, sid: str) -> list[dict[str, Any]]:
        rows = self._all("SELECT * FROM media WHERE session_id=? ORDER BY created", sid)
        return [{**json.loads(r["info"]), "kind": r["kind"], "name": r["name"], "hash": r["sha"]} for r in rows]

    def owns_blob(self, user_id: str, sha: str, outputs: bool = False) -> bool:
        """Whether `sha` is an upload or generated file in one of the user's sessions (or, with
        `outputs`, one of the user's finished renders)."""
        q = (
            "SELECT 1 FROM sessions s WHERE s.user_id=? AND (EXISTS(SELECT 1 FROM uploads u WHERE "
            "u.session_id=s.id AND u.sha=?) OR EXISTS(SELECT 1 FROM media m WHERE m.session_id=s.id AND m.sha=?))"
        )
        if self._one(q, user_id, sha, sha) is not None:
            return True
        return outputs and self._one("SELECT 1 FROM renders WHERE user_id=? AND output_sha=?", user_id, sha) is not None

    def music_cached(self, key: str) -> str | None:
        with self._tx() as db:
            row = db.execute("SELECT sha FROM music_cache WHERE key=?", (key,)).fetchone()
            if row:
                db.execute("UPDATE music_cache SET used=? WHERE key=?", (time.time(), key))
        return row["sha"] if row else None

    def music_key(self, sha: str) -> str | None:
        """The recipe ("mood:milliseconds") of a generated track, if `sha` names one."""
        row = self._one("SELECT key FROM music_cache WHERE sha=?", sha)
        return row["key"] if row else None

    def cache_music(self, key: str, sha: str, size: int = 0) -> None:
        with self._tx() as db:
            db.execute("INSERT OR REPLACE INTO music_cache VALUES (?,?,?,?)", (key, sha, size, time.time()))

    def prune_music(self, max_bytes: int) -> list[str]:
        """Forget the least recently used generated tracks past `max_bytes`; returns the hashes no draft
        names any more, whose files can go (a track a draft still names is kept, or its render would fail)."""
        gone: list[str] = []
        with self._tx() as db:
            rows = db.execute("SELECT key, sha, size FROM music_cache ORDER BY used DESC").fetchall()
            total = 0
            for r in rows:
                total += r["size"]
                if total <= max_bytes:
                    continue
                db.execute("DELETE FROM music_cache WHERE key=?", (r["key"],))
                named = db.execute("SELECT 1 FROM drafts WHERE instr(draft, ?) > 0 LIMIT 1", (r["sha"],)).fetchone()
                if named is None:
                    gone.append(r["sha"])
        return gone

    # (song_beats is created by SCHEMA on open, so a data folder made before it gets it too)
    def song_beats(self, sha: str, version: str) -> dict[str, Any] | None:
        """The beat analysis of the song file `sha` made by analysis `version`, if one was kept."""
        row = self._one("SELECT beats FROM song_beats WHERE sha=? AND version=?", sha, version)
        return json.loads(row["beats"]) if row else None

    def cache_song_beats(self, sha: str, version: str, beats: dict[str, Any]) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO song_beats VALUES (?,?,?,?)", (sha, version, json.dumps(beats), time.time())
            )

    # --- render jobs ------------------------------------------------------------------
    def add_job(self, user_id: str, job_id: str, sid: str, draft: dict[str, Any], quality: str) -> bool:
        """False when the user already has a job with this id (a retried submit gets the same job)."""
        now = time.time()
        with self._tx() as db:
            cur = db.execute(
                "INSERT OR IGNORE INTO renders VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    user_id,
                    job_id,
                    sid,
                    "pending",
                    0,
                    json.dumps(draft, ensure_ascii=False),
                    quality,
                    None,
                    None,
                    now,
                    now,
                ),
            )
            return cur.rowcount == 1

    def job(self, user_id: str, job_id: str) -> Job | None:
        row = self._one("SELECT * FROM renders WHERE user_id=? AND id=?", user_id, job_id)
        return _job(row) if row else None

    def update_job(self, user_id: str, job_id: str, **fields: Any) -> None:
        cols = ", ".join(f"{k}=?" for k in fields)
        with self._tx() as db:
            db.execute(
                f"UPDATE renders SET {cols}, updated=? WHERE user_id=? AND id=?",
                (*fields.values(), time.time(), user_id, job_id),
            )

    def unfinished_jobs(self) -> list[Job]:
        """Jobs a stopped server left behind: they go back to pending and run again."""
        with self._tx() as db:
            db.execute("UPDATE renders SET status='pending', progress=0 WHERE status='processing'")
        return [_job(r) for r in self._all("SELECT * FROM renders WHERE status='pending' ORDER BY created")]


def _job(row: sqlite3.Row) -> Job:
    return Job(
        row["user_id"],
        row["id"],
        row["session_id"],
        row["status"],
        row["progress"],
        json.loads(row["draft"]),
        row["quality"],
        row["output_sha"],
        row["error"],
        row["created"],
    )
