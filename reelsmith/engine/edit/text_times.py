"""How long words stay on screen, as a request says it: right after new words ("title 'Lisbon' for 3
seconds", "... should last 5 seconds", 标题「夏日」显示5秒), or of words already there ("make the title
last 6 seconds", "the title for the first 5 seconds", "make the title longer", 标题显示5秒). A caption
lasts as long as its photo; a long time in a first request is the video's length."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from reelsmith.engine.edit import ops, text_looks
from reelsmith.engine.edit.ops.base import ZH_NAMES
from reelsmith.engine.edit.words import NUMBER, TEXT_LASTS, TEXT_LONGER, ZH_SHOWN_FOR, word_number, zh_number
from reelsmith.engine.model.choices import Role
from reelsmith.engine.model.draft import TextSegment

if TYPE_CHECKING:  # the text rules call these; they only name the planner's types
    from reelsmith.engine.edit.planner import Plan, Rest

# how long new words stay, said right after them: "title 'Lisbon' for 3 seconds", 标题「夏日」显示5秒
TIME_AFTER = re.compile(
    rf"\s*,?\s*(?:for|during) (?:the )?(?:first )?(?P<en>{NUMBER}) ?(?:s|secs?|seconds?|(?P<min>minutes?|mins?))\b|"
    # "… 'Sale' should last 5 seconds"
    r"\s*(?:(?:should|will|to|must|that|which) )?(?:last|stay|show|remain)s? (?:on screen )?(?:for )?"
    rf"(?P<stays>{NUMBER}) ?(?:s|secs?|seconds?)\b|"
    rf"\s*[,，]?\s*{ZH_SHOWN_FOR}"
)
CAPTION_TIME = (
    'a caption stays as long as its photo; to keep it longer, show the photo longer ("show each photo for 5 seconds")',
    "字幕随照片显示；要显示更久，请让照片显示更久（例如“每张照片显示5秒”）",
)
# the longest time for words on screen in a first request: longer, "for N seconds" there is the video's own
# ("a slideshow with the title 'Lisbon' for 30 seconds"); in a later one it is always the words'
TEXT_SECONDS_MAX = 10


def time_after(r: Rest, p: Plan, op: ops.SetText, m: re.Match[str], build: bool) -> bool:
    """ "title 'Lisbon' for 3 seconds": a time said right after the words is how long they stay (the role
    word went with the words, so `_timing` cannot see it). In a first request a long one is the video's
    ("with the title 'Our Trip' in yellow for 30 seconds"), unless a length was said or it is 显示 (shown).
    False when it is no time for words."""
    en = m["en"] or m["stays"]
    if not (secs := word_number(en) if en else zh_number(m["zh"])) or secs <= 0.2:
        return False
    if m["min"]:
        secs *= 60
    said_length = any(isinstance(o, ops.SetDuration) for o in p.ops)  # then the time is the words' own
    if build and secs > TEXT_SECONDS_MAX and m["en"] and not said_length:
        p.ops.append(ops.SetDuration(seconds=secs))  # the video's length, which the reply states
    else:
        op.seconds = min(secs, 600)
    return True


_TIMED_ROLES: dict[str, Role] = {"title": "title", "subtitle": "subtitle", "call to action": "cta"}
_TIMED_ROLES |= {"标题": "title", "副标题": "subtitle"}


def timing(r: Rest, p: Plan, texts: dict[Role, TextSegment]) -> None:
    """ "the title for the first 5 seconds", "keep the title on the whole time", "title at the end",
    "make the subtitle last 6 seconds" (that text's time; a caption's is its photo's)."""
    secs: float | None = None
    at: Literal["whole", "end"] | None = None
    role: Role = "title"
    if m := r.search(TEXT_LASTS):
        lead = re.match(r"sub-?title|title|captions?|text|call to action|cta", m[0].strip())
        named = text_looks.named_role(lead[0] if lead else None)
        if named == "caption":
            p.notes.append(CAPTION_TIME)
            return
        role, secs = ("title" if named == "all" else named), word_number(m[1])
    elif m := r.search(rf"(标题|副标题)\s*{ZH_SHOWN_FOR}"):  # 标题显示5秒
        role, secs = ("title" if m[1] == "标题" else "subtitle"), zh_number(m["zh"])
    elif m := r.search(TEXT_LONGER):  # "make the title longer", 标题长一点: half as long again (or two thirds)
        role = _TIMED_ROLES[m[1].replace("-", "")]
        if role in texts:
            secs = round(texts[role].d / 1000 * (1.5 if m[2] in ("longer", "长一点", "延长") else 0.67), 1)
    elif m := r.search(
        r"(?<!fade )(?<!fades )(?<!fade the )(?:title|text)(?:(?!\bfade|\bout\b)[^,.;]){0,30}?"
        r"(?:for|during) (?:the )?(?:first )?"
        rf"({NUMBER}) ?(?:s|secs?|seconds?)\b"
    ):  # (not "fade the title out for 1 second": that is a fade, not the title's time)
        secs = word_number(m[1])
    elif r.search(r"(?:title|text)[^,.;]{0,30}?(?:the whole (?:time|video)|throughout|all the way)|标题一直显示"):
        at = "whole"
    elif r.search(r"(?:title|text)[^,.;]{0,20}?at the end|标题放到最后|标题放在结尾"):
        at = "end"
    if secs is None and at is None:
        return
    op = next((o for o in p.ops if isinstance(o, ops.SetText) and o.role == role), None)
    if op is None and role in texts:
        op = ops.SetText(text=texts[role].text, role=role)
        p.ops.append(op)
    if op is not None:
        op.seconds, op.at = secs, at
    else:
        en = {"cta": "call to action"}.get(role, role.replace("_", " "))
        p.notes.append((f"there is no {en} yet; add one first", f"还没有{ZH_NAMES.get(role, '文字')}，请先添加"))
