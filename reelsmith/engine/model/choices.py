"""The closed choices and checked numbers a draft is made of: sizes, transitions, motions, looks,
positions, fonts, time and colour types. Everything here is a value ffmpeg may see, so each is a
closed set or a bounded number."""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, Field

SCHEMA_VERSION = 1


ASPECTS: dict[str, tuple[int, int]] = {
    "16:9": (1920, 1080),
    "9:16": (1080, 1920),
    "1:1": (1080, 1080),
    "4:5": (1080, 1350),
}
Height = Literal[1080, 720, 480, 360]  # the quality lines: the short side in pixels
RESOLUTIONS: dict[str, Height] = {"1080p": 1080, "720p": 720, "480p": 480, "360p": 360}
FPS_CHOICES = (24, 25, 30, 60)

# The xfade family; "none" is a hard cut.
TransitionName = Literal[
    "none",
    "fade",
    "dissolve",
    "fadeblack",
    "fadewhite",
    "wipeleft",
    "wiperight",
    "wipeup",
    "wipedown",
    "slideleft",
    "slideright",
    "slideup",
    "slidedown",
    "smoothleft",
    "smoothright",
    "smoothup",
    "smoothdown",
    "circleopen",
    "circleclose",
    "circlecrop",
    "rectcrop",
    "radial",
    "pixelize",
    "distance",
    "diagtl",
    "diagbr",
    "hlslice",
    "vuslice",
    "zoomin",
    "squeezeh",
    "squeezev",
    "coverleft",
    "coverright",
    "revealleft",
    "revealright",
]
MotionType = Literal["none", "zoom_in", "zoom_out", "pan_left", "pan_right", "pan_up", "pan_down"]
Fit = Literal["cover", "contain", "blur"]
Focus = Literal["auto", "top", "center", "bottom"]  # where a cover crop is anchored; auto: on the subject
Look = Literal["none", "bw", "warm", "cool", "vivid"]
Position = Literal[
    "top",
    "center",
    "bottom",
    "lower_third",
    "top_left",
    "top_right",
    "bottom_left",
    "bottom_right",
    "below_center",  # a subtitle under a centred title
    "below_top",  # a subtitle under a title at the top
]
Corner = Literal["top_left", "top_right", "bottom_left", "bottom_right", "center"]
Role = Literal["title", "subtitle", "caption", "cta", "lower_third", "text"]
# How a text comes in (and goes: a fade, or the slide reversed). "typewriter" reveals it letter by letter,
# "words" word by word (Chinese and Japanese phrase by phrase).
TextAnim = Literal["fade", "fade_up", "pop", "slide", "typewriter", "words"]

TRANSITIONS: tuple[TransitionName, ...] = get_args(TransitionName)
MOTIONS: tuple[MotionType, ...] = get_args(MotionType)
FITS: tuple[Fit, ...] = get_args(Fit)
FOCUSES: tuple[Focus, ...] = get_args(Focus)
FILTERS: tuple[Look, ...] = get_args(Look)
POSITIONS: tuple[Position, ...] = get_args(Position)
CORNERS: tuple[Corner, ...] = get_args(Corner)
TEXT_ANIMS: tuple[TextAnim, ...] = get_args(TextAnim)

# The registered font families, each a file shipped in a Python package (media/fonts.py); a draft never
# names a font file. Chinese and Japanese text is always drawn with a CJK face (cjk_bold for the heavy ones).
FontName = Literal["sans", "bold", "serif", "display", "handwriting", "cjk", "cjk_bold"]
FONTS: tuple[FontName, ...] = get_args(FontName)
MAX_MS = 24 * 3600 * 1000  # a hard ceiling on any time in a draft; the engine's own limit is lower (limits.py)
TEXT_MAX_CHARS = 500

Ms = Annotated[int, Field(ge=0, le=MAX_MS)]
Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Duration = Annotated[int, Field(gt=0, le=MAX_MS)]


def hex_colour(v: str) -> str:
    """`#rrggbb` (or `#rrggbbaa`), lower case: the only colour form that reaches the renderer."""
    s = v.removeprefix("#")
    if len(s) not in (6, 8) or any(c not in "0123456789abcdefABCDEF" for c in s):
        raise ValueError(f"colour {v[:40]!r} must be #rrggbb")
    return "#" + s.lower()


HexColor = Annotated[str, AfterValidator(hex_colour)]
