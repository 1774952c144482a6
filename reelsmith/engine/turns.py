"""One conversation turn of the local engine: a request in, timeline edits and a reply out.

The service streams what this returns as ADK events. Until the full editor
lands, a turn builds (or rebuilds) a slideshow or promo from the session's
uploads with everything the user has asked so far, or undoes the last edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import editor, music
from .blobs import BlobStore
from .draft import Draft, DraftError
from .probe import MediaInfo
from .store import Store

UNDO = re.compile(r"^\s*(undo|go back|revert|undo that|撤销|撤回|返回上一步)\b", re.I)


@dataclass
class Call:
    name: str
    args: dict[str, Any]
    response: dict[str, Any]


@dataclass
class Outcome:
    text: str
    calls: list[Call] = field(default_factory=list)
    version: int | None = None  # the new draft version, when the turn changed the timeline


def file_ref(sha: str, name: str) -> str:
    """How drafts name stored files: host-free, so they survive a restart on another port."""
    return f"/files/{sha}/{name}"


def _say(lang: str, en: str, zh: str) -> str:
    return zh if lang.startswith("zh") else en


class Turn:
    def __init__(self, store: Store, blobs: BlobStore, sid: str, language: str = "en") -> None:
        self.store, self.blobs, self.sid, self.lang = store, blobs, sid, language

    def run(self, text: str) -> Outcome:
        self.store.add_message(self.sid, text)
        if UNDO.search(text):
            return self._undo()
        uploads = self.store.uploads(self.sid)
        if not uploads:
            return Outcome(_say(self.lang, "There is nothing to edit yet: upload some photos or clips first, "
                                "then tell me what to make (for example \"a 30-second promo with music\").",
                                "还没有素材：请先上传照片或视频，再告诉我想做什么（例如“做一个30秒带音乐的宣传视频”）。"))
        infos = [MediaInfo(**{**_media_fields(u), "path": file_ref(u["hash"], u["filename"])}) for u in uploads]
        # later requests win: the planner reads the newest words first
        request = " \n ".join(reversed(self.store.messages(self.sid)))
        try:
            draft = editor.build(infos, request, music=self._music)
        except (ValueError, DraftError) as e:
            return Outcome(_say(self.lang, f"I could not build a timeline: {e}.", f"无法生成时间线：{e}。"))
        data = draft.dump()
        version = self.store.add_draft(self.sid, data, f"build: {text[:80]}")
        summary = editor.summary(draft)
        call = Call("build_timeline", {"request": text, "uploads": len(uploads)},
                    {"version": version, "summary": summary})
        return Outcome(_describe(draft, self.lang) + "\n" + summary, [call], version)

    def _undo(self) -> Outcome:
        version, _ = self.store.draft(self.sid)
        if version < 2:
            return Outcome(_say(self.lang, "There is no earlier version to go back to.", "没有可以撤销的更早版本。"))
        _, previous = self.store.draft(self.sid, version - 1)
        assert previous is not None
        new = self.store.add_draft(self.sid, previous, f"undo: back to version {version - 1}")
        summary = editor.summary(Draft.parse(previous))
        call = Call("undo", {}, {"version": new, "restored": version - 1, "summary": summary})
        return Outcome(_say(self.lang, "Undone: back to the previous version.\n", "已撤销，回到上一个版本。\n")
                       + summary, [call], new)

    def _music(self, mood: str, seconds: float) -> str:
        """A generated track for the mood, made once per length and kept in the blob store."""
        key = f"{mood}:{round(seconds * 1000)}"
        sha = self.store.music_cached(key)
        if sha is None or not self.blobs.has(sha):
            tmp = self.blobs.temp(".wav")
            music.make_track(mood, seconds, tmp)
            sha = self.blobs.add_file(tmp)
            self.store.cache_music(key, sha)
        name = f"{mood}.wav"
        self.store.add_media(self.sid, sha, "music", name, {"mood": mood, "duration": seconds,
                                                               "cdn_url": file_ref(sha, name)})
        return file_ref(sha, name)


def _media_fields(u: dict[str, Any]) -> dict[str, Any]:
    keep = {f for f in MediaInfo.__dataclass_fields__}
    return {k: v for k, v in u.items() if k in keep}


def _describe(d: Draft, lang: str) -> str:
    video = d.video()
    photos = sum(1 for s in video if s.kind == "image")
    clips = len(video) - photos
    what = ", ".join(x for x in (f"{photos} photo{'s' * (photos != 1)}" if photos else "",
                                  f"{clips} clip{'s' * (clips != 1)}" if clips else "") if x)
    with_music = f" with {d.audio()[0].name} music" if d.audio() else ", no music"
    secs = round(d.d / 1000, 1)
    return _say(lang, f"Made a {secs:g}-second {d.m.width}x{d.m.height} video from {what}{with_music}.",
                f"已用{len(video)}个素材生成 {secs:g} 秒的 {d.m.width}x{d.m.height} 视频。")


