"""Generated music: a track is named by its recipe when an edit asks for it and made when first read.

An edit only needs the track's name to put it on the timeline; making it takes about 0.6 s per
30 s of music. So the edit answers at once, and the render makes the track while the photos are
being prepared (or a download makes it first). A recipe's name is a SHA-256 of the recipe, the
same shape as a content hash, so drafts, ownership checks and links treat it like any file.

The recipe key is (mood, length): the tempo is the mood's own (music_moods.MOODS[mood].bpm) and the
seed is fixed (make_track's default), so neither is a choice that could make two tracks differ; a
change to either default is a new RECIPE_VERSION. Should tempo or seed become a choice, it joins the key.

A user's song is analysed for its beats once per file (`song_beats`): kept in SQLite by its hash.
"""

from __future__ import annotations

import hashlib
import subprocess
import threading
from typing import TYPE_CHECKING

from reelsmith.engine.media.music_moods import RECIPE_VERSION
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.store import Store
from reelsmith.protocol.files import file_ref, sha_of

if TYPE_CHECKING:
    from reelsmith.engine.media.beats import Beats


def recipe_sha(key: str) -> str:
    """The name of the track made by `key` ("mood:milliseconds") with this synthesiser."""
    return hashlib.sha256(f"reelsmith-music:{RECIPE_VERSION}:{key}".encode()).hexdigest()


class GeneratedMusic:
    def __init__(self, store: Store, blobs: BlobStore, cache_bytes: int) -> None:
        self.store, self.blobs, self.cache_bytes = store, blobs, cache_bytes
        self._lock = threading.Lock()
        self._making: dict[str, threading.Lock] = {}  # one maker per track; a second reader waits for it
        self._beats: dict[str, Beats | None] = {}  # read from SQLite once per process

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

    def song_beats(self, ref: str) -> Beats | None:
        """Tempo, beats and bars of an uploaded song (by its draft reference), analysed the first time
        any session asks and kept by file hash; None for a file that is not stored or cannot be read."""
        from reelsmith.engine.media import beats  # numpy: only when a song is on the timeline

        sha = sha_of(ref)
        if sha is None or not self.blobs.has(sha):
            return None
        with self._lock:
            if sha in self._beats:
                return self._beats[sha]
        cached = self.store.song_beats(sha, beats.VERSION)
        if cached is not None:
            found: Beats | None = beats.Beats.load(cached)
        else:
            try:
                found = beats.analyse_file(self.blobs.path(sha))
            except (OSError, ValueError, RuntimeError, subprocess.CalledProcessError):
                found = None  # not audio ffmpeg can decode: the cuts stay as they are
            if found is not None:
                self.store.cache_song_beats(sha, beats.VERSION, found.dump())
        with self._lock:
            self._beats[sha] = found
        return found
