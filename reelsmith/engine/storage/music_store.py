"""Generated music: a track is named by its recipe when an edit asks for it and made when first read.

An edit only needs the track's name to put it on the timeline; making it takes about 0.6 s per
30 s of music. So the edit answers at once, and the render makes the track while the photos are
being prepared (or a download makes it first). A recipe's name is a SHA-256 of the recipe, the
same shape as a content hash, so drafts, ownership checks and links treat it like any file.
"""

from __future__ import annotations

import hashlib
import threading

from reelsmith.engine.media.music_moods import RECIPE_VERSION
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.store import Store
from reelsmith.protocol.files import file_ref


def recipe_sha(key: str) -> str:
    """The name of the track made by `key` ("mood:milliseconds") with this synthesiser."""
    return hashlib.sha256(f"reelsmith-music:{RECIPE_VERSION}:{key}".encode()).hexdigest()


class GeneratedMusic:
    def __init__(self, store: Store, blobs: BlobStore, cache_bytes: int) -> None:
        self.store, self.blobs, self.cache_bytes = store, blobs, cache_bytes
        self._lock = threading.Lock()
        self._making: dict[str, threading.Lock] = {}  # one maker per track; a second reader waits for it

    def ref(self, sid: str, mood: str, seconds: float) -> str:
        """The timeline's reference to a track for `mood` and `seconds`, owned by the session."""
        key = f"{mood}:{round(seconds * 1000)}"
        sha = self.store.music_cached(key)
        if sha is None or not (self.blobs.has(sha) or sha == recipe_sha(key)):
            sha = recipe_sha(key)
            self.store.cache_music(key, sha)  # size 0 until made: a pending track is never pruned
        name = f"{mood}.wav"
        self.store.add_media(
            sid, sha, "music", name, {"mood": mood, "duration": seconds, "cdn_url": file_ref(sha, name)}
        )
        return file_ref(sha, name)

    def known(self, sha: str) -> bool:
        """A stored file, or a track this engine can make."""
        return self.blobs.has(sha) or self.store.music_key(sha) is not None

    def ensure(self, sha: str) -> bool:
        """Make the track named `sha` if it is a recipe not made yet; False when it is neither a file
        nor a recipe."""
        if self.blobs.has(sha):
            return True
        key = self.store.music_key(sha)
        if key is None:
            return False
        with self._lock:
            lock = self._making.setdefault(sha, threading.Lock())
        with lock:
            if not self.blobs.has(sha):
                from reelsmith.engine.media import music  # numpy and the synthesiser: only to make one

                mood, ms = key.split(":")
                tmp = self.blobs.temp(".wav")
                music.make_track(mood, int(ms) / 1000, tmp)
                self.blobs.add_as(sha, tmp)
                self.store.cache_music(key, sha, self.blobs.path(sha).stat().st_size)
                for old in self.store.prune_music(self.cache_bytes):
                    self.blobs.remove(old)
        with self._lock:
            self._making.pop(sha, None)
        return True
