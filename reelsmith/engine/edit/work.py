"""A draft being edited: the raw dict plus what the edit operations need to keep it coherent.

Operations change the video track and a few anchors; `settle()` then re-derives
everything that follows from them (total length, music and logo spans, where
each title and caption sits), so no operation has to remember the others.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.draft import ASPECTS, Draft, DraftError
from reelsmith.protocol.facts import TrackType
from reelsmith.protocol.timeline import layout, transition_ms

MusicMaker = Callable[[str, float], str]  # (mood, seconds) -> reference to a generated track

VIDEO, AUDIO, OVERLAY, TEXT = TrackType
MIN_PHOTO_MS = 1200
TEXT_HOLD = {"title": 3500, "cta": 3000, "lower_third": 4000, "text": 3000, "caption": 3000}


class OpError(ValueError):
    """An operation that does not fit the draft; the message says what would."""


@dataclass
class Context:
    uploads: list[MediaInfo] = field(default_factory=list)  # path is the draft reference
    music: MusicMaker | None = None
    lang: str = "en"

    def say(self, en: str, zh: str) -> str:
        return zh if self.lang.startswith("zh") else en

    def upload(self, src: str) -> MediaInfo | None:
        return next((u for u in self.uploads if u.path == src), None)


def canvas(aspect: str, height: int) -> tuple[int, int]:
    """Even pixel size for an aspect at a quality line (1080 for 1080p: the short side)."""
    w, h = ASPECTS[aspect]
    k = height / 1080
    return int(round(w * k / 2) * 2), int(round(h * k / 2) * 2)


def stem(path: str) -> str:
    return PurePosixPath(path).stem


class Work:
    def __init__(self, draft: dict[str, Any] | None, ctx: Context) -> None:
        self.d: dict[str, Any] = copy.deepcopy(draft) if draft else {}
        self.ctx = ctx

    # --- tracks ----------------------------------------------------------
    def track(self, tt: int, name: str = "") -> dict[str, Any]:
        """The first track of a type, created (in the usual order) when missing."""
        for t in self.d.setdefault("t", []):
            if t.get("tt") == tt:
                return t
        t = {"tt": tt, "name": name, "sg": []}
        self.d["t"].append(t)
        return t

    def segs(self, tt: int) -> list[dict[str, Any]]:
        return [s for t in self.d.get("t", []) if t.get("tt") == tt for s in t.get("sg", [])]

    @property
    def video(self) -> list[dict[str, Any]]:
        return self.track(VIDEO, "Video")["sg"]

    @property
    def empty(self) -> bool:
        return not any(t.get("sg") for t in self.d.get("t", []))

    def item(self, n: int, what: str = "item") -> dict[str, Any]:
        """Video segment n (1-based; -1 is the last), or a clear error."""
        v = self.video
        i = n - 1 if n > 0 else len(v) + n
        if not v:
            raise OpError(self.ctx.say("the timeline is empty: make the video first", "时间线是空的：请先生成视频"))
        if not 0 <= i < len(v):
            raise OpError(
                self.ctx.say(
                    f"there is no {what} {n}: the video has {len(v)} items", f"没有第{n}个素材：视频共有{len(v)}个"
                )
            )
        return v[i]

    def label(self, seg: dict[str, Any]) -> str:
        return str(seg.get("name") or stem(str(seg.get("src", ""))))

    def new_id(self, prefix: str) -> str:
        used = {str(s.get("id")) for t in self.d.get("t", []) for s in t.get("sg", [])}
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    @property
    def meta(self) -> dict[str, Any]:
        return self.d.setdefault("m", {})

    @property
    def size(self) -> tuple[int, int]:
        return int(self.meta.get("width", 1920)), int(self.meta.get("height", 1080))

    # --- lengths ---------------------------------------------------------
    def spans(self) -> list[tuple[int, int]]:
        return layout(self.video)

    @property
    def total(self) -> int:
        s = self.spans()
        return s[-1][1] if s else 0

    def overlaps(self) -> int:
        return sum(transition_ms(self.video, i) for i in range(len(self.video)))

    def clip_max(self, seg: dict[str, Any]) -> int:
        """The longest a clip can play at its speed, from its in-point."""
        src_ms = int(seg.get("src_d") or 0)
        if not src_ms:
            return 10**9
        return max(200, int((src_ms - int(seg.get("in", 0))) / float(seg.get("speed", 1.0))))

    def fit_length(self, total_ms: int) -> None:
        """Share a total length out: photos and cards evenly, clips at their own length unless too long."""
        v = self.video
        if not v:
            raise OpError(self.ctx.say("nothing to lengthen: the timeline is empty", "时间线是空的"))
        for _ in range(3):  # transitions shrink with short items, so settle in a few passes
            # logo cards keep their own length; photos and clips share the rest
            need = total_ms + self.overlaps() - sum(s["d"] for s in v if s.get("logo_card"))
            clips = [s for s in v if s.get("kind") == "video"]
            stills = [s for s in v if s.get("kind") != "video" and not s.get("logo_card")]
            clip_sum = sum(self.clip_max(s) if s.get("src_d") else s["d"] for s in clips)
            if stills:
                if clips and need - clip_sum < MIN_PHOTO_MS * len(stills):
                    k = max(0.05, (need - MIN_PHOTO_MS * len(stills)) / max(clip_sum, 1))
                    for s in clips:
                        s["d"] = max(300, int((self.clip_max(s) if s.get("src_d") else s["d"]) * k))
                else:
                    for s in clips:
                        s["d"] = self.clip_max(s) if s.get("src_d") else s["d"]
                left = need - sum(s["d"] for s in clips)
                each = max(MIN_PHOTO_MS if left >= MIN_PHOTO_MS * len(stills) else 300, left // len(stills))
                for s in stills:
                    s["d"] = each
                stills[-1]["d"] += max(0, left - each * len(stills))
            else:
                if need > clip_sum + 50:
                    raise OpError(
                        self.ctx.say(
                            f"the clips run {clip_sum / 1000:.1f}s in all, so the video cannot be "
                            f'{total_ms / 1000:g}s; add photos, or slow the clips down ("slow motion")',
                            f"片段总长只有{clip_sum / 1000:.1f}秒，无法做到{total_ms / 1000:g}秒；"
                            "可以添加照片或放慢片段",
                        )
                    )
                k = need / max(clip_sum, 1)
                for s in clips:
                    s["d"] = max(300, int(self.clip_max(s) * k) if s.get("src_d") else int(s["d"] * k))
            if abs(self.total - total_ms) <= 40:
                break
        self.video[-1]["d"] += total_ms - self.total

    # --- keeping it coherent ---------------------------------------------
    def settle(self) -> None:
        """Re-derive the length, full-length tracks and anchored text from the video track."""
        spans = self.spans()
        total = spans[-1][1] if spans else 0
        self.d["d"] = total
        where = {str(s.get("id")): span for s, span in zip(self.video, self.visible(spans), strict=True)}
        for a in self.segs(AUDIO):
            if a.get("full", True):
                a["st"], a["d"] = 0, max(1, total)
        for o in self.segs(OVERLAY):
            o["st"], o["d"] = 0, max(1, total)
        for t in self.d.get("t", []):
            if t.get("tt") == TEXT:
                t["sg"] = [x for x in t["sg"] if self._place_text(x, where, total)]
        self.d["t"] = [t for t in self.d.get("t", []) if t.get("sg") or t.get("tt") == VIDEO]

    @staticmethod
    def visible(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Each item's time on screen alone: its span less the transitions into and out of it, so a
        caption never shares the screen with its neighbour's (nor shows before its photo is in)."""
        out = []
        for i, (s, e) in enumerate(spans):
            t_in = max(0, spans[i - 1][1] - s) if i else 0
            t_out = max(0, e - spans[i + 1][0]) if i + 1 < len(spans) else 0
            out.append((s + t_in, max(s + t_in + 1, e - t_out)))
        return out

    def _place_text(self, x: dict[str, Any], where: dict[str, tuple[int, int]], total: int) -> bool:
        at = x.get("at", "start")
        hold = int(x.get("hold") or TEXT_HOLD.get(str(x.get("role")), 3000))
        if at == "start":
            x["st"], x["d"] = 0, min(hold, total)
        elif at == "end":
            x["d"] = min(hold, total)
            x["st"] = total - x["d"]
            if self.meta.get("fade_out"):
                x["fo"] = 0  # the fade to black takes it with the picture: no text half-faded on the last frame
        elif at == "whole":
            x["st"], x["d"] = 0, total
        elif at in where:
            s, e = where[at]
            x["st"] = s + min(300, (e - s) // 6)
            room = max(1, e - x["st"] - min(200, (e - s) // 6))  # gone before the next transition starts
            x["d"] = min(hold, room) if x.get("hold") else room
        else:
            return False  # its photo was removed, so the caption goes with it
        if total and x["st"] + x["d"] > total:
            x["d"] = max(1, total - x["st"])
        return total > 0

    def make_music(self) -> None:
        """Generate the mood tracks the draft now needs, once, at its final length."""
        for a in self.segs(AUDIO):
            if a.get("mood") and (a.get("made_for") != a["d"] or not a.get("src")) and self.ctx.music:
                a["src"], a["made_for"] = self.ctx.music(a["mood"], a["d"] / 1000), a["d"]

    def check(self) -> Draft:
        try:
            return Draft.parse(self.d)
        except DraftError as e:
            raise OpError(str(e)) from None
