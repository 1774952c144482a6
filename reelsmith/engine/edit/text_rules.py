"""The offline planner's rules for words on screen: which slot, where, for how long, how they look.

The person's own words (text_words: quotes, after a colon, after "title says") are drawn as written;
the role word nearest them (title, subtitle, caption, call to action) picks their slot.
What is said with them (a colour, a family, a place, a time) is theirs (places: where on the frame).
"Text overlays" with no words are written for the person (text_made_up). File names are never shown.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reelsmith.engine.edit import ops, places, refs, text_looks, text_made_up, text_times, text_words
from reelsmith.engine.edit.work import Work
from reelsmith.engine.model.choices import Position, Role
from reelsmith.engine.model.draft import TextSegment

if TYPE_CHECKING:  # the planner calls these rules; they only name its types
    from reelsmith.engine.edit.planner import Plan, Rest

ROLE_WORDS: list[tuple[Role, str]] = [
    ("cta", r"call to action|\bcta\b|ends? with|ending text|closing text|button|结尾|片尾|最后|号召|行动号召"),
    ("lower_third", r"lower third|name tag|下方字幕"),
    ("subtitle", r"sub-?title(?!s)|tagline|副标题"),
    ("caption", r"captions?|subtitles|字幕"),
    ("title", r"(?<!sub)(?<!sub-)title|heading|headline|(?<!副)标题|题目"),
    ("text", r"\btext\b|\bwords?\b|文字|文案"),
]


# words after the text that put it at the end: "'Link in bio' at the end", "'Shop now' button"
AT_END = (
    r"\s*(?:button\b|(?:at|to|in) the (?:very )?end\b|on the (?:last|final) (?:photo|slide|frame|pic)|"
    r"放在?(?:结尾|最后)|在结尾)"
)


def _role_for(r: Rest, s: int, e: int) -> Role | None:
    """The role word nearest the words: after them ("'X' as a subtitle") or just before ("title 'X'")."""
    after = r.low[e : e + 30]
    for role, pat in ROLE_WORDS:
        if re.match(rf"\s*(?:as|for|is|作为|当|做)\s*(?:the |a |an |my |our |its )?(?:{pat})", after):
            return role
    ctx = r.low[max(0, s - 40) : s]
    best: tuple[int, Role] | None = None
    for role, pat in ROLE_WORDS:
        for m in re.finditer(pat, ctx):
            if best is None or m.end() > best[0]:
                best = (m.end(), role)
    if (best is None or best[1] == "text") and (end := re.match(AT_END, after)):
        r.take(e + end.start(), e + end.end())
        return "cta"
    return best[1] if best else None


_LETTERS = r"(?: (?:font|type|letters|lettering|text)|字?体)?"
# a look word that is for something else: "yellow background", "red captions", "bold captions", 黄色的背景,
# 金色边框, and "black and white" (the video's look)
_ELSEWHERE = (
    r"(?!的?\s*(?:text box|background|box|backdrop|banner|border|outline|frame|band|backing|stripe|shadow|glow|"
    r"captions?|subtitles?|titles?|call to action|cta|logo|look|filter|photos?|video|"
    r"背景|底|框|边|描边|横幅|字幕|标题|副标题|文字|滤镜|照片|视频)|\s*(?:and|&|-and-|和)\s*white|白)"
)
_LOOK_AFTER = r"\s*[,，]?\s*(?:(?:and )?make (?:it|them) (?:in )?|in (?:a )?|用|and |和|set in )?"
_EN_COLOUR = rf"(?P<en>{ops.text.COLOUR_WORDS})\b{_ELSEWHERE}{_LETTERS}"
_ZH_COLOUR = rf"(?P<zh>{text_looks.ZH_COLOUR})色{_ELSEWHERE}的?"
_COLOUR_AFTER = re.compile(rf"{_LOOK_AFTER}(?:{_EN_COLOUR}|{_ZH_COLOUR})")


def _described(r: Rest, p: Plan, op: ops.SetText, end: int, upto: int, build: bool, style: dict[str, str]) -> None:
    """What is said right after new words (up to the next words, `upto`) is theirs, in any order: where
    ("at the top"), for how long ("for 5 seconds", 显示5秒), a family ("in bold", 用手写体) and a colour
    ("in yellow", 用黄色, "and make it yellow"). `style` holds what was said before the role word."""
    placed = timed = boxed = False
    for _ in range(5):
        after = r.low[end : min(end + 40, upto)]
        fonts = (
            (fam, m)
            for pat, fam in text_looks.FONT_ASKS
            if (m := re.match(rf"{_LOOK_AFTER}(?:{pat}){_ELSEWHERE}{_LETTERS}", after))
        )
        if not placed and (m := places.AFTER.match(after)):
            op.pos, placed = places.PLACES[int(str(m.lastgroup)[1:])][1], True  # group p<i>: PLACES[i]
        elif not timed and (m := text_times.TIME_AFTER.match(after)) and text_times.time_after(r, p, op, m, build):
            timed = True
        elif "font" not in style and (hit := next(fonts, None)):
            style["font"], m = hit
        elif "color" not in style and (m := _COLOUR_AFTER.match(after)):
            style["color"] = m["en"] or text_looks.zh_colour(m["zh"])
        elif not boxed and (m := re.match(text_looks.BOX_AFTER, after)):
            boxed = True
        else:
            break
        r.take(end + m.start(), end + m.end())
        end += m.end()
    if style or boxed:
        p.ops.append(ops.SetTextStyle(role=op.role, box=True if boxed else None, **style))


# a colour or a family said just before the role word: "a light blue title 'Hello'", "a bold yellow caption",
# 浅蓝色的标题「你好」
_LOOK_BEFORE = re.compile(
    rf"(?<!black and )(?<!black & )(?:(?P<en>{ops.text.COLOUR_WORDS})|(?P<zh>{text_looks.ZH_COLOUR})色的?)\s*$"
)


def _looks_before(r: Rest, role_at: int | None) -> dict[str, str]:
    style: dict[str, str] = {}
    if role_at is None or re.match(r"\w+\s+(?:box|background|backing|banner)", r.orig[role_at:]):
        return style  # "a yellow text box": the colour is the box's
    for _ in range(2):
        before = r.low[max(0, role_at - 30) : role_at]
        fonts = ((fam, m) for pat, fam in text_looks.FONT_ASKS if (m := re.search(rf"(?:{pat})\s*$", before)))
        if "color" not in style and (m := _LOOK_BEFORE.search(before)):
            style["color"] = m["en"] or text_looks.zh_colour(m["zh"])
        elif "font" not in style and (hit := next(fonts, None)):
            style["font"], m = hit
        else:
            break
        start = role_at - len(before) + m.start()
        r.take(start, role_at)
        role_at = start
    return style


def text(r: Rest, w: Work, p: Plan, literal: list[tuple[int, int, str]], build: bool) -> None:
    texts: dict[Role, TextSegment] = {x.role: x for x in w.texts()}
    _removals(r, p)
    given = text_words.unquoted(r, literal)
    placed: dict[Role, str] = {}
    captions: list[str] = []
    last: tuple[int, Role | None] = (-1, None)
    caption_colours: list[str | None] = []  # each caption's colour, said right after it
    caption_items: list[refs.Ref | None] = []  # each caption's photo, said right after it ("'Day one' to photo 2")
    for s, e, q in given:
        if q.casefold() in (v.casefold() for v in placed.values()):  # "our 'Grand Opening', title 'Grand Opening'"
            _take_role_words(r, s, e, _role_for(r, s, e) or "title")
            continue
        role = _role_for(r, s, e)
        between = r.low[_item_after(r.orig, last[0], w)[0] if last[1] == "caption" else last[0] : s]
        if last[1] and re.fullmatch(r"[\s,，、]*(?:and|和|及)?[\s,，、]*", between):
            # "captions 'One', 'Two', 'Three'", "'Day one' to photo 2 and 'Day two' to photo 3": a list goes
            # on in the same slot
            role = last[1]
        if role == "text":
            role = "title" if "title" not in texts and "title" not in placed else "text"
        if role is None:
            role = "title" if "title" not in placed and "title" not in texts else "caption"
        if role in placed and role != "caption":  # a second title in one request is its subtitle
            role = "subtitle" if role == "title" and "subtitle" not in placed else role
        upto = next((s2 for s2, _, _ in given if s2 > s), len(r.low))  # where the next words start
        role_at = _take_role_words(r, s, e, role)
        looks = _looks_before(r, role_at)
        last = (e, role)
        if role == "caption":
            # "captions: Day one, The beach": after a colon, commas part the captions
            colon = not re.match(r"[\"'“「『‘]", r.source[s - 1 : s] if s else "")
            given_here = [c.strip() for c in re.split(r"[,，、]", q) if c.strip()] if colon else [q]
            if colon and (tail := re.fullmatch(rf"(.+?)\s+in ({ops.text.COLOUR_WORDS})", given_here[-1], re.I)):
                given_here[-1] = tail[1]  # "captions: Day one, Day two in yellow": the colour of them all
                looks["color"] = tail[2].lower()
            captions += given_here
            colour = looks.get("color")
            end, item = _item_after(r.orig, e, w)  # "the caption 'Day one' on photo 2 in yellow"
            caption_items += [item if len(given_here) == 1 else None] * len(given_here)
            if colour is None and (c := _COLOUR_AFTER.match(r.low[end : min(end + 30, upto)])):  # "… in yellow"
                colour = c["en"] or text_looks.zh_colour(c["zh"])
                r.take(end + c.start(), end + c.end())
                end += c.end()
            if t := text_times.TIME_AFTER.match(r.low[end : min(end + 40, upto)]):  # a caption's time is its photo's
                r.take(end + t.start(), end + t.end())
                p.notes.append(text_times.CAPTION_TIME)
            caption_colours += [colour] * len(given_here)
            continue
        placed[role] = q
        op = ops.SetText(text=q, role=role, at="end" if role == "cta" else None)
        p.ops.append(op)
        _described(r, p, op, e, upto, build, looks)
        if op.pos is None:  # "title 'Sale' and put it at the top"
            op.pos = _near_place(r, s, e, upto)
    item_refs = refs.find(r.low, w.video)
    if captions:
        said = [c for c in caption_colours if c]
        if len(said) == 1 and caption_colours[-1]:  # "captions 'Day one', 'The beach' in red": all of them
            caption_colours = [said[0]] * len(captions)
        if all(caption_items) and len(caption_items) > 1:  # each on the photo named with it
            for words, ref, colour in zip(captions, caption_items, caption_colours, strict=True):
                assert ref is not None
                p.ops.append(ops.SetText(text=words, role="caption", item=ref.pos, color=colour))
                r.take(ref.start, ref.end)
        elif len(captions) == 1 and (ref := caption_items[0] or (item_refs[0] if item_refs else None)):
            p.ops.append(ops.SetText(text=captions[0], role="caption", item=ref.pos, color=said[0] if said else None))
            r.take(ref.start, ref.end)
        else:
            p.ops.append(ops.AddCaptions(texts=captions, colors=caption_colours if said else []))
    _phone(r, w, p)
    text_looks.looks(r, p, texts)
    if not given:
        _moved(r, p, texts)
    wants = r.search(
        r"(?:text|word) overlays?|on-?screen text|(?:add|with|put|include|some) (?:some |a |the )?(?:text|titles?)\b|"
        r"captions?|subtitles?|labels?|some words|(?:加上?|配上?|添加|带)(?:文字|字幕|文案|标题)|文字|字幕|文案",
        take=False,
    )
    if wants and (
        p.unsupported or ("titl" in wants[0] and "title" in texts) or ("capt" in wants[0] and "caption" in texts)
    ):
        # about text that is there already, or the object of a part not done ("a voice-over reading the captions")
        wants = None
    if wants:
        r.take(wants.start(), wants.end())
    if wants and not given and not any(isinstance(o, (ops.SetText, ops.AddCaptions)) for o in p.ops):
        text_made_up.made_up(r, w, p, build)
    elif wants and re.match(r"caption|subtitles|字幕", wants[0]) and not captions:
        p.tips.append(
            (
                "For captions on the photos, tell me what each should say "
                "(for example: captions 'Day one', 'The beach').",
                "照片字幕要写什么？例如：字幕「第一天」「海边」。",
            )
        )
    text_times.timing(r, p, texts)


def _moved(r: Rest, p: Plan, texts: dict[Role, TextSegment]) -> None:
    """ "move the title to the top", "title in yellow at the top": a place for words already there, said in
    the same part of the request as the text's name (its look may have used the name already), and not
    about the logo there. Runs after the looks, so "the text at the bottom" that picks a text is theirs."""
    for m in re.finditer(text_looks.TARGET, r.orig):
        start, end = places.part_start(r.orig, m.start()), places.part_end(r.orig, m.end())
        named = text_looks.named_role(m[1])
        moved: Role = "title" if named == "all" else named
        at = places.place(r.low, start, end)
        if at and moved in texts and moved != "caption" and not re.search(places.OTHER_THING, r.orig[start:end]):
            p.ops.append(ops.SetText(text=texts[moved].text, role=moved, pos=at[0]))
            r.take(at[1], at[2])
            return


def _take_role_words(r: Rest, s: int, e: int, role: Role) -> int | None:
    """The role word beside these words was used by them (so "title" is not read again). Returns where
    it starts when it comes before them, for what is said before it ("a yellow caption 'Day one'")."""
    lo = max(0, s - 40)
    for name, pat in ROLE_WORDS:
        if name == role or (role in ("title", "text") and name in ("title", "text")):
            if m := re.match(
                rf"\s*(?:as|for|is|作为|当|做)\s*(?:the |a |an |my |our |its )?(?:{pat})", r.low[e : e + 30]
            ):
                r.take(e + m.start(), e + m.end())
                return None
            hits = list(re.finditer(pat, r.low[lo:s]))
            if hits:
                r.take(lo + hits[-1].start(), lo + hits[-1].end())
                return lo + hits[-1].start()
    return None


def _item_after(low: str, end: int, w: Work) -> tuple[int, refs.Ref | None]:
    """The photo named right after a caption's words ("'Day one' on photo 2 in yellow"), and where the
    caption's own part goes on after it."""
    for ref in refs.find(low, w.video):
        if ref.start >= end and re.fullmatch(
            r"\s*(?:on|to|for|under|over|in|at|with)?\s*(?:the\s+)?", low[end : ref.start]
        ):
            return ref.end, ref
    return end, None


def _removals(r: Rest, p: Plan) -> None:
    if r.search(r"(?:remove|delete|drop|no|without|get rid of) (?:the )?sub-?title\b|去掉副标题|删除副标题"):
        p.ops.append(ops.Remove(target="subtitle"))
    if r.search(r"(?:remove|delete|drop|no|without|get rid of) (?:the )?(?:title|heading)|去掉标题|删除标题|不要标题"):
        p.ops.append(ops.Remove(target="title"))
    if r.search(
        r"(?:remove|delete|drop|no|without) (?:the )?(?:captions|subtitles|text overlays)|去掉字幕|删除字幕|不要字幕"
    ):
        p.ops.append(ops.Remove(target="captions"))
    if r.search(r"(?:remove|delete|drop|no|without) (?:the )?(?:call to action|cta)|去掉结尾文字|去掉号召"):
        p.ops.append(ops.Remove(target="cta"))
    if r.search(r"(?:remove|delete|drop|no|without) (?:all )?(?:the )?text\b|去掉文字|删除文字|不要文字|去掉所有文字"):
        p.ops.append(ops.Remove(target="text"))


def _phone(r: Rest, w: Work, p: Plan) -> None:
    """A phone number or a web address without quotes ("add our phone number 555-123-4567", "our website
    www.lunacafe.com at the end"): the call to action."""
    m = r.search(r"(?:phone(?: number)?|call us(?: at| on)?|tel|电话|手机)[^0-9+]{0,20}(\+?\d[\d ()\-.]{5,}\d)")
    if m:
        r.search(r"\b(?:add|put|show|with|include)\b|加上|加")
        p.ops.append(ops.SetText(text=w.ctx.say(f"Call {m[1]}", f"电话 {m[1]}"), role="cta", at="end"))
        return
    m = r.search(
        r"(?:(?:web ?site|site|url|link|shop|store|网站|网址|官网)[^a-z0-9]{0,12}|visit )?"
        r"((?:https?://)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|io|shop|store|cn|uk|us|ca|au|app)"
        r"(?:/[\w/-]*)?)\b"
    )
    if m:
        site = r.source[m.start(1) : m.end(1)]
        r.search(r"\b(?:add|put|show|with|include)\b|加上|加")
        r.search(r"(?:at|to|in) the (?:very )?end|放在?(?:结尾|最后)|在结尾")
        p.ops.append(ops.SetText(text=w.ctx.say(f"Visit {site}", f"访问 {site}"), role="cta", at="end"))


def _near_place(r: Rest, s: int, e: int, upto: int) -> Position | None:
    """A place said near new words, before the next words ("title 'A' and subtitle 'B' at the bottom"
    places only B): after them first, then just before. Its words are used."""
    at = places.place(r.low, e, min(e + 40, upto)) or places.place(r.low, max(0, s - 20), s)
    if at is None or re.search(places.OTHER_THING, places.part(r.orig, at[1], at[2])):
        return None  # "add the title 'Sale' and move the logo to the bottom left": the logo's
    r.take(at[1], at[2])
    return at[0]
