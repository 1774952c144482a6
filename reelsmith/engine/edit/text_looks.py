"""How the words on screen look and come in: "title bigger", "把标题改大一点", "make the title yellow",
"a box behind the title", "make the title pop in", "make the title bold", "captions in serif", "手写体".
"typewriter title", "slide the captions in", "words appear one by one", 标题逐字出现, 飞入. What the
renderer cannot do (italics, spinning text, a font not in the registered set) is named in the reply as
not done, never dropped silently.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from reelsmith.engine.edit import look_rules, ops, places
from reelsmith.engine.edit.ops.text import COLOUR_WORDS, ZH_SHADE_NAMES
from reelsmith.engine.edit.words import NUMBER, word_number
from reelsmith.engine.media.fonts import family_for
from reelsmith.engine.model.choices import FontName, Role, TextAnim
from reelsmith.engine.model.draft import TextSegment

if TYPE_CHECKING:  # the planner calls these rules; they only name its types
    from reelsmith.engine.edit.planner import Plan, Rest

TARGET = r"(sub-?title|title|captions?|cta|call to action|text|副标题|标题|字幕|文字)"
ZH_COLOURS = {"红": "red", "黄": "yellow", "白": "white", "黑": "black", "蓝": "blue", "绿": "green", "金": "gold"}
ZH_COLOURS |= {"橙": "orange", "紫": "purple", "粉": "pink", "灰": "grey"}
# 浅蓝, 淡粉, 深红: the shade words the editor reads (深 is "dark", the one of "dark" and "deep" said more)
ZH_SHADES = {zh: en for en, zh in reversed(ZH_SHADE_NAMES.items())}
ZH_COLOUR = f"[{''.join(ZH_SHADES)}]?(?:粉红|大红|[{''.join(ZH_COLOURS)}])"  # 黄, 浅蓝, 深红, 粉红 (before 色)


def zh_colour(word: str) -> str:
    """The colour word for 黄, 浅蓝, 深红, 粉红 (pink, as 粉 is) or 大红 (red)."""
    word = word.replace("粉红", "粉").replace("大红", "红")
    return f"{ZH_SHADES[word[0]]} {ZH_COLOURS[word[1]]}" if len(word) == 2 else ZH_COLOURS[word]


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


# the families a request names, first match first: "sans-serif" before "serif", "not bold" before "bold"
FONT_ASKS: tuple[tuple[str, FontName], ...] = (
    (
        r"sans[- ]?serif|(?<!comic )\bsans\b|"
        r"(?:plain|normal|regular|standard|simple|clean|modern|minimal|professional) (?:font|typeface|weight)|"
        r"(?:not|no longer|un-?) ?bold(?! enough)|no bold|无衬线|黑体|取消加粗|不要(?:粗体|加粗)|普通字体|简洁的?字体",
        "sans",
    ),
    (
        r"hand-?writ\w*|hand-?drawn|cursive|script (?:font|typeface)|"
        r"(?:fun|playful|cute|casual|friendly) (?:font|typeface|lettering)|手写|(?:可爱|活泼|有趣)的?字体",
        "handwriting",
    ),
    (
        r"display (?:font|face|typeface)|condensed|poster (?:font|type)|"
        r"(?:heavy|chunky|impactful|punchy) (?:font|typeface|type|letters|lettering)|海报字体|标题字体|展示字体",
        "display",
    ),
    (
        r"serif|衬线|宋体|明朝体|\btimes new roman\b|"
        r"(?:elegant|classy|fancy|sophisticated|classic|luxurious|formal) (?:font|typeface|type|lettering)|"
        r"(?:优雅|典雅|高雅)的?字体",
        "serif",
    ),
    (r"\bbold(?:er)?\b|\bthicker\b|\bheavier\b|粗体|加粗|粗一点|粗一些|更粗|粗黑", "bold"),
)
# "bold" with no text named is the font's only with a font word: "a bold look" is not a weight
BARE_BOLD = (
    r"\b(?:bold(?:er)?|thicker|heavier) (?:font|text|letters|lettering|type|words)|"
    r"\b(?:font|text|letters|lettering|type|words) (?:\w+ ){0,2}?(?:bold(?:er)?|thicker|heavier)\b|"
    r"粗体|加粗|粗一点|粗一些|更粗|粗黑"
)
# "a more elegant font": a style word that qualifies the font is the font's, not the whole video's look
STYLE_FONT = (
    r"(elegant|classy|fancy|sophisticated|fun|playful|cute|casual|friendly|clean|simple|modern|minimal|professional|"
    r"优雅|典雅|高雅|可爱|活泼|有趣|简洁)(?:的|一点的|一些的)? ?(?:font|typeface|lettering|字体)"
)
OTHER_FONT = (
    r"(?:different|another|other|new|nicer|better) (?:font|typeface)|"
    r"change (?:the )?(?:font|typeface)(?! ?(?:to|into)\b)|"
    r"(?:换个|换一个|换一种|换种|换|其他|别的)字体|字体换一下"
)
CYCLE: tuple[FontName, ...] = ("sans", "serif", "display", "handwriting", "bold")  # "a different font", in turn

_COMES = r"(?:comes?|appears?|shows? up|enters?)"
# how a text comes in, first match first: "title types in", "words appear one by one", 标题逐字出现, 打字机效果
ANIMS: tuple[tuple[str, TextAnim], ...] = (
    (
        rf"{TARGET}?[^,.;，。]{{0,16}}?(?:word by word|one word at a time|words? (?:appear|show up|come in) "
        rf"(?:one (?:by|after) (?:one|another)|in turn))|"
        rf"(?:逐词|一个词一个词|一词一词)[^，。]{{0,4}}(?:出现|显示)?|{TARGET}[^，。]{{0,6}}(?:逐词|一个词一个词)",
        "words",
    ),
    (
        rf"typewriter|type-?writer|{TARGET}[^,.;，。]{{0,16}}?(?:types?|typed) (?:in|out)|"
        rf"{TARGET}[^,.;，。]{{0,16}}?(?:letter by letter|one letter at a time|character by character)|"
        rf"(?:letter by letter|one letter at a time)[^,.;，。]{{0,12}}?{TARGET}|"
        rf"打字机|打字效果|{TARGET}?[^，。]{{0,6}}逐字(?:出现|显示|打出)?",
        "typewriter",
    ),
    (
        rf"{TARGET}[^,.;，。]{{0,16}}?(?:slides?|slid|flies|fly|flying|swoops?|glides?) in|"
        rf"(?:slide|fly) (?:in )?(?:the )?{TARGET}(?: in)?|"
        rf"{TARGET}[^，。]{{0,6}}(?:飞入|滑入|飞进|滑进)|(?:飞入|滑入)的?{TARGET}",
        "slide",
    ),
    (
        rf"{TARGET}[^,.;，。]{{0,16}}?(?:pops?|snaps?|pop up|zooms?) in|pop in (?:the )?{TARGET}|"
        rf"(?:make|have) (?:the )?{TARGET} pop\b|{TARGET}[^，。]{{0,6}}(?:弹出|跳出|蹦出)|\bpops? in\b",
        "pop",
    ),
    (
        rf"{TARGET}[^,.;，。]{{0,16}}?(?:fades? up|rises? in|floats? (?:in|up)|drifts? up|drops? in)|"
        rf"(?:animated|animate|animation (?:on|for)) (?:the |all (?:the )?)?{TARGET}|"
        rf"{TARGET}[^，。]{{0,6}}(?:上浮|浮现|浮入|加(?:个|上)?动画|动起来)",
        "fade_up",
    ),
)


def fonts(
    r: Rest, p: Plan, texts: dict[Role, TextSegment], named: list[tuple[int, int]]
) -> dict[Role | Literal["all"], FontName]:
    """The font families a request names, per role when it names one ("captions in serif"), else all text.
    Only the font words are taken: "make the title bold and bigger" still has its title for the size (the
    role words used are put in `named`, taken once every look rule has read them)."""
    _style_fonts(r, p)
    asked: dict[Role | Literal["all"], FontName] = {}
    near = rf"{TARGET}[^,.;，。]{{0,24}}?({{w}})|({{w}})[^,.;，。]{{0,20}}?{TARGET}"
    for pat, fam in FONT_ASKS:
        while m := r.search(near.replace("{w}", pat), take=False):
            g, t = (2, 1) if m[2] else (3, 4)
            r.take(*m.span(g))
            asked[named_role(m[t])] = fam
            named.append(m.span(t))
        while m := r.search(BARE_BOLD if fam == "bold" else pat):
            asked["all"] = fam
    if asked:
        r.search(r"\b(?:fonts?|typefaces?)\b|字体")
        return asked
    if m := r.search(OTHER_FONT):
        around = r.orig[max(0, m.start() - 30) : m.end() + 30]
        hit = re.search(TARGET, around)
        role = named_role(hit[1]) if hit else "all"
        asked[role] = _other(texts, role)
        p.tips.append(
            (
                "Fonts: sans, bold, serif, display and handwriting (Chinese uses the CJK regular or bold).",
                "可选字体：无衬线、粗体、衬线、标题字体和手写体（中文使用中文常规体或粗体）。",
            )
        )
        return asked
    if r.search(r"\bitalics?\b|斜体"):
        p.notes.append(("I can't make text italic", "文字不能设为斜体"))
    if r.search(r"\b(?:fonts?|typefaces?)\b|字体"):
        p.notes.append(
            (
                "I can't use that font: the fonts are sans, bold, serif, display and handwriting",
                "没有这种字体：可选无衬线、粗体、衬线、标题字体和手写体",
            )
        )
    return asked


def _style_fonts(r: Rest, p: Plan) -> None:
    """ "a more elegant font": the style rule read "elegant" as the video's look; it was the font's. The
    look is undone when its words stand only before a font word, and the words go back for the font rule."""
    for m in re.finditer(STYLE_FONT, r.orig):
        s, e = m.span()
        if r.low[m.end(1) : e].strip() == "":  # the font word was used already
            continue
        for pat, name in look_rules.STYLE_WORDS:
            if not re.fullmatch(pat, m[1]):
                continue
            elsewhere = r.orig[:s] + " " * (e - s) + r.orig[e:]
            if not re.search(pat, elsewhere):
                p.ops = [o for o in p.ops if not (isinstance(o, ops.SetStyle) and o.style == name)]
            break
        r.low = r.low[:s] + r.orig[s:e] + r.low[e:]
        r.text = r.text[:s] + r.source[s:e] + r.text[e:]


def _other(texts: dict[Role, TextSegment], role: Role | Literal["all"]) -> FontName:
    """The next family that really looks different on this text (for Chinese: the other CJK weight)."""
    seg = next(iter(texts.values()), None) if role == "all" else texts.get(role)
    now = seg.style.font if seg and seg.style.font in CYCLE + ("cjk", "cjk_bold") else "sans"
    text = seg.text if seg else ""
    if family_for(now, text) in ("cjk", "cjk_bold"):
        return "sans" if family_for(now, text) == "cjk_bold" else "bold"
    start = CYCLE.index(now) if now in CYCLE else 0
    return next(f for f in CYCLE[start + 1 :] + CYCLE[:start] if family_for(f, text) != family_for(now, text))


# a colour word that is for something else: "the title on a red box", "black and white"
_NOT_TEXT = (
    r"(?! ?(?:and|&) white)"
    r"(?!\s*(?:background|box|backdrop|banner|band|border|outline|frame|logo|photos?|pictures?|images?|video|clips?))"
)


# a colour for the box behind text: "make the title box red", "give the title a yellow box", "add a yellow
# text box saying 'Hello'", 标题加红色背景框
_BOX = r"(?:text\s+)?(?:box|background|backing|banner)"
_LIGHT = r"(?!(?:black|dark|deep)\b)"  # a black or dark box is the box there is
# the box said after the text it is for: "'Sale' with a black box behind it", "on a dark background"
BOX_AFTER = r"\s*,?\s*(?:with|on) (?:a |an )?(?:black |dark )?(?:box|background|backing)(?: behind (?:it|them))?"
BOX_COLOUR = (
    rf"{TARGET}\s+{_BOX}\s+(?:in |to )?{_LIGHT}({COLOUR_WORDS})\b|"
    rf"\b{_LIGHT}({COLOUR_WORDS})\s+{_BOX}|"
    rf"{TARGET}\s+(?:with |on |gets? )?(?:a |an )?\b{_LIGHT}({COLOUR_WORDS})\s+{_BOX}|"
    rf"(?![黑深])(?:{ZH_COLOUR})色的?(?:背景框|背景|底色|框)|"
    rf"{TARGET}的?(?:背景框|背景|底色)(?:改成|换成|用|变成)?(?![黑深])(?:{ZH_COLOUR})色"  # 标题背景改成红色
)
BOX_DARK = (
    'a box behind text is always dark, so it can\'t take a colour (say "title on a box" for a dark one)',
    "文字背景框只能是深色，不能换颜色（可以说“标题加背景框”）",
)


def looks(r: Rest, p: Plan, texts: dict[Role, TextSegment]) -> None:
    """Size, colour, box, font, and how the text comes in: "title bigger", "把标题改大一点", "make the title
    pop in", "captions in serif"."""
    named: list[tuple[int, int]] = []
    asked = fonts(r, p, texts, named)
    # a look word near the text's name, never across the logo's ("the title and the white logo bigger")
    gap = r"(?:(?!logo|标志)[^,.;，。])"
    # "the title and the logo bigger": the text's name and the logo's joined, the look word for both (the
    # logo's rule reads it again)
    both = rf"{TARGET}\s+(?:and|&)\s+(?:the |our |my )?logo\s+{{w}}|logo\s+(?:and|&)\s+(?:the )?{TARGET}\s+{{w}}"
    near = rf"{TARGET}{gap}{{0,24}}?{{w}}|{{w}}{gap}{{0,12}}?{TARGET}|{both}"
    bigger = r"(?:a (?:bit|little) |slightly |much |a lot )?(?:bigger|larger)|大一点|大一些|改大|放大|大点"
    smaller = r"(?:a (?:bit|little) |slightly |much |a lot )?(?:smaller|tinier)|小一点|小一些|改小|缩小|小点"
    style: dict[str, object] = {}
    role: Role | Literal["all"] | None = None
    for word, k in ((bigger, 1.25), (smaller, 0.8)):
        if m := r.search(near.replace("{w}", f"({word})"), take=False):
            role = named_role(m[1] or m[4] or m[5] or m[7])
            # for the text and the logo, only the text's name is used: the logo's rule reads the rest
            r.take(*(m.span(5) if m[5] else m.span(7) if m[7] else m.span()))
            if c := re.search(rf"\b({COLOUR_WORDS})\b{_NOT_TEXT}", m[0]):  # "make the title red and bigger"
                style["color"] = c[1]
            soft = re.search(r"bit|little|slightly|一点|一些|点", r.orig[m.start() : m.end() + 3])
            strong = re.search(r"much|a lot", m[0])
            style["scale"] = (1.15 if k > 1 else 0.87) if soft else (1.6 if k > 1 else 0.65) if strong else k
            break
    if r.search(BOX_COLOUR):  # the box is always dark: say so, and how to ask for one
        p.notes.append(BOX_DARK)
    if m := r.search(near.replace("{w}", rf"(?:in |to |make it )?\b({COLOUR_WORDS})\b{_NOT_TEXT}"), take=False):
        # groups: the text, then its colour ("title in yellow"); or the colour, then the text ("yellow title")
        which = m[1] or m[4] or m[5] or m[7]
        role = role or named_role(which)
        style["color"] = m[2] or m[3] or m[6] or m[8]
        # a place between a one-of-a-kind text and its colour moves it ("title at the bottom in yellow"); for
        # "the text at the bottom" it says which text, and is used here
        at = places.place(r.low, m.start(), m.end()) if named_role(which) in ("title", "subtitle", "cta") else None
        for a, b in [(m.start(), at[1]), (at[2], m.end())] if at else [m.span()]:
            r.take(a, b)  # (the place is left for its rule)
    elif m := r.search(
        rf"{TARGET}[^，,。]{{0,6}}?(?:改成|变成|用|换成)?({ZH_COLOUR})色(?!的?(?:背景|底|框))|"
        rf"({ZH_COLOUR})色的?{TARGET}"
    ):
        role = role or named_role(m[1] or m[4])
        style["color"] = zh_colour(m[2] or m[3])
    elif m := r.search(rf"{TARGET}(?:改成|变成|换成|改为|用)({ZH_COLOUR})(?=$|[，,。；;！!？?\s])"):  # 标题改成浅蓝
        role = role or named_role(m[1])
        style["color"] = zh_colour(m[2])
    elif style and (
        m := r.search(
            rf"(?:改成|变成|换成|make it|and|in)\s*"
            rf"(?:({ZH_COLOUR})色|\b({COLOUR_WORDS})\b(?! ?(?:and|&) white))(?!的?(?:背景|底|框))"
        )
    ):  # "标题放大一点，改成黄色", "title bigger and yellow": the colour of the text just named
        style["color"] = zh_colour(m[1]) if m[1] else m[2]
    if m := r.search(
        rf"(?:(?:black|dark) )?(?:box|background|backing|banner|band) (?:behind|under) (?:the )?{TARGET}|"
        rf"{TARGET} (?:on|with) a (?:dark |black )?box|"
        rf"{TARGET}[^，,。]{{0,6}}(?:加|加上|加个)?(?:背景框|底色|背景)"
    ):
        role = role or named_role(m[1] or m[2] or m[3])
        style["box"] = True
    elif style and r.search(BOX_AFTER):  # "make the title white with a black box behind it"
        style["box"] = True
    for pat, anim in ANIMS:
        if m := r.search(pat):
            role = role or named_role(next((g for g in m.groups() if g), None))
            style["anim"] = anim
            break
    else:
        if m := r.search(
            rf"(?:{TARGET}[^,.;，。]{{0,16}}?fades? in(?: slowly)?|fade in (?:the )?{TARGET}|"
            rf"fade (?:the )?{TARGET} in\b|{TARGET}[^，。]{{0,6}}淡入)"
            rf"(?:\s+(?:over|for|in) (?P<secs>{NUMBER}) ?(?:s|secs?|seconds?)\b)?"
        ):  # "fade the title in over 2 seconds"
            role = role or named_role(m[1] or m[2] or m[3] or m[4])
            style["fade_in"] = min(5.0, word_number(m["secs"]) or 0.8) if m["secs"] else 0.8
    if m := r.search(  # "fade the title out over 1 second", "the title fades out", 标题淡出
        rf"(?:{TARGET}[^,.;，。]{{0,16}}?fades? out|fade (?:the )?{TARGET} out|{TARGET}[^，。]{{0,6}}淡出)"
        rf"(?:\s+(?:over|for|in) ({NUMBER}) ?(?:s|secs?|seconds?)\b)?"
    ):
        role = role or named_role(m[1] or m[2] or m[3])
        style["fade_out"] = min(5.0, word_number(m[4]) or 0.8) if m[4] else 0.8
    if m := r.search(
        rf"{TARGET}[^,.;，。]{{0,16}}?(?:spins?|rotates?|bounces?|flips?) in|{TARGET}[^，。]{{0,6}}(?:旋转|翻转)"
    ):
        p.notes.append(
            (
                "I can't spin or bounce text; it can fade, fade up, pop, slide, type in or appear word by word",
                "文字不能旋转或弹跳；可以淡入、上浮、弹出、滑入、打字机效果或逐词出现",
            )
        )
        role = role or named_role(m[1] or m[2])
        style.setdefault("anim", "pop")
    for span in named:  # "字幕用手写体" asks for no new captions
        r.take(*span)
    if style:
        target = _target(role or "title", texts)
        if (fam := asked.pop(role or "title", None) or asked.pop(target, None)) is not None:
            style["font"] = fam
        p.ops.append(ops.SetTextStyle.model_validate({"role": target, **style}))
    for who, fam in asked.items():
        p.ops.append(ops.SetTextStyle(role=_target(who, texts), font=fam))


def _target(role: Role | Literal["all"], texts: dict[Role, TextSegment]) -> Role | Literal["all"]:
    """The role named, or all text when there is none of that role yet (captions are added item by item)."""
    if role != "all" and role not in texts and role != "caption":
        return "all" if texts else role
    return role


def named_role(word: str | None) -> Role | Literal["all"]:
    """The text a request names ("captions", 副标题, "the text": all of it); the title when none."""
    if not word:
        return "title"
    return NAMED.get(word.replace("-", "").removesuffix("s"), "title")
