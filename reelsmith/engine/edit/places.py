"""Places on the frame as people say them ("at the top", "top right corner", 右上角, 居中), and the parts
of a request they belong to: one owner for the title's, the captions' and the logo's rules."""

from __future__ import annotations

import re

from reelsmith.engine.model.choices import Position

PLACES: tuple[tuple[str, Position], ...] = (
    (r"top left|左上", "top_left"),
    (r"top right|右上", "top_right"),
    (r"bottom left|左下", "bottom_left"),
    (r"bottom right|右下", "bottom_right"),
    (r"lower third", "lower_third"),
    (r"\b(?:at|to|on) the top\b|顶部|上方|上面", "top"),
    (r"\b(?:at|to|on) the bottom\b|底部|下方|下面", "bottom"),
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
OTHER_THING = r"logo|标志|商标|photo|picture|pic\b|image|clip|music|song|照片|图片|视频|音乐"


def part(s: str, start: int, end: int) -> str:
    """The part of the request (between commas, "and", "then"...) around s[start:end]."""
    lo = max((x.end() for x in PART_END.finditer(s, 0, start)), default=0)
    hi = x.start() if (x := PART_END.search(s, end)) else len(s)
    return s[lo:hi]
