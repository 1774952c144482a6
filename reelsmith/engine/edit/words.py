"""Numbers, lengths and ordinals as people type them, in English and Chinese.

"thirty seconds", "30s", "half a minute", "1:30", "一分半", "第二张": the offline
planner reads these through here so every rule agrees on what a number is.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "last": -1,
    "final": -1,
    "next-to-last": -2,
    "penultimate": -2,
}
ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_WORD = "|".join(sorted(list(UNITS) + list(TENS), key=len, reverse=True))
# "forty-five", "forty five", "thirty", "a", "two and a half"
WORD_NUMBER = rf"(?:(?:{_WORD})(?:[- ](?:{'|'.join(UNITS)}))?(?: and a half)?)"
NUMBER = rf"(?:\d+(?:\.\d+)?|{WORD_NUMBER})"
ZH_NUMBER = r"[零〇一二两三四五六七八九十百\d.]+"
# 标题「夏日」显示5秒: how long something stays on screen, in Chinese (the number in group "zh")
ZH_SHOWN_FOR = rf"(?:显示|持续|停留|出现)\s*(?P<zh>{ZH_NUMBER})\s*秒"
# "make the title longer", 标题长一点: the text's time, not the video's length (groups: the text, the way)
TEXT_LONGER = r"(sub-?title|title|call to action|标题|副标题)[^,.;，。]{0,12}?(longer|shorter|长一点|短一点|延长|缩短)"
# "make the title last 6 seconds", "the caption should stay for 3 seconds": how long a text stays (group 1)
TEXT_LASTS = (
    r"\b(?:sub-?title|title|captions?|text|call to action|cta)(?:\s+(?:(?:should|to|will|must|that|which) )?"
    r"(?:last|lasts|lasting|stay|stays|show|shows|remain|remains|appear|appears)(?: on screen)?\s+|\s{1,2})"
    rf"(?:for\s+)?({NUMBER}) ?(?:s|secs?|seconds?)\b"  # ("title 6 seconds"; not "title 'Sale' 30 seconds")
)


def word_number(s: str) -> float | None:
    """'forty-five' -> 45, 'two and a half' -> 2.5, '12' -> 12; None when it is not a number."""
    s = s.strip().lower()
    try:
        return float(s)
    except ValueError:
        pass
    half = s.endswith(" and a half")
    s = s.removesuffix(" and a half")
    total = 0.0
    for part in re.split(r"[- ]", s):
        if part in TENS:
            total += TENS[part]
        elif part in UNITS:
            total += UNITS[part]
        else:
            return None
    return total + (0.5 if half else 0.0)


def zh_number(s: str) -> float | None:
    """'三十' -> 30, '四十五' -> 45, '十二' -> 12, '2.5' -> 2.5."""
    try:
        return float(s)
    except ValueError:
        pass
    if not s or any(c not in ZH_DIGITS and c not in "十百" for c in s):
        return None
    total, cur = 0, 0
    for c in s:
        if c == "百":
            total += (cur or 1) * 100
            cur = 0
        elif c == "十":
            total += (cur or 1) * 10
            cur = 0
        else:
            cur = ZH_DIGITS[c]
    return float(total + cur)


ASPECT_RATIOS = ("9:16", "16:9", "4:5", "5:4", "1:1", "4:3", "3:4", "21:9")
_MIN = r"(?:minutes?|mins?)"
_SEC = r"(?:seconds?|secs?)"
# a unit right after digits may be one letter ("30s", "2m"); after a word it must be spelled out,
# so "as" in "export it as vertical" is not "a second"
_SECS = rf"(?:\d+(?:\.\d+)?\s*-?\s*(?:{_SEC}|s\b)|{WORD_NUMBER}[- ]{_SEC}\b)"


def _amount(s: str) -> float | None:
    return word_number(re.sub(r"\s*-?\s*(?:seconds?|secs?|minutes?|mins?|s|m)$", "", s.strip()))


def seconds_in(text: str) -> float | None:
    """The first length in the text, in seconds: '30s', 'thirty seconds', 'half a minute', '1:30',
    '1 min 30', 'a minute and a half', '45 秒', '三十秒', '半分钟', '一分半', '1分30秒'."""
    t = text.lower()
    for clock in re.finditer(r"\b(\d{1,2}):([0-5]\d)\b", t):
        if clock[0] in ASPECT_RATIOS:  # "9:16" is a shape, never 9 minutes 16 seconds
            continue
        return int(clock[1]) * 60 + int(clock[2])
    if re.search(r"\bhalf an? minute\b|半分钟", t):
        return 30.0
    if re.search(r"\ba minute and a half\b|一分半", t):
        return 90.0
    if m := re.search(
        rf"\b(\d+(?:\.\d+)?\s*-?\s*(?:{_MIN}|m\b)|{WORD_NUMBER}[- ]{_MIN}\b)[ ,]*(?:and )?"
        rf"({_SECS}|\d+\b)?",
        t,
    ):
        mins = _amount(m[1]) or 0
        secs = _amount(m[2]) if m[2] else 0
        return mins * 60 + (secs or 0)
    if m := re.search(rf"\b({_SECS})", t):
        return _amount(m[1])
    if m := re.search(rf"({ZH_NUMBER})\s*分(?:钟)?\s*(?:({ZH_NUMBER})\s*秒)?", t):
        zh_mins = zh_number(m[1])
        if zh_mins is not None:
            return zh_mins * 60 + (zh_number(m[2]) or 0 if m[2] else 0)
    if m := re.search(rf"({ZH_NUMBER})\s*秒", t):
        return zh_number(m[1])
    return None


def percent_in(text: str) -> float | None:
    """'50%', '50 percent', 'half volume', '百分之五十' -> a fraction."""
    t = text.lower()
    if m := re.search(r"(\d+(?:\.\d+)?)\s*(?:%|％|percent|per cent)", t):
        return float(m[1]) / 100
    if m := re.search(rf"百分之({ZH_NUMBER})", t):
        n = zh_number(m[1])
        return n / 100 if n is not None else None
    if re.search(r"\bhalf (?:the )?volume\b", t):
        return 0.5
    return None


def zh_ordinal(s: str) -> int | None:
    if s in ("最后", "最后一"):
        return -1
    n = zh_number(s)
    return int(n) if n else None
