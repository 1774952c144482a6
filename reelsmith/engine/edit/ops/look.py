"""Operations on how it looks: canvas and platform, transitions, Ken Burns motion, colour."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from reelsmith.engine.edit.ops.base import (
    FADE_IN_MS,
    FADE_OUT_MS,
    GENTLE,
    PLATFORMS,
    TASTEFUL,
    Aspect,
    Op,
    Platform,
    aspect_of,
    fit_for,
    is_sweep,
    secs,
    short_side,
    sweep_for,
)
from reelsmith.engine.edit.work import OpError, Work, canvas
from reelsmith.engine.model.choices import TRANSITIONS, Height, Look, MotionType
from reelsmith.engine.model.draft import Motion, Transition


class SetCanvas(Op):
    """Frame shape and size: an aspect ratio, a platform preset (reels, tiktok, shorts, youtube,
    instagram, instagram_portrait), a height (1080, 720, 480), and/or frames per second."""

    name: ClassVar[str] = "set_canvas"
    aspect: Aspect | None = None
    platform: Platform | None = None
    height: Height | None = None
    fps: Literal[24, 25, 30, 60] | None = None

    def for_platform(self) -> str:
        """ "for Reels": the platform asked for, in words ("" for none)."""
        if not self.platform:
            return ""
        names = {"tiktok": "TikTok", "youtube": "YouTube", "instagram_portrait": "Instagram portrait"}
        return f"for {names.get(self.platform, self.platform.title())}"

    def apply(self, w: Work) -> str:
        was = (w.meta.width, w.meta.height, w.meta.fps)
        if self.fps and not (self.aspect or self.platform or self.height):
            w.meta.fps = self.fps
            if was[2] == self.fps:
                return w.ctx.say(f"it is already {self.fps} fps", f"帧率已经是 {self.fps}")
            return w.ctx.say(f"{self.fps} fps", f"帧率 {self.fps}")
        if self.fps:
            w.meta.fps = self.fps
        aspect = self.aspect or (PLATFORMS[self.platform][0] if self.platform else None) or aspect_of(w.meta)
        side = self.height or short_side(w.meta)
        width, height = canvas(aspect, side)
        w.meta.width, w.meta.height = width, height
        for i, s in enumerate(w.video):
            if s.kind not in ("image", "video") or s.ed.logo_card:
                continue
            u = w.ctx.upload(s.src)
            if not s.ed.framed:  # each photo and clip framed for the new shape; a fit the person chose stays
                s.fit = fit_for(u, width, height)
            if s.kind == "image":
                sweep = sweep_for(u, width, height, s.d) if not s.ed.framed or s.fit == "cover" else None
                if sweep:  # a panorama on this shape: a pan across it, filling the frame
                    s.fit, s.motion = "cover", sweep
                elif is_sweep(s.motion):  # no longer a panorama on this shape: a gentle move again
                    s.motion = Motion(type=GENTLE[i % len(GENTLE)], amount=0.06)
        where = f" {self.for_platform()}" if self.platform else ""
        fps = f", {self.fps} fps" if self.fps and self.fps != was[2] else ""
        if (width, height, w.meta.fps) == was:
            return w.ctx.say(
                f"the canvas is already {width}x{height} ({aspect}){where}", f"画面已经是 {width}x{height}（{aspect}）"
            )
        return w.ctx.say(f"canvas {width}x{height} ({aspect}){where}{fps}", f"画面 {width}x{height}（{aspect}）{fps}")


# what a Chinese reply calls each transition (the English reply uses its name)
ZH_TRANSITIONS = {
    "mix": "多种转场",
    "fade": "淡入淡出",
    "dissolve": "溶解",
    "fadeblack": "黑场过渡",
    "fadewhite": "白场过渡",
    "wipeleft": "向左擦除",
    "wiperight": "向右擦除",
    "wipeup": "向上擦除",
    "wipedown": "向下擦除",
    "slideleft": "向左滑动",
    "slideright": "向右滑动",
    "slideup": "向上滑动",
    "slidedown": "向下滑动",
    "smoothleft": "向左平滑推移",
    "smoothright": "向右平滑推移",
    "smoothup": "向上平滑推移",
    "smoothdown": "向下平滑推移",
    "circleopen": "圆形展开",
    "circleclose": "圆形收拢",
    "circlecrop": "圆形裁切",
    "rectcrop": "矩形裁切",
    "radial": "径向擦除",
    "pixelize": "像素化",
    "distance": "距离渐变",
    "diagtl": "对角擦除（左上）",
    "diagbr": "对角擦除（右下）",
    "hlslice": "水平切片",
    "vuslice": "垂直切片",
    "zoomin": "放大过渡",
    "squeezeh": "水平挤压",
    "squeezev": "垂直挤压",
    "coverleft": "向左覆盖",
    "coverright": "向右覆盖",
    "revealleft": "向左揭开",
    "revealright": "向右揭开",
}


class SetTransitions(Op):
    """Transitions between items: a style name (fade, dissolve, wipeleft, slideleft, circleopen, …),
    "mix" for a tasteful variety, or "none" for hard cuts."""

    name: ClassVar[str] = "set_transitions"
    style: str = "fade"
    seconds: float = Field(0.7, ge=0.1, le=3)

    def apply(self, w: Work) -> str:
        if self.style not in TRANSITIONS and self.style != "mix":
            raise OpError(
                w.ctx.say(
                    f"unknown transition {self.style!r}; try fade, dissolve, wipeleft, slideleft, "
                    "circleopen, mix or none",
                    f"未知转场 {self.style!r}；可用 fade、dissolve、mix、none",
                )
            )
        v = w.video
        was = [(s.tr.name, s.tr.d) if s.tr else None for s in v], [s.d for s in v]
        ms = int(self.seconds * 1000)
        if self.style != "none":  # a transition takes at most half of either photo: hold photos long enough for it
            for s in v:
                if s.kind != "video" and s.d < 2 * ms + 500:
                    s.d = 2 * ms + 500
        for i, s in enumerate(v):
            if i < len(v) - 1 and self.style != "none":
                name = TASTEFUL[i % len(TASTEFUL)] if self.style == "mix" else self.style
                s.tr = Transition(name=name, d=int(self.seconds * 1000))
            else:
                s.unset("tr")
        same = ([(s.tr.name, s.tr.d) if s.tr else None for s in v], [s.d for s in v]) == was
        if self.style == "none":
            if same:
                return w.ctx.say("there were no transitions already: hard cuts", "本来就没有转场")
            return w.ctx.say("hard cuts, no transitions", "去掉转场，直接切换")
        what = "a mix of transitions" if self.style == "mix" else f"{self.style} transitions"
        zh = ZH_TRANSITIONS.get(self.style, self.style)
        if same:
            return w.ctx.say(
                f"the video already has {what}, {self.seconds:g}s each", f"转场已经是{zh}，每个 {self.seconds:g} 秒"
            )
        return w.ctx.say(f"{what}, {self.seconds:g}s each", f"转场：{zh}，每个 {self.seconds:g} 秒")


class SetMotion(Op):
    """Ken Burns motion on photos: on or off, optionally one direction, for one photo or all."""

    name: ClassVar[str] = "set_motion"
    on: bool = True
    direction: MotionType | None = None
    item: int | None = None

    def apply(self, w: Work) -> str:
        segs = [w.item(self.item)] if self.item else w.video
        photos = [s for s in segs if s.kind == "image" and not s.ed.logo_card]
        if not photos:
            raise OpError(w.ctx.say("motion applies to photos, and there are none here", "动态效果只适用于照片"))
        changed = 0
        for i, s in enumerate(photos):
            kind: MotionType = (self.direction or GENTLE[i % len(GENTLE)]) if self.on else "none"
            if self.on and not self.direction and s.motion.type != "none":
                continue  # "motion on" keeps the moves photos already have
            if s.motion.type != kind:
                changed += 1
            s.motion = Motion(type=kind, amount=0.06 if kind != "none" else 0.0)
        if not changed:
            how = (self.direction or "on").replace("_", " ") if self.on else "off"
            return w.ctx.say(f"Ken Burns motion was already {how}", "动态效果没有变化")
        on = f" on {w.label(photos[0])}" if self.item else ""
        zh_on = f"{w.label(photos[0])} " if self.item else ""
        if not self.on:
            return w.ctx.say(f"Ken Burns motion off{on}", f"{zh_on}关闭动态效果")
        zh_how = {"zoom_in": "（推近）", "zoom_out": "（拉远）"}.get(self.direction or "", "")
        return w.ctx.say(
            f"Ken Burns motion {(self.direction or 'on').replace('_', ' ')}{on}", f"{zh_on}开启动态效果{zh_how}"
        )


class SetFilter(Op):
    """A colour look for the whole video or one item: bw, warm, cool, vivid, or none."""

    name: ClassVar[str] = "set_filter"
    look: Look
    item: int | None = None

    def apply(self, w: Work) -> str:
        if self.item:
            s = w.item(self.item)
            s.filter = self.look
            return w.ctx.say(f"{self.look} look on {w.label(s)}", f"{w.label(s)} 使用 {self.look} 滤镜")
        words = {"bw": "black and white", "none": "original colours"}
        look = words.get(self.look, self.look)
        if w.meta.filter == self.look and not any("filter" in s.model_fields_set for s in w.video):
            return w.ctx.say(f"the video already has the {look} look", f"已经是{self.look}滤镜")
        w.meta.filter = self.look
        for s in w.video:
            s.unset("filter")
        return w.ctx.say(f"{look} look", f"滤镜：{self.look}")


class SetFades(Op):
    """Fade from black at the start and to black at the end (picture and sound), or no fade: start,
    end or both. Fading between photos through black is a transition (set_transitions fadeblack)."""

    name: ClassVar[str] = "set_fades"
    start: bool | None = None
    end: bool | None = None
    seconds: float | None = Field(None, gt=0, le=10)

    def apply(self, w: Work) -> str:
        if self.start is None and self.end is None:
            raise OpError(
                w.ctx.say("say which fade: at the start, at the end, or both", "请说明是开头还是结尾的淡入淡出")
            )
        m, said = w.meta, []
        was = m.fade_in, m.fade_out
        if self.start is not None:
            m.fade_in = int((self.seconds or FADE_IN_MS / 1000) * 1000) if self.start else 0
            said.append(f"fade in from black {secs(m.fade_in / 1000)}" if self.start else "no fade in")
        if self.end is not None:
            m.fade_out = int((self.seconds or FADE_OUT_MS / 1000) * 1000) if self.end else 0
            said.append(f"fade to black at the end {secs(m.fade_out / 1000)}" if self.end else "no fade at the end")
        zh = {True: "淡入淡出已开启", False: "已去掉淡入淡出"}[bool(self.start or self.end)]
        if (m.fade_in, m.fade_out) == was:
            return w.ctx.say(f"the video already has {', '.join(said)}", "淡入淡出没有变化")
        return w.ctx.say(", ".join(said), zh)
