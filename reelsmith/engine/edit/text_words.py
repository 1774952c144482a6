"""The person's own words for the screen, found in a request: in quotes of any kind ("" '' 「」 『』
“” ‘’), after a colon ("add text: Welcome"), after a verb ("title says Summer Sale", 标题是夏日特卖) or
bare and capitalised ("title Lisbon"). Each is taken out of the request, so no rule reads it as an
instruction; `text_rules` decides which slot it fills and how it looks.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reelsmith.engine.edit import ops, text_looks
from reelsmith.engine.edit.words import NUMBER

if TYPE_CHECKING:  # the planner calls these; they only name its type
    from reelsmith.engine.edit.planner import Rest

QUOTE = re.compile(
    r"[\"“「『]([^\"”」』\n]{1,120})[\"”」』]|‘([^’\n]{1,120})’|(?<![a-z0-9])'([^'\n]{1,120})'(?![a-z])", re.I
)
# "add text: Welcome", "加上文字：欢迎光临": everything after the colon, to the end of the line
COLON = re.compile(
    r"(?:text|words?|titles?|subtitles?|captions?|tagline|slogan|call to action|cta|"
    r"文字|文案|标题|副标题|字幕|标语|口号)"
    r"\s*(?:says|reads|should say)?\s*[:：]\s*([^\n]+?)\s*[。.!！]?\s*$",
    re.I,
)


def literal_texts(r: Rest) -> list[tuple[int, int, str]]:
    """The person's own words, taken out of the request so no rule reads them as instructions."""
    out = [(m.start(), m.end(), m[1] or m[2] or m[3]) for m in QUOTE.finditer(r.text)]
    for s, e, _ in out:
        r.take(s, e)
    if not out and (m := COLON.search(r.low)):
        s, e = m.span(1)
        out.append((s, e, r.text[s:e].strip().strip("\"'")))
        r.take(s, e)
    return [x for x in out if x[2].strip()]


# what follows "title" when the request is about the title, not its words ("title to the top", "title bold")
# (any colour: "change the title to light blue" put "light blue" on screen; "title is too small")
_LOOK_ONLY = r"(?=\s*(?:$|[,.;!?]|and (?!white\b)|please\b|instead\b|colou?r\b|text\b|letters\b|font\b))"
_NOT_WORDS = (
    r"(?!(?:the )?(?:top|bottom|middle|cent(?:er|re)|left|right|bigger|smaller|larger)\b|"
    # "change the title to light blue" (but "to Black Friday Sale" is words, and "title says Gold" always)
    rf"(?:(?<=\bto )|(?<=\bis ))(?:in |a )?{ops.text.COLOUR_WORDS}{_LOOK_ONLY}|"
    r"(?:too|so|very|quite|a bit|a little|kind of) (?:small|big|large|tiny|long|short|dark|light|bright|faint)\b|"
    r"(?:not |too |in )?(?:bold|bolder|serif|sans|handwritten|italic)\b)"
)
# where words without quotes end: a comma, "and", "with", or what is said about them ("title says Summer
# Sale in red", "... at the top", "... for 5 seconds", "... in bold"); "in the middle" may be words
_PLACE_END = r"(?:(?:at|to|on) the (?:very )?|in the )(?:top|bottom)(?: (?:left|right))?(?: corner)?"
_WORDS_END = (
    r"\s*(?=$|[,.;!?]|\s+and\s|\s+with\s|"
    rf"\s+in (?:{ops.text.COLOUR_WORDS}|bold|italic|serif|sans|handwriting)\b|"
    rf"\s+{_PLACE_END}\s*(?:$|[,.;!?]|\b(?:and|in|for)\b)|"  # not "Fresh Bread at the Top of the Hill"
    rf"\s+for (?:the )?(?:first )?{NUMBER} ?(?:s|secs?|seconds?|minutes?|mins?)\b)"  # not "for one week only"
)


def unquoted(r: Rest, literal: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """ "title says Summer Sale", "titled Summer Sale", "标题是夏日特卖": words without quotes."""
    if literal:
        return sorted(literal + _bare(r, literal))
    m = r.search(
        r"\b(?:(?:sub-?)?title|heading|headline)\s*(?:(?:that|which) )?"
        r"(?:says|say|to say|should say|reads|read|to read|to|is|=)\s+"
        + _NOT_WORDS
        + r"([a-z0-9][^,.;!?\"“]{1,60}?)"
        + _WORDS_END
        + r"|\btitled\s+([a-z0-9][^,.;!?]{1,60}?)"
        + _WORDS_END
        + "|"
        r"(?:副标题|标题)(?:是|改成|改为|写|为|叫)\s*([^，,。；;\s]{1,30})|"
        r"(?:结尾|片尾|最后)(?:写上?|加上?|加个|打上|显示|放上?)(?:文字|一句)?\s*"
        r"(?!(?:个|一个)?(?:网址|网站|电话|链接|logo|标志|淡出|音乐))([^，,。；;\s\d][^，,。；;]{0,29})|"
        r"\b(?:add|put|write)\s+(?:the\s+)?(?:text|words?)\s+(?:saying\s+|that says\s+)?"
        r"(?!(?:at|on|in|to|bigger|smaller|larger|the|a|an|some|overlays?|here|there)\b)"
        r"([a-z0-9$€£¥][^,.;!?\"“]{0,40}?)\s*(?=$|[,.;!?]|\s+(?:and|with|at|on)\s)",
        take=False,
    )
    if not m:
        return _bare(r)
    g = next(i for i in (1, 2, 3, 4, 5) if m[i])
    s, e = m.span(g)
    if g in (1, 2):
        e = _capitalised_on(r.text, e)
    words = r.text[s:e].strip()
    if re.fullmatch(
        rf"(?:大|小|{text_looks.ZH_COLOUR})(?:一点|一些|色)?|[浅淡深亮暗]色|放大|缩小|顶部|底部|中间|logo|标志.*|淡出.*|"
        # 标题改成红色加粗 / 黄色的 / 白色字 / 黄色并放到底部 / 大一点的黄色 (but 白色情人节特惠 and 小点心 are words)
        rf"(?:{text_looks.ZH_COLOUR})色(?:的|字|加粗|粗体|并.*|然后.*)?|[大小]一?[点些]的?(?:{text_looks.ZH_COLOUR}色)?|"
        r"(?:手写|衬线|无衬线|宋|黑|粗|楷|斜)体|.{0,6}字体|加粗|粗一点|粗一些",
        words,
    ):
        return []
    # the role word stays for `_role_for` when it is the slot ("结尾写上…" is the call to action)
    if g == 4:
        r.take(m.start() + 2, m.start(g))
    else:
        _take_verb(r, m.start(), m.start(g))
    r.take(s, e)
    return [(s, e, words)]


def _capitalised_on(text: str, e: int) -> int:
    """Where words without quotes end when what stopped them goes on in capitals: "Lady in Red", "See You
    at the Top", "Fish and Chips Friday" are words; "Summer Sale in red", "... at the top" are not."""
    while go := re.match(
        r"\s+(?:in|at|to|on|for|and|with|of)\s+(?:the\s+)?(?:very\s+)?[A-Z0-9][^,.;!?\"“\s]*", text[e:]
    ):
        e += go.end()
        e += len(run[0]) if (run := re.match(r"(?:\s+[A-Z0-9][^,.;!?\"“\s]*)*", text[e:])) else 0
    return e


def _take_verb(r: Rest, start: int, words: int) -> None:
    """Take what stands between a leading role word and the words ("says", "is", "改成"), leaving the role
    word for `_role_for`: "title says Porto" on a video that has a title replaces it, not a caption."""
    lead = re.match(r"(?:sub-?)?title|heading|headline|副标题|标题", r.low[start:words])  # "titled": the "d" goes
    r.take(start + (lead.end() if lead else 0), words)


_COLOURS = ops.text.COLOUR_WORDS  # the colours the editor can give text
# words about how text looks, where it sits and how long it shows: a bare title made only of these
# ("make the title Blue", "Title Upper Left", "Title For 5 Seconds") is a request about the title
_STYLE = (
    r"top|bottom|middle|cent(?:er|re)(?:ed|d)?|left|right|upper|lower|higher|off|none|in|on|at|for|with|the|a|"
    r"fade|fading|font|size|colou?r|style|sequence|card|screen|page|text|box|band|huge|tiny|big|bigger|small|"
    r"smaller|large|larger|bold|bolder|serif|sans|handwritten|italic|instead|seconds?|secs?|s|" + _COLOURS
)
# where a bare title's words end: a lower-case instruction ("title Lisbon please", "title Lisbon but make it
# 20 seconds", "title Lisbon for 3 seconds", "in yellow", "at the top"), a subtitle in any case, or a line
# break; small words inside a title go on ("Trip to Lisbon", "Summer in Porto")
_BARE_STOP = re.compile(
    r"\s*\n|\s+(?i:(?:and\s+)?sub-?title)\b|"
    r"\s+(?:and|with|but|then|please|thanks|thank you|instead|centered|centred|fading|bigger|smaller|larger|"
    rf"bold|italic|{_COLOURS})\b|"
    r"\s+(?:for|in|on|at|to|from)\s+(?:\d|(?:the\s+)?(?:very\s+)?(?:top|bottom|middle|cent(?:er|re)|left|right|"
    r"start|end|beginning|corner)\b|(?:a\s+)?(?:box|band|bold|italic|serif|sans|handwriting|handwritten|"
    rf"{_COLOURS})\b)"
)


def _bare(r: Rest, literal: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int, str]]:
    """ "title Lisbon", "with the title Summer Sale", "title Lisbon and subtitle Porto": the words right
    after "title" or "subtitle", with no verb and no quotes, read only as the person wrote them
    capitalised (or a number), up to an instruction written in lower case or a comma. So "title bigger",
    "make the title Blue" and "the title at the top" stay requests about the title."""
    found: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\b(?:sub-?)?title\s+|\bheading\s+|\bheadline\s+", r.low):
        s = m.end()
        if not (r.text[s : s + 1].isupper() or r.text[s : s + 1].isdigit()):
            continue
        if any(a <= s < b for a, b, _ in literal or ()):
            continue
        run = re.match(r"[^,.;!?\"“，。；！？、]{1,60}", r.text[s:])
        if not run:
            continue
        stop = _BARE_STOP.search(run[0])
        words = (run[0][: stop.start()] if stop else run[0]).strip()
        style = [bool(re.fullmatch(_STYLE, w, re.I)) for w in words.split()]
        if not words or (any(style) and all(st or w.isdigit() for st, w in zip(style, words.split(), strict=True))):
            continue  # "Blue", "Upper Left", "For 5 Seconds": about the title, not its words ("2024" is words)
        e = s + len(words)
        r.take(s, e)  # the role word stays for `_role_for`
        found.append((s, e, words))
    return found
