"""How the words on screen look and come in: "title bigger", "把标题改大一点", "make the title yellow",
"a box behind the title", "make the title pop in". What the renderer cannot do (fonts, weights,
sliding or bouncing text) is named in the reply as not done, never dropped silently.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from reelsmith.engine.edit import ops
from reelsmith.engine.edit.ops.text import COLOURS
from reelsmith.engine.model.choices import Role
from reelsmith.engine.model.draft import TextSegment

if TYPE_CHECKING:  # the planner calls these rules; they only name its types
    from reelsmith.engine.edit.planner import Plan, Rest

TARGET = r"(sub-?title|title|captions?|cta|call to action|text|副标题|标题|字幕|文字)"
ZH_COLOURS = {"红": "red", "黄": "yellow", "白": "white", "黑": "black", "蓝": "blue", "绿": "green", "金": "gold"}
ZH_COLOURS |= {"橙": "orange", "紫": "purple", "粉": "pink", "灰": "grey"}
NAMED: dict[str, Role | Literal["all"]] = {
    "title": "title",
    "标题": "title",
    "subtitle": "subtitle",
    "副标题": "subtitle",
    "caption": "caption",
    "字幕": "caption",
    "cta": "cta",
    "call to action": "cta",
    "text": "all",
    "文字": "all",
}


def looks(r: Rest, p: Plan, texts: dict[Role, TextSegment]) -> None:
    """Size, colour, box, and how the text comes in: "title bigger", "把标题改大一点", "make the title pop in"."""
    near = rf"{TARGET}[^,.;，。]{{0,24}}?{{w}}|{{w}}[^,.;，。]{{0,12}}?{TARGET}"
    bigger = r"(?:a (?:bit|little) |slightly |much |a lot )?(?:bigger|larger)|大一点|大一些|改大|放大|大点"
    smaller = r"(?:a (?:bit|little) |slightly |much |a lot )?(?:smaller|tinier)|小一点|小一些|改小|缩小|小点"
    style: dict[str, object] = {}
    role: Role | Literal["all"] | None = None
    for word, k in ((bigger, 1.25), (smaller, 0.8)):
        if m := r.search(near.replace("{w}", f"(?:{word})")):
            role = _named(m[1] or m[2])
            soft = re.search(r"bit|little|slightly|一点|一些|点", r.orig[m.start() : m.end() + 3])
            strong = re.search(r"much|a lot", m[0])
            style["scale"] = (1.15 if k > 1 else 0.87) if soft else (1.6 if k > 1 else 0.65) if strong else k
            break
    colours = "|".join(COLOURS)
    if m := r.search(near.replace("{w}", rf"(?:in |to |make it )?\b({colours})\b")):
        role = role or _named(m[1] or m[3])
        style["color"] = m[2] or m[4]
    elif m := r.search(
        rf"{TARGET}[^，,。]{{0,6}}?(?:改成|变成|用|换成)?([红黄白黑蓝绿金橙紫粉灰])色(?!的?(?:背景|底|框))|"
        rf"([红黄白黑蓝绿金橙紫粉灰])色的?{TARGET}"
    ):
        role = role or _named(m[1] or m[4])
        style["color"] = ZH_COLOURS[m[2] or m[3]]
    elif style and (
        m := r.search(
            rf"(?:改成|变成|换成|make it|and|in)\s*"
            rf"(?:([红黄白黑蓝绿金橙紫粉灰])色|\b({colours})\b(?! ?(?:and|&) white))(?!的?(?:背景|底|框))"
        )
    ):  # "标题放大一点，改成黄色", "title bigger and yellow": the colour of the text just named
        style["color"] = ZH_COLOURS[m[1]] if m[1] else m[2]
    if m := r.search(
        rf"(?:box|background|backing|banner|band) (?:behind|under) (?:the )?{TARGET}|"
        rf"{TARGET} on a (?:dark |black )?box|"
        rf"{TARGET}[^，,。]{{0,6}}(?:加|加上|加个)?(?:背景框|底色|背景)"
    ):
        role = role or _named(m[1] or m[2] or m[3])
        style["box"] = True
    if m := r.search(
        rf"{TARGET}[^,.;，。]{{0,16}}?(?:pops?|snaps?|pop up) in|pop in (?:the )?{TARGET}|"
        rf"{TARGET}[^，。]{{0,6}}(?:弹出|跳出)"
    ):
        role = role or _named(m[1] or m[2] or m[3])
        style["fade_in"] = 0.1
    elif m := r.search(
        rf"{TARGET}[^,.;，。]{{0,16}}?fades? in(?: slowly)?|fade in (?:the )?{TARGET}|{TARGET}[^，。]{{0,6}}淡入"
    ):
        role = role or _named(m[1] or m[2] or m[3])
        style["fade_in"] = 0.8
    if m := r.search(
        rf"{TARGET}[^,.;，。]{{0,16}}?(?:slides?|flies|fly|bounces?|spins?|types?|zooms?|drops?) in|"
        rf"(?:typewriter|animated|animate) (?:the )?{TARGET}|{TARGET}[^，。]{{0,6}}(?:飞入|滑入|打字机|动画)"
    ):
        p.notes.append(
            (
                "I can't animate text moving in; it can fade in slowly or pop in quickly",
                "文字不能做飞入或滑入动画，只能淡入或快速出现",
            )
        )
        role = role or _named(m[1] or m[2] or m[3])
        style.setdefault("fade_in", 0.3)
    if r.search(r"\bbold\b|serif|\bfont\b|italic|handwrit|typeface|粗体|加粗|字体|斜体|手写"):
        p.notes.append(
            (
                "I can't change the font or its weight: text uses a clean sans-serif (and a CJK font for Chinese)",
                "不能更换字体或加粗：文字使用无衬线字体（中文用中文字体）",
            )
        )
    if not style:
        return
    target = role or "title"
    if target != "all" and target not in texts and target != "caption":
        target = "all" if texts else target
    p.ops.append(ops.SetTextStyle.model_validate({"role": target, **style}))


def _named(word: str | None) -> Role | Literal["all"]:
    if not word:
        return "title"
    return NAMED.get(word.replace("-", "").removesuffix("s"), "title")
