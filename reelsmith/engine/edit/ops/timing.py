"""Operations on time and order: total length, pace, one item's length, clip speed, trims, order."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from reelsmith.engine.edit.ops.base import Op, secs
from reelsmith.engine.edit.work import OpError, Work


class SetDuration(Op):
    """Make the whole video this long; photos share the time, clips keep theirs where they can."""

    name: ClassVar[str] = "set_duration"
    length: ClassVar = "change"
    says_length: ClassVar = True
    seconds: float = Field(gt=0, le=3600)

    def apply(self, w: Work) -> str:
        before = w.total
        w.fit_length(int(self.seconds * 1000))
        w.draft.m.ed.length = int(self.seconds * 1000)
        if w.total == before:
            return w.ctx.say(f"the length is already {secs(before / 1000)}", f"时长已经是 {secs(before / 1000)}")
        return w.ctx.say(
            f"length {secs(before / 1000)} → {secs(w.total / 1000)}",
            f"时长 {secs(before / 1000)} → {secs(w.total / 1000)}",
        )


class SetPace(Op):
    """Slower (factor > 1) or faster (< 1): every photo and transition held longer or shorter."""

    name: ClassVar[str] = "set_pace"
    length: ClassVar = "change"
    says_length: ClassVar = True
    factor: float = Field(gt=0.2, le=5)

    def apply(self, w: Work) -> str:
        before = w.total
        for s in w.video:
            if s.kind != "video":
                s.d = max(600, int(s.d * self.factor))
            elif s.ed.src_d:
                s.d = min(w.clip_max(s), max(300, int(s.d * self.factor)))
            if s.tr:
                s.tr.d = max(200, min(1500, int(s.tr.d * self.factor)))
        word = w.ctx.say("slower", "放慢") if self.factor > 1 else w.ctx.say("faster", "加快")
        return w.ctx.say(
            f"{word}: length {secs(before / 1000)} → {secs(w.total / 1000)}",
            f"{word}：时长 {secs(before / 1000)} → {secs(w.total / 1000)}",
        )


class SetClipSpeed(Op):
    """Play clips faster or slower (0.5 is slow motion); one clip, or all when item is omitted."""

    name: ClassVar[str] = "set_clip_speed"
    length: ClassVar = "change"
    speed: float = Field(gt=0.1, le=8)
    item: int | None = None

    def apply(self, w: Work) -> str:
        segs = [w.item(self.item, "clip")] if self.item else w.video
        segs = [s for s in segs if s.kind == "video"]
        if not segs:
            raise OpError(
                w.ctx.say(
                    'speed applies to video clips, and there are none here; for photos say "slower" or "faster"',
                    "速度只适用于视频片段；照片请说“慢一点”或“快一点”",
                )
            )
        for s in segs:
            natural = s.d * s.speed
            s.speed = self.speed
            s.d = max(300, min(int(natural / self.speed), w.clip_max(s)))
        return w.ctx.say(
            f"clip speed {self.speed:g}x on {len(segs)} clip{'s' * (len(segs) != 1)}",
            f"{len(segs)}个片段速度设为 {self.speed:g} 倍",
        )


class SetItemDuration(Op):
    """Show one photo or clip for this many seconds; with item left out, every photo (clips keep
    their own length)."""

    name: ClassVar[str] = "set_item_duration"
    length: ClassVar = "change"
    item: int | None = None
    seconds: float = Field(gt=0.2, le=600)

    def apply(self, w: Work) -> str:
        ms = int(self.seconds * 1000)
        if self.item is None:
            photos = [s for s in w.video if s.kind != "video" and not s.ed.logo_card]
            if not photos:
                raise OpError(w.ctx.say("there are no photos to time; clips keep their length", "没有照片可以设置时长"))
            for s in photos:
                s.d = ms
                s.ed.held = True  # asked for: cutting on the beat keeps it
            return w.ctx.say(f"each photo shows for {secs(self.seconds)}", f"每张照片显示 {self.seconds:g} 秒")
        s = w.item(self.item)
        if s.kind == "video" and ms > w.clip_max(s):
            raise OpError(
                w.ctx.say(
                    f"{w.label(s)} is only {w.clip_max(s) / 1000:.1f}s long at this speed",
                    f"{w.label(s)} 只有 {w.clip_max(s) / 1000:.1f} 秒",
                )
            )
        s.d = ms
        s.ed.held = True
        return w.ctx.say(f"{w.label(s)} now shows for {secs(self.seconds)}", f"{w.label(s)} 显示 {self.seconds:g} 秒")


class Keep(Op):
    """Keep only these items (1-based positions, in this order); every other photo or clip goes."""

    name: ClassVar[str] = "keep"
    items: list[int] = Field(min_length=1)

    def apply(self, w: Work) -> str:
        v = w.video
        idx = [w.index(n) for n in self.items]
        if len(set(idx)) != len(idx):
            raise OpError(w.ctx.say("each item may be named once", "每个素材只能出现一次"))
        gone = [w.label(s) for i, s in enumerate(v) if i not in idx and not s.ed.logo_card]
        cards = [s for s in v if s.ed.logo_card]
        kept = [v[i] for i in idx if not v[i].ed.logo_card]
        v[:] = [c for c in cards if c is v[0]] + kept + [c for c in cards if c is not v[0]]
        for s in v[:-1]:  # the joins stay as they were styled
            if s.tr is None and len(v) > 1 and any(x.tr for x in v[:-1]):
                s.tr = next(x.tr for x in v if x.tr).model_copy()
        v[-1].unset("tr")
        names = ", ".join(w.label(s) for s in kept)
        return w.ctx.say(
            f"kept {len(kept)} item{'s' * (len(kept) != 1)} ({names}); removed {', '.join(gone) or 'none'}",
            f"保留{len(kept)}个素材（{names}），删除{len(gone)}个",
        )


class Reorder(Op):
    """Put the video items in a new order: a list of current positions, e.g. [2, 1, 3]."""

    name: ClassVar[str] = "reorder"
    order: list[int]

    def apply(self, w: Work) -> str:
        v = w.video
        idx = [n - 1 if n > 0 else len(v) + n for n in self.order]
        if sorted(idx) != list(range(len(v))):
            raise OpError(
                w.ctx.say(
                    f"the order must name each of the {len(v)} items once", f"顺序必须包含全部{len(v)}个素材且各一次"
                )
            )
        trs = [s.tr for s in v]
        new = [v[i] for i in idx]
        for s, tr in zip(new, trs, strict=True):  # transitions belong to the joins, not the items
            if tr:
                s.tr = tr
            else:
                s.unset("tr")
        v[:] = new
        names = [w.label(s) for s in v]
        return w.ctx.say("new order: " + ", ".join(names), "新顺序：" + "、".join(names))


class Trim(Op):
    """Use only part of a clip: from `start` to `end` seconds of the source."""

    name: ClassVar[str] = "trim"
    length: ClassVar = "change"
    item: int
    start: float = Field(0, ge=0)
    end: float | None = Field(None, gt=0)

    def apply(self, w: Work) -> str:
        s = w.item(self.item, "clip")
        if s.kind != "video":
            raise OpError(
                w.ctx.say(
                    f"{w.label(s)} is a photo; trimming is for clips (set its length instead)",
                    f"{w.label(s)} 是照片，只能设置显示时长",
                )
            )
        src = s.ed.src_d or 10**9
        a = int(self.start * 1000)
        b = min(int(self.end * 1000) if self.end else src, src)
        if b - a < 300:
            raise OpError(
                w.ctx.say(
                    f"{w.label(s)} is {src / 1000:.1f}s; choose a part at least 0.3s long",
                    f"{w.label(s)} 长 {src / 1000:.1f} 秒，请选择至少0.3秒",
                )
            )
        s.src_in = a
        s.ed.src_d = b  # the clip now ends at the trim point
        s.d = int((b - a) / s.speed)
        s.ed.held = True  # the part asked for plays whole: cutting on the beat keeps it
        return w.ctx.say(
            f"{w.label(s)} trimmed to {a / 1000:g}-{b / 1000:g}s", f"{w.label(s)} 截取 {a / 1000:g}-{b / 1000:g} 秒"
        )


class Mute(Op):
    """Silence (or restore) the sound of one clip, or of all clips."""

    name: ClassVar[str] = "mute"
    item: int | None = None
    on: bool = True

    def apply(self, w: Work) -> str:
        segs = [w.item(self.item)] if self.item else w.video
        clips = [s for s in segs if s.kind == "video"]
        if not clips:
            raise OpError(
                w.ctx.say(
                    'only video clips have sound to mute; to silence the music say "remove the music"',
                    "只有视频片段有原声；去掉音乐请说“去掉音乐”",
                )
            )
        for s in clips:
            s.mute = self.on
        return w.ctx.say(
            f"{'muted' if self.on else 'unmuted'} {len(clips)} clip{'s' * (len(clips) != 1)}",
            f"{'静音' if self.on else '恢复声音'}：{len(clips)}个片段",
        )
