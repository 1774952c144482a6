"""A draft being edited, typed: the draft model with its segments, plus what the operations need to keep it coherent.

Operations change the video track and a few anchors; `settle()` then re-derives
everything that follows from them (total length, music and logo spans, where
each title and caption sits), so no operation has to remember the others.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from reelsmith.engine.edit import beat_sync
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.choices import ASPECTS
from reelsmith.engine.model.draft import (
    SEGMENT_MODELS,
    AudioSegment,
    Draft,
    DraftError,
    Meta,
    OverlaySegment,
    Segment,
    TextSegment,
    Track,
    VideoSegment,
    layout,
)
from reelsmith.protocol.facts import TrackType

if TYPE_CHECKING:
    from reelsmith.engine.media.beats import Beats

MusicMaker = Callable[[str, float], str]  # (mood, seconds) -> reference to a generated track
BeatFinder = Callable[[str], "Beats | None"]  # a song's reference -> its beats (None: not readable)

VIDEO, AUDIO, OVERLAY, TEXT = TrackType
MIN_PHOTO_MS = 1200
TEXT_HOLD = {"title": 3500, "subtitle": 3500, "cta": 3000, "lower_third": 4000, "text": 3000, "caption": 3000}


class OpError(ValueError):
    """An operation that does not fit the draft; the message says what would."""


@dataclass
class Context:
    uploads: list[MediaInfo] = field(default_factory=list)  # path is the draft reference
    music: MusicMaker | None = None
    lang: str = "en"
    beats: BeatFinder | None = None  # without it a user's song is not cut to (generated music still is)

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


@dataclass
class Lane:
    """One track while it is edited: the protocol track (its tt, name and any keys we do not know)
    and its segments as models; a track type we do not know keeps its segments as dicts."""

    track: Track  # its own sg is left empty: `sg` is the one copy until `dump()`
    sg: list[Any]

    @property
    def tt(self) -> int:
        return self.track.tt

    def dump(self) -> dict[str, Any]:
        return {**self.track.dump(), "sg": [s.dump() if isinstance(s, Segment) else s for s in self.sg]}


class Work:
    def __init__(self, draft: dict[str, Any] | None, ctx: Context) -> None:
        """Read a stored draft (old flat editor keys included); one that does not validate is an OpError."""
        try:
            parsed = Draft.parse(copy.deepcopy(draft) if draft else {})
        except DraftError as e:
            raise OpError(str(e)) from None
        self.ctx = ctx
        self.lanes = [_lane(t) for t in parsed.t]
        parsed.t = []
        self.draft = parsed  # everything but the tracks, which live in `lanes` while editing

    def reset(self, meta: Meta) -> None:
        """Start over: an empty timeline on this canvas."""
        self.draft = Draft(d=0, m=meta)
        self.lanes = []

    def saved(self) -> tuple[Draft, list[Lane]]:
        """A copy of the draft as it is now, for `restore`."""
        return copy.deepcopy((self.draft, self.lanes))

    def restore(self, saved: tuple[Draft, list[Lane]]) -> None:
        self.draft, self.lanes = saved

    def dump(self) -> dict[str, Any]:
        """The draft as the protocol stores it: only what was set, unknown keys as they came."""
        out = self.draft.dump()
        out["t"] = [lane.dump() for lane in self.lanes]
        return out

    # --- tracks ----------------------------------------------------------
    def lane(self, tt: int, name: str = "") -> Lane:
        """The first track of a type, created (in the usual order) when missing."""
        for lane in self.lanes:
            if lane.tt == tt:
                return lane
        lane = Lane(Track(tt=tt, name=name), [])
        self.lanes.append(lane)
        return lane

    def segs(self, tt: int) -> list[Any]:
        return [s for lane in self.lanes if lane.tt == tt for s in lane.sg]

    @property
    def video(self) -> list[VideoSegment]:
        return self.lane(VIDEO, "Video").sg

    def audio(self) -> list[AudioSegment]:
        return self.segs(AUDIO)

    def overlays(self) -> list[OverlaySegment]:
        return self.segs(OVERLAY)

    def texts(self) -> list[TextSegment]:
        return self.segs(TEXT)

    @property
    def empty(self) -> bool:
        return not any(lane.sg for lane in self.lanes)

    def index(self, n: int, what: str = "item") -> int:
        """Where video segment n (1-based; -1 is the last) is in the track, or a clear error."""
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
        return i

    def item(self, n: int, what: str = "item") -> VideoSegment:
        return self.video[self.index(n, what)]

    def label(self, seg: VideoSegment) -> str:
        return seg.name or stem(seg.src)

    def new_id(self, prefix: str) -> str:
        used = {s.id if isinstance(s, Segment) else str(s.get("id")) for lane in self.lanes for s in lane.sg}
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    @property
    def meta(self) -> Meta:
        return self.draft.m

    @property
    def size(self) -> tuple[int, int]:
        return self.meta.width, self.meta.height

    # --- lengths ---------------------------------------------------------
    def spans(self) -> list[tuple[int, int]]:
        return layout(self.video)

    @property
    def total(self) -> int:
        s = self.spans()
        return s[-1][1] if s else 0

    def overlaps(self) -> int:
        """Time the transitions take out of the sum of the items' lengths."""
        return sum(s.d for s in self.video) - self.total

    def clip_max(self, seg: VideoSegment) -> int:
        """The longest a clip can play at its speed, from its in-point."""
        if not seg.ed.src_d:
            return 10**9
        return max(200, int((seg.ed.src_d - seg.src_in) / seg.speed))

    def _natural(self, s: VideoSegment) -> int:
        """A clip's length when nothing squeezes it: all of it, else what it has."""
        return self.clip_max(s) if s.ed.src_d else s.d

    def fit_length(self, total_ms: int) -> None:
        """Share a total length out: photos and cards evenly, clips at their own length unless too long."""
        v = self.video
        if not v:
            raise OpError(self.ctx.say("nothing to lengthen: the timeline is empty", "时间线是空的"))
        for _ in range(3):  # transitions shrink with short items, so settle in a few passes
            # logo cards keep their own length; photos and clips share the rest
            need = total_ms + self.overlaps() - sum(s.d for s in v if s.ed.logo_card)
            clips = [s for s in v if s.kind == "video"]
            stills = [s for s in v if s.kind != "video" and not s.ed.logo_card]
            clip_sum = sum(self._natural(s) for s in clips)
            if stills:
                for s in stills:
                    s.ed.unset("held")  # a new spread: lengths set one by one before are not kept
                if clips and need - clip_sum < MIN_PHOTO_MS * len(stills):
                    k = max(0.05, (need - MIN_PHOTO_MS * len(stills)) / max(clip_sum, 1))
                    for s in clips:
                        s.d = max(300, int(self._natural(s) * k))
                else:
                    for s in clips:
                        s.d = self._natural(s)
                left = need - sum(s.d for s in clips)
                each = max(MIN_PHOTO_MS if left >= MIN_PHOTO_MS * len(stills) else 300, left // len(stills))
                for s in stills:
                    s.d = each
                stills[-1].d += max(0, left - each * len(stills))
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
                    s.d = max(300, int(self._natural(s) * k))
            if abs(self.total - total_ms) <= 40:
                break
        self.video[-1].d += total_ms - self.total

    # --- keeping it coherent ---------------------------------------------
    def settle(self) -> None:
        """Re-derive the length, full-length tracks, the cuts on the beat and anchored text from the
        video track."""
        total = self.total
        self.draft.d = total
        for a in self.audio():
            if a.ed.full:
                a.st, a.d = 0, max(1, total)
        beat_sync.fit_song(self)
        beat_sync.retime(self)  # the length stays: only where the cuts fall changes
        spans = self.spans()
        where = {s.id: span for s, span in zip(self.video, self.visible(spans), strict=True)}
        for o in self.overlays():
            o.st, o.d = 0, max(1, total)
        grid = beat_sync.music_grid(self) if self.meta.ed.beat_sync else None
        for lane in self.lanes:
            if lane.tt == TEXT:
                lane.sg = [x for x in lane.sg if self._place_text(x, where, total, grid)]
        self._closing_text_alone(where)
        self.lanes = [lane for lane in self.lanes if lane.sg or lane.tt == VIDEO]

    def _closing_text_alone(self, where: dict[str, tuple[int, int]]) -> None:
        """A text at the end comes in alone: a caption still on screen then ends as it comes in (keeping
        a second at least), or else the closing text waits for it (keeping a second at least)."""
        texts = [x for lane in self.lanes if lane.tt == TEXT for x in lane.sg]
        for end in (x for x in texts if x.ed.at == "end"):
            for cap in (x for x in texts if x.ed.at in where):
                if not (cap.st < end.st + end.d and end.st < cap.st + cap.d):
                    continue
                if end.st - cap.st >= 1000:
                    cap.d = end.st - cap.st
                elif end.st + end.d - (cap.st + cap.d) >= 1000:
                    end.d -= cap.st + cap.d - end.st
                    end.st = cap.st + cap.d

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

    def _place_text(
        self, x: TextSegment, where: dict[str, tuple[int, int]], total: int, grid: beat_sync.Grid | None
    ) -> bool:
        """Put a text where its anchor now is, coming in on a beat of the music when one is near;
        False when it has nothing left to sit on."""
        if total <= 0:
            return False  # an empty video shows no text (and a text cannot last 0 ms)
        at, hold = x.ed.at, x.ed.hold or TEXT_HOLD.get(x.role, 3000)
        if at == "start":
            x.st, x.d = 0, min(hold, total)
        elif at == "end":
            x.d = min(hold, total)
            # on the first beat from its start, at most a beat later: never earlier, where the last
            # caption may still be on screen
            x.st = beat_sync.on_beat(grid, total - x.d, total - x.d, total - x.d + (grid.beat_ms if grid else 0))
            x.st = max(0, min(x.st, total - 1))
            x.d = total - x.st
            if self.meta.fade_out:
                x.fo = 0  # the fade to black takes it with the picture: no text half-faded on the last frame
        elif at == "whole":
            x.st, x.d = 0, total
        elif at in where:
            s, e = where[at]
            # once its photo is in, on the beat nearest 300 ms in, within the first third of its time
            x.st = beat_sync.on_beat(grid, s + min(300, (e - s) // 6), s, s + (e - s) // 3)
            room = max(1, e - x.st - min(200, (e - s) // 6))  # gone before the next transition starts
            x.d = min(hold, room) if x.ed.hold else room
        else:
            return False  # its photo was removed, so the caption goes with it
        if x.st + x.d > total:
            x.d = max(1, total - x.st)
        return True

    def make_music(self) -> None:
        """Generate the mood tracks the draft now needs, once, at its final length."""
        for a in self.audio():
            if a.ed.mood and (a.ed.made_for != a.d or not a.src) and self.ctx.music:
                a.src, a.ed.made_for = self.ctx.music(a.ed.mood, a.d / 1000), a.d

    def check(self) -> Draft:
        try:
            return Draft.parse(self.dump())
        except DraftError as e:
            raise OpError(str(e)) from None


def _lane(t: Track) -> Lane:
    model = SEGMENT_MODELS.get(t.tt)
    sg = [model.model_validate(s) for s in t.sg] if model else list(t.sg)
    return Lane(t.model_copy(update={"sg": []}), sg)
