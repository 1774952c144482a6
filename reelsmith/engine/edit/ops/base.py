"""What every edit operation shares: the base model, canvas helpers and wording."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from reelsmith.engine.edit.work import Work, stem
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.choices import Fit, MotionType, TransitionName
from reelsmith.engine.model.draft import Meta, Motion

PHOTO_MS = 3500


CLIP_MAX_MS = 8000


TRANSITION_MS = 700


FADE_IN_MS, FADE_OUT_MS = 400, 800  # a new video comes from black and goes back to it


GENTLE: tuple[MotionType, ...] = ("zoom_in", "pan_right", "zoom_out", "pan_left", "zoom_in", "pan_up")


# "a mix": two kinds that belong together, alternating (a crossfade and a smooth push). Seven kinds in
# turn, circles and wipes among them, looked like a slide deck rather than one video.
TASTEFUL: tuple[TransitionName, ...] = ("fade", "smoothleft")


Aspect = Literal["16:9", "9:16", "1:1", "4:5"]
Platform = Literal["youtube", "reels", "tiktok", "shorts", "stories", "instagram", "instagram_portrait", "square"]
PLATFORMS: dict[Platform, tuple[Aspect, int]] = {
    "youtube": ("16:9", 1080),
    "reels": ("9:16", 1080),
    "tiktok": ("9:16", 1080),
    "shorts": ("9:16", 1080),
    "stories": ("9:16", 1080),
    "instagram": ("1:1", 1080),
    "instagram_portrait": ("4:5", 1080),
    "square": ("1:1", 1080),
}


class Op(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: ClassVar[str]
    # what the operation does to the video's length: "keep" the length the user asked for (the
    # photos are re-timed to it afterwards), or "change" it on purpose (what it leaves is then kept)
    length: ClassVar[Literal["keep", "change"]] = "keep"
    says_length: ClassVar[bool] = False  # its own reply already states the length it leaves

    def apply(self, w: Work) -> str:
        raise NotImplementedError

    def args(self) -> dict[str, Any]:
        return self.model_dump(exclude_defaults=True)


def is_logo(u: MediaInfo) -> bool:
    name = stem(u.path).lower()
    return "logo" in name or (u.has_alpha and max(u.width, u.height) <= 1200)


def fit_for(u: MediaInfo | None, w: int, h: int) -> Fit:
    """Cover when the shape (as shown: a phone clip's rotation applied) is close to the canvas's;
    otherwise the whole picture on a blurred fill. Clips as photos: an upright phone clip cover-cropped
    into 16:9 would keep a third of its height."""
    if u is None or not u.width or not u.height:
        return "cover"
    return "cover" if abs(u.width / u.height - w / h) / (w / h) < 0.35 else "blur"


# A panorama (at least PANORAMA times as wide as tall, or as tall as wide) that is also PANORAMA times
# wider (taller) than the canvas's shape is swept across at the
# canvas's height rather than shrunk to a thin strip: SHOWN of it passes by, at most SWEEP_SPEED canvas
# widths a second. A sweep is a pan of more than half the canvas (render/motion.py: SWEEP).
PANORAMA = 2.0
SHOWN = 0.7
SWEEP_SPEED = 0.6
SWEEP_MIN = 0.6


def sweep_for(u: MediaInfo | None, w: int, h: int, ms: int) -> Motion | None:
    """The pan across a panorama on this canvas, shown for `ms`; None for a photo of ordinary shape."""
    if u is None or u.file_type != "image" or not u.width or not u.height:
        return None
    shape = u.width / u.height
    k = shape / (w / h)  # the photo's width in canvas widths, at the canvas's height
    span = k if shape > 1 else 1 / k
    if max(shape, 1 / shape) < PANORAMA or span < PANORAMA:  # a panorama, and much longer than the canvas
        return None
    travel = min(SHOWN * span - 1, SWEEP_SPEED * ms / 1000)
    return Motion(type="pan_right" if k > 1 else "pan_down", amount=round(max(SWEEP_MIN, travel), 2))


def is_sweep(m: Motion) -> bool:
    return m.type.startswith("pan") and m.amount > 0.5


def secs(s: float) -> str:
    return f"{round(s, 1):g}s"


def aspect_of(m: Meta) -> Aspect:
    """The listed aspect nearest the canvas (16:9 for a draft that never set one)."""
    r = m.width / m.height
    shapes: list[tuple[Aspect, float]] = [("16:9", 16 / 9), ("9:16", 9 / 16), ("1:1", 1.0), ("4:5", 0.8)]
    return min(shapes, key=lambda a: abs(a[1] - r))[0]


def short_side(m: Meta) -> int:
    return min(m.width, m.height)


ZH_PLACES = {
    "top": "顶部",
    "bottom": "底部",
    "center": "中间",
    "top_left": "左上角",
    "top_right": "右上角",
    "bottom_left": "左下角",
    "bottom_right": "右下角",
    "lower_third": "下方",
    "below_center": "中间偏下",
    "below_top": "顶部偏下",
}
ZH_COLOURS = {
    "white": "白色",
    "black": "黑色",
    "red": "红色",
    "orange": "橙色",
    "yellow": "黄色",
    "gold": "金色",
    "green": "绿色",
    "blue": "蓝色",
    "navy": "藏青色",
    "purple": "紫色",
    "pink": "粉色",
    "grey": "灰色",
    "gray": "灰色",
}
ZH_NAMES = {
    "music": "音乐",
    "title": "标题",
    "subtitle": "副标题",
    "captions": "字幕",
    "logo": "标志",
    "cta": "号召语",
    "text": "文字",
    "lower_third": "下方字幕",
}
