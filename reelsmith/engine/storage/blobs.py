"""A content-addressed file store: every file is kept once, under its SHA-256.

Nothing is ever overwritten in place, so a crash can leave at most a stray
temporary file, never a half-written blob.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

CHUNK = 1 << 20


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True, exist_ok=True)

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha[2:]

    def has(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def temp(self, suffix: str = "") -> Path:
        """A fresh temporary path on the same filesystem (so adding it is a rename)."""
        fd, name = tempfile.mkstemp(dir=self.tmp, suffix=suffix)
        os.close(fd)
        return Path(name)

    def add_file(self, src: Path) -> str:
        """Move `src` into the store; returns its hash."""
        h = hashlib.sha256()
        with src.open("rb") as f:
            for chunk in iter(lambda: f.read(CHUNK), b""):
                h.update(chunk)
        sha = h.hexdigest()
        dest = self.path(sha)
        if dest.exists():
            src.unlink()
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, dest)
        return sha

    def add_as(self, name: str, src: Path) -> None:
        """Move `src` into the store under `name`, a hash of what made it (a generated track's recipe)
        rather than of its bytes."""
        dest = self.path(name)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dest)

    def remove(self, sha: str) -> None:
        self.path(sha).unlink(missing_ok=True)

    def clear_temp(self) -> None:
        """Leftovers of an interrupted run: only temporary files, never blobs."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True, exist_ok=True)
