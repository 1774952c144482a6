"""Which item a request means: "the second photo", "clip 3", "the last one", "第二张", "the cat photo".

Positions come back 1-based over the whole video track, counted among photos
when the words say photo and among clips when they say clip, so "the second
clip" is right even with photos in between.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reelsmith.engine.edit.words import ORDINALS, UNITS, zh_ordinal
from reelsmith.engine.model.draft import VideoSegment

PHOTO = r"(?:photos?|images?|pictures?|pics?|slides?|shots?)"
CLIP = r"(?:clips?|videos?|footage)"
ANY = rf"(?:{PHOTO}|{CLIP}|items?|ones?)"
_ORD = "|".join(sorted(map(re.escape, ORDINALS), key=len, reverse=True))
_NUM = r"\d+|" + "|".join(k for k in UNITS if k not in ("a", "an", "zero"))

_ORDN = rf"{_ORD}|\d+(?:st|nd|rd|th)"
# not "a 30 second video" or "a 5-second clip": "second" after a number is a unit of time
EN_ORDINAL = re.compile(rf"(?<!\d\s)(?<!\d-)\b(?:the\s+)?({_ORDN})\s+({ANY})\b")
EN_PAIR = re.compile(rf"\b(?:the\s+)?({_ORDN})\s+(?:and|&|with)\s+(?:the\s+)?({_ORDN})\s+({ANY})\b")
# "photo 2", "clip #3"; not "video 1:30" or "video 30 seconds"
EN_NUMBERED = re.compile(
    rf"\b({ANY})\s*(?:#|no\.?\s*|number\s+)?({_NUM})\b"
    r"(?![:.]\d|\s*(?:s|sec|secs|seconds?|mins?|minutes?|%|x|p|times?)\b)"
)
# "photos 2 and 3", "clips 1 & 4"
EN_NUMBERED_PAIR = re.compile(rf"\b({ANY})\s*(\d+)\s*(?:and|&|with)\s*(\d+)\b(?![:.]\d|\s*(?:s|secs?|seconds?|%)\b)")
ZH_ORDINAL = re.compile(
    r"(?:第([零一二两三四五六七八九十\d]+)|(最后一?))\s*(?:张|个|段|幅)?\s*"
    r"(照片|图片|图|视频|片段|素材)?"
)


@dataclass
class Ref:
    pos: int  # 1-based over the video track; 0 when the item named does not exist
    start: int
    end: int
    noun: str = "item"

    def missing(self, video: list[VideoSegment]) -> str:
        kind = _kind_of(self.noun)
        n = sum(1 for s in video if not s.ed.logo_card and (kind is None or s.kind == kind))
        noun = {"image": "photo", "video": "clip"}.get(kind or "", "item")
        return f"there is no such {noun}: the video has {n} {noun}{'s' * (n != 1)}"


def _ordinal(word: str) -> int:
    return ORDINALS[word] if word in ORDINALS else int(re.sub(r"\D", "", word))


def _kind_of(noun: str) -> str | None:
    if re.fullmatch(PHOTO, noun) or noun in ("照片", "图片", "图"):
        return "image"
    if re.fullmatch(CLIP, noun) or noun in ("视频", "片段"):
        return "video"
    return None


def _resolve(video: list[VideoSegment], n: int, kind: str | None) -> int:
    """The n-th (or n-th from last, when negative) item of a kind, as a track position."""
    idx = [i for i, s in enumerate(video) if not s.ed.logo_card and (kind is None or s.kind == kind)]
    if n < 0:
        return idx[n] + 1 if -n <= len(idx) else 0
    return idx[n - 1] + 1 if n <= len(idx) else 0  # 0: there is no such item


def find(text: str, video: list[VideoSegment]) -> list[Ref]:
    """Every item reference in the text, in order of appearance."""
    t = text.lower()
    out: list[Ref] = []
    for m in EN_PAIR.finditer(t):  # "the first and second photos"
        kind = _kind_of(m[3])
        out.append(Ref(_resolve(video, _ordinal(m[1]), kind), m.start(1), m.end(1), m[3]))
    for m in EN_ORDINAL.finditer(t):
        if not any(r.start <= m.start(1) < r.end for r in out):
            out.append(Ref(_resolve(video, _ordinal(m[1]), _kind_of(m[2])), m.start(), m.end(), m[2]))
    for m in EN_NUMBERED_PAIR.finditer(t):
        kind = _kind_of(m[1])
        out.append(Ref(_resolve(video, int(m[2]), kind), m.start(), m.end(2), m[1]))
        out.append(Ref(_resolve(video, int(m[3]), kind), m.start(3), m.end(3), m[1]))
    for m in EN_NUMBERED.finditer(t):
        n = int(m[2]) if m[2].isdigit() else UNITS[m[2]]
        if not any(r.start <= m.start() < r.end for r in out):
            out.append(Ref(_resolve(video, n, _kind_of(m[1])), m.start(), m.end(), m[1]))
    for m in ZH_ORDINAL.finditer(text):
        nth = -1 if m[2] else zh_ordinal(m[1])
        if nth:
            out.append(Ref(_resolve(video, nth, _kind_of(m[3] or "")), m.start(), m.end(), m[3] or "素材"))
    if not out:  # by name: "the cat photo", "the coffee one"
        for i, s in enumerate(video):
            for word in _name_words(s):
                if hit := re.search(rf"\b{re.escape(word)}\b", t):
                    out.append(Ref(i + 1, hit.start(), hit.end()))
                    break
    return sorted(out, key=lambda r: r.start)


def _name_words(seg: VideoSegment) -> list[str]:
    name = seg.name.lower()
    return [w for w in re.split(r"[^a-z0-9\u4e00-\u9fff]+", name) if len(w) >= 3 and not w.isdigit()]
