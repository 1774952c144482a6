"""Places on the frame as people say them ("at the top", "top right corner", 右上角, 居中), and the parts
of a request they belong to: one owner for the title's, the captions' and the logo's rules."""

from __future__ import annotations

import re

from reelsmith.engine.model.choices import Position

# 标题下面 ("below the title"), 上面的标题 ("the title above"), 下面再加 ("and below it add"): places
# relative to something, not on the frame
_RELATIVE_NOT = "".join(f"(?<!{w})" for w in ("标题", "字幕", "标志", "照片", "图片", "logo", "文字"))
PLACES: tuple[tuple[str, Position], ...] = (
    (r"top left|左上", "top_left"),
    (r"top right|右上", "top_right"),
    (r"bottom left|左下", "bottom_left"),
    (r"bottom right|右下", "bottom_right"),
    (r"lower third", "lower_third"),
    (rf"\b(?:at|to|on) the top\b|顶部|{_RELATIVE_NOT}(?:上方|上面)(?![的再加])", "top"),
    (rf"\b(?:at|to|on) the bottom\b|底部|{_RELATIVE_NOT}(?:下方|下面)(?![的再加])", "bottom"),
    (r"\b(?:in the )?(?:middle|cent(?:er|re))\b|中间|居中", "center"),
)


def place(s: str, start: int = 0, end: int | None = None) -> tuple[Position, int, int] | None:
    """The first place named in s[start:end] (the corners before the sides), with where it is in s."""
    for pat, pos in PLACES:
        if m := re.compile(pat).search(s, start, len(s) if end is None else min(end, len(s))):
            # with the words around it: "at the top right corner", 右上角
            lead = re.search(r"(?:(?:at|in|on|to) the (?:very )?)$", s[max(0, m.start() - 16) : m.start()])
            tail = re.match(r" corner\b|角", s[m.end() :])
            return pos, m.start() - (len(lead[0]) if lead else 0), m.end() + (tail.end() if tail else 0)
    return None


# a place right after the words: "at the top", "in the top right corner", 放在右上角 (the corners first, so
# "at the top right" is not read as "at the top")
AFTER = re.compile(
    r"\s*,?\s*(?:placed |put |放在|放到|在)?(?:(?:at|in|on|to) the (?:very )?)?"
    rf"(?:{'|'.join(f'(?P<p{i}>{pat})' for i, (pat, _) in enumerate(PLACES))})(?: corner|角)?"
)


# where one part of a request ends: "make the title red and put the logo at the bottom left" is two
PART_END = re.compile(r"[,;.!?\n，。；！？]|\b(?:and|then|but|also)\b|然后|并且|再")
# a part about these places them, not the text
OTHER_THING = r"logo|标志|商标|photo|picture|pic\b|image|clip|music|song|zoom|pan\b|照片|图片|视频|音乐|缩放|镜头"


def part(s: str, start: int, end: int) -> str:
    """The part of the request (between commas, "and", "then"...) around s[start:end]."""
    return s[part_start(s, start) : part_end(s, end)]


def part_start(s: str, at: int) -> int:
    return max((x.end() for x in PART_END.finditer(s, 0, at)), default=0)


def part_end(s: str, at: int) -> int:
    return x.start() if (x := PART_END.search(s, at)) else len(s)
