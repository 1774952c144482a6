"""The offline planner's rules for the pictures and the time: which items, how long each, how long in all.

Each rule reads the request as `planner.plan` left it (the words earlier rules used
blanked out), adds operations to the plan, and blanks the words it used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from reelsmith.engine.edit import ops, places, refs
from reelsmith.engine.edit.words import (
    NUMBER,
    TEXT_LASTS,
    TEXT_LONGER,
    ZH_NUMBER,
    ZH_SHOWN_FOR,
    seconds_in,
    word_number,
    zh_number,
)
from reelsmith.engine.edit.work import Work

if TYPE_CHECKING:  # the planner calls these rules; they only name its types
    from reelsmith.engine.edit.planner import Plan, Rest

ITEM_VERBS = (
    r"remove|delete|drop|take out|get rid|cut|move|put|place|swap|switch|slow|speed|\dx\b|mute|trim|"
    r"use only|longer|shorter|show|hold|caption|\d\s*(?:s|sec|seconds)\b|"
    r"删|去掉|拿掉|移|交换|对调|慢动作|倍|静音|截取|显示|秒"
)
PER = r"(?:photos?|pictures?|pics?|images?|slides?|shots?|items?)"
_SECS = rf"({NUMBER})\s*-?\s*(?:seconds?|secs?|s)\b"


def ambiguous(r: Rest, w: Work, p: Plan) -> None:
    """Requests with two readings: ask, and change nothing."""
    if m := r.search(
        r"^\s*(?:(?:please |can you |could you )?(?:make|set|change) (?:it|the video|this) (?:to )?)?(\d+(?:\.\d+)?)"
        r"\s*(?:please)?\s*[.!?]?\s*$|^\s*(?:改成|改为|变成|设为)\s*(\d+)\s*$",
        take=False,
    ):
        n = m[1] or m[2]
        p.say_ask(
            f'"{n}" what: {n} seconds long, {n} photos, or {n}x faster? Say for example "make it {n} seconds".',
            f"“{n}”是指{n}秒、{n}张照片，还是{n}倍速？例如可以说“改成{n}秒”。",
        )
        return
    if not w.video:
        return
    if r.search(
        r"\b(?:blurry|blurred|dark|bad|ugly|boring|worst|best|nicest|prettiest|weird)\b "
        r"(?:one|photo|pic|picture|image|shot|clip)|模糊的|不好看的|最好看的",
        take=False,
    ):
        listing = ", ".join(f"{i}. {w.label(s)}" for i, s in enumerate(w.video, 1))
        p.say_ask(
            f"Which one do you mean? I can't judge the pictures themselves: say its number ({listing}).",
            f"是哪一张？我看不出照片的好坏，请说编号（{listing}）。",
        )
        return
    if re.search(
        r"^\s*(?:remove|delete|move|drop|cut) (?:it|this|that|this one|that one)\s*[.!]?\s*$|"
        r"^\s*(?:删掉|删除|去掉)(?:它|这个|那个)\s*$",
        r.low,
    ):
        p.say_ask(
            'Which item? Say for example "remove the second photo" or "remove the cat".',
            "是哪一个？例如可以说“删除第二张照片”。",
        )


def subset(r: Rest, w: Work, p: Plan) -> None:
    """ "only the first 3 photos", "just the last two", "只要前3张": keep those, drop the rest."""
    n_items = sum(1 for s in w.video if not s.ed.logo_card)
    m = r.search(
        rf"(?:only|just|keep) (?:use |keep |show )?(?:the )?(first|last) "
        rf"(?:({NUMBER})(?! ?(?:s|secs?|seconds?|mins?|minutes?)\b) ?{PER}?|{PER})|"
        rf"(?:remove|delete|drop) (?:all|everything) (?:but|except) (?:the )?(first|last) ({NUMBER}) ?{PER}?|"
        rf"只(?:要|保留|用|留)(前|后|最后)\s*({ZH_NUMBER})\s*(?:张|个|段)"
    )
    if not m:
        return
    side = m[1] or m[3] or m[5]
    count = word_number(m[2] or m[4] or "") if (m[2] or m[4]) else zh_number(m[6]) if m[6] else 1
    if not count or not n_items:
        return
    k = min(int(count), n_items)
    last = side in ("last", "后", "最后")
    positions = [i for i, s in enumerate(w.video, 1) if not s.ed.logo_card]
    p.ops.append(ops.Keep(items=positions[-k:] if last else positions[:k]))


def each_item(r: Rest, p: Plan) -> None:
    """ "each photo 3 seconds", "3 seconds per photo", "每张照片停留3秒": every photo's own time."""
    m = r.search(
        rf"\b(?:each|every|per) {PER}[^,.;]{{0,24}}?{_SECS}|"
        # not across an "and": "the title for 3 seconds and show each photo for 4 seconds"
        rf"{_SECS}(?:(?!\band\b)[^,.;]){{0,10}}?(?:\beach\b|\bper {PER}|\ba {PER}|\bfor each {PER}|"
        rf"for every {PER}|on each {PER})|"
        rf"每(?:张|个|幅)(?:照片|图片|图)?[^，,。；]{{0,8}}?({ZH_NUMBER})\s*秒|每(?:张|个)?(?:照片|图片)(?:停留|显示|放)?\s*({ZH_NUMBER})\s*秒"
    )
    if not m:
        return
    secs = word_number(m[1] or m[2] or "") if (m[1] or m[2]) else zh_number(m[3] or m[4])
    if secs:
        p.ops.append(ops.SetItemDuration(seconds=secs))


def items(r: Rest, w: Work, p: Plan) -> None:
    """Edits that name one item: remove, move, swap, hold, trim, speed, mute, and reverse."""
    if r.search(r"reverse (?:the )?order|backwards order|倒序|顺序反过来|反过来"):
        p.ops.append(ops.Reorder(order=list(range(len(w.video), 0, -1))))
    if r.search(
        r"\bmute (?:all )?(?:the |my )?(?:clips|videos)|"
        r"(?:remove|turn off|no|without) (?:the )?(?:clips'? |original |video )"
        r"(?:sound|audio)|(?:所有|全部)的?(?:视频|片段)(?:都|全部)?静音|(?:视频|片段)(?:都|全部)静音|去掉(?:视频的?)?原声"
    ):
        p.ops.append(ops.Mute())
    elif r.search(
        r"\bunmute (?:all )?(?:the |my )?(?:clips|videos)|"
        r"(?:restore|bring back|turn on) (?:the )?(?:clips'? |original |video )"
        r"(?:sound|audio)|恢复(?:视频的?)?原声"
    ):
        p.ops.append(ops.Mute(on=False))
    found = refs.find(r.low, w.video)
    if not found:
        return
    n = len(w.video)
    low = r.low
    first = found[0]
    if any(f.pos == 0 for f in found) and re.search(ITEM_VERBS + r"|filter|look|zoom|pan|warm|cool|黑白|滤镜", low):
        p.problem = next(f for f in found if f.pos == 0).missing(w.video)
        return
    before, after = low[max(0, first.start - 40) : first.start], low[first.end : first.end + 60]
    swap = r"swap|switch|交换|对调|互换|调换|换(?:一下|个)?位置|位置(?:换|互换|对调)一下"
    if re.search(swap, low) and len(found) >= 2:
        a, b = found[0].pos, found[1].pos
        order = list(range(1, n + 1))
        ia, ib = (a - 1 if a > 0 else n + a), (b - 1 if b > 0 else n + b)
        if 0 <= ia < n and 0 <= ib < n:
            order[ia], order[ib] = order[ib], order[ia]
        p.ops.append(ops.Reorder(order=order))
        r.search(swap)
        r.take(found[1].start, found[1].end)
    elif m := re.search(
        r"remove|delete|drop|take out|get rid of|cut out|lose|ditch|skip|(?:don'?t|do not) (?:need|want)|"
        r"删除|删掉|删了|去掉|拿掉",
        before + after[:8],
    ):
        # "remove the second and fourth photos", "去掉第二张和第四张": each, from the last so positions hold
        joined = [first]
        for prev, f in zip(found, found[1:], strict=False):
            if not re.fullmatch(r"[\s,，、]*(?:and|&|和|及|与|跟)?[\s,，、]*(?:the\s+)?", low[prev.end : f.start]):
                break
            joined.append(f)
        at = sorted({f.pos if f.pos > 0 else n + f.pos + 1 for f in joined}, reverse=True)
        for pos in at:
            p.ops.append(ops.Remove(target="item", item=pos))
        for f in joined[1:]:
            r.take(f.start, f.end)
        r.search(m[0])
    elif m := re.search(
        r"\b(?:(start|open|begin|lead|kick off)|(end|finish|close))(?: it| the video| things)? (?:with|on) "
        r"(?:the |my |our |a |that )?$",
        before,
    ):
        i = first.pos - 1 if first.pos > 0 else n + first.pos
        order = [k for k in range(1, n + 1) if k != i + 1]
        order.insert(0 if m[1] else n - 1, i + 1)
        p.ops.append(ops.Reorder(order=order))
        r.take(max(0, first.start - 40) + m.start(), first.start)
    elif re.search(r"move|put|place|把|将", before) and (
        m := re.search(
            r"^\s*(?:(?:photo|pic|picture|image|shot|one|clip|那张|这张)\s*)?(?:"
            r"(?:to )?(?:the )?(?:very )?(first|last|end|start|beginning|front)\b|at the (end|start|beginning)|"
            r"(?:to )?position (\d+)|(?:移|放)到最?(前面|后面|开头|结尾|最后))",
            after,
        )
    ):
        where = m[1] or m[2] or m[4] or ""
        i = first.pos - 1 if first.pos > 0 else n + first.pos
        order = [k for k in range(1, n + 1) if k != i + 1]
        if m[3]:
            dest = min(max(int(m[3]), 1), n) - 1
        elif re.search(r"end|last|后面|结尾|最后", where):
            dest = n - 1
        else:
            dest = 0
        order.insert(dest, i + 1)
        p.ops.append(ops.Reorder(order=order))
        r.take(first.end, first.end + m.end())
        r.search(r"move|put|place|把|将")
    elif re.search(r"slow[- ]?motion|慢动作", low):
        r.search(r"slow[- ]?motion|慢动作")
        p.ops.append(ops.SetClipSpeed(speed=0.5, item=first.pos))
    elif m := re.search(r"(\d+(?:\.\d+)?)\s*x\b|(\d+(?:\.\d+)?|[一二两三四])\s*倍速?", low):
        p.ops.append(ops.SetClipSpeed(speed=float(m[1] or zh_number(m[2]) or 1), item=first.pos))
        r.take(m.start(), m.end())
    elif (
        0 < abs(first.pos) <= n
        and w.video[first.pos - 1 if first.pos > 0 else first.pos].kind == "video"
        and (m := re.search(r"speed (?:it |this |that )?up|faster|sped up|加速|快进|快一点", low))
    ):  # "speed up the first clip": that clip plays faster, not the whole video
        r.take(m.start(), m.end())
        p.ops.append(ops.SetClipSpeed(speed=1.5, item=first.pos))
    elif re.search(r"\bmute\b|静音|去掉原声", low):
        r.search(r"\bmute\b|静音|去掉原声")
        p.ops.append(ops.Mute(item=first.pos))
    elif m := re.search(
        r"(?:trim|cut|use only|just use|截取|只要)[^0-9]*?(\d+(?:\.\d+)?)\s*(?:s|秒)?\s*"
        r"(?:-|to|–|到)\s*"
        r"(\d+(?:\.\d+)?)\s*(?:s|sec|seconds|秒)?",
        low,
    ):
        p.ops.append(ops.Trim(item=first.pos, start=float(m[1]), end=float(m[2])))
        r.take(m.start(), m.end())
    elif m := re.search(r"first (\d+(?:\.\d+)?|" + NUMBER + r") ?(?:s|secs?|seconds)\b", before + " " + after):
        p.ops.append(ops.Trim(item=first.pos, start=0, end=word_number(m[1]) or 1))
        r.search(
            r"(?:only |just )?(?:use |keep )?(?:the )?first (?:\d+(?:\.\d+)?|"
            + NUMBER
            + r") ?(?:s|secs?|seconds)\b(?: of)?"
        )
    elif len(found) > 1 and all(
        seconds_in(low[f.end : (found[i + 1].start if i + 1 < len(found) else len(low))]) for i, f in enumerate(found)
    ):  # "the first photo 6 seconds and the last one 2 seconds"
        for i, f in enumerate(found):
            end = found[i + 1].start if i + 1 < len(found) else len(low)
            p.ops.append(ops.SetItemDuration(item=f.pos, seconds=seconds_in(low[f.end : end]) or 1))
        r.take(max(0, first.start - 40), len(r.low))
        return
    elif (secs := seconds_in(after)) is not None or re.search(r"longer|shorter|更久|久一点|短一点", after + before):
        if secs is None:
            cur = w.item(first.pos).d if w.video and -n <= first.pos <= n and first.pos else 3000
            secs = cur / 1000 * (1.6 if re.search(r"longer|更久|久一点", after + before) else 0.6)
        p.ops.append(ops.SetItemDuration(item=first.pos, seconds=round(secs, 2)))
        # the words about this photo: not back across words used already ("the caption 'X' on ..."), and not
        # into another part of the request ("make photo 2 last 5 seconds and the title blue")
        lo = max(0, first.start - 40)
        used = r.low.rfind("   ", lo, first.start)
        lo = max(used if used >= 0 else lo, places.part_start(r.orig, first.start))
        r.take(lo, min(len(r.low), first.end + 60, places.part_end(r.orig, first.end)))
        return
    else:
        return
    r.take(first.start, first.end)


RELATIVE = (
    (
        r"\b(?:twice|two times|2x|2 times) (?:as )?(?:long|longer)\b|double (?:the|its) length|double it|"
        r"长一倍|加长一倍|两倍长",
        2.0,
    ),
    (r"\b(?:three times|3x|3 times|triple) (?:as )?(?:long|longer)?\b|三倍长|长两倍", 3.0),
    (
        r"\bhalf as long\b|half (?:the|its) length|halve (?:it|the length)|cut it in half|"
        r"缩短一半|减半|一半时长|短一半",
        0.5,
    ),
)


TOO_SLOW = (
    r"(?:it(?:'s| is)?|feels?|seems?|is|pace is|way) (?:a (?:bit|little) |kind of |way )?too slow|"
    r"drags?(?: on)?\b|dragging|"
    r"太慢了?|节奏太慢|拖沓"
)
TOO_FAST = (
    r"(?:it(?:'s| is)?|feels?|seems?|is|pace is|way) (?:a (?:bit|little) |kind of |way )?too (?:fast|quick|rushed)|"
    r"(?:photos?|pictures?|pics?|slides?|images?) (?:change|go|move|flash|fly) (?:by )?too (?:fast|quickly)|"
    r"can'?t see (?:the |each )?(?:photos?|pictures?|pics?)|太快了?|节奏太快|看不清"
)


# "for N seconds" is the video's length only after words that name the video or its running time ("make it
# for 30 seconds", "a slideshow for 30 seconds", "let it run for 30 seconds"). After anything else it is how
# long that thing lasts ("the title 'Go' for 4 seconds", "mute the music for 5 seconds", "each photo for 3
# seconds", "a fade for 2 seconds"), read by its own rule or not at all, never the video's length.
_FOR_TIME = re.compile(
    rf"{TEXT_LASTS}|"  # "make the title last 6 seconds": the title's time
    rf"\bfor (?:the )?(?:first |last )?{NUMBER} ?(?:s|secs?|seconds?|minutes?|mins?)\b|"
    rf"\b(?:the )?first {NUMBER} ?(?:s|secs?|seconds?)\b|" + ZH_SHOWN_FOR  # 标题「夏日」显示5秒: the title's time
)
_VIDEO_FOR = re.compile(
    r"(?:\b(?:make|making|made|keep|have) (?:it|this|that|the (?:whole )?(?:video|slideshow|promo|reel|montage))|"
    r"\b(?:video|slideshow|promo|reel|montage|movie|film|story)|\b(?:runs?|running|lasts?|lasting))\s*$"
)


def _lengths_only(text: str, said: str) -> str:
    """`text` (what no rule has taken yet) with every time that is not the video's length blanked out (see
    _FOR_TIME); `said` is the whole request, for the words before a time that another rule took ("slideshow")."""
    for m in reversed(list(_FOR_TIME.finditer(text))):
        if not (m[0].startswith("for") and _VIDEO_FOR.search(said[max(0, m.start() - 40) : m.start()])):
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return text


def length(r: Rest, w: Work, p: Plan) -> None:
    if r.search(TOO_SLOW):  # a complaint about the pace: the cure is the other way
        p.ops.append(ops.SetPace(factor=0.7))
    elif r.search(TOO_FAST):
        p.ops.append(ops.SetPace(factor=1.4))
    elif r.search(r"much slower|way slower|a lot slower|慢很多"):
        p.ops.append(ops.SetPace(factor=2.0))
    elif r.search(r"slower|slow (?:it )?down|more time on each|less rushed|relaxed pace|慢一点|慢一些|放慢|慢点|慢些"):
        p.ops.append(ops.SetPace(factor=1.4))
    elif r.search(r"slow[- ]?motion|慢动作"):
        p.ops.append(ops.SetClipSpeed(speed=0.5))
    elif r.search(r"much faster|way faster|快很多"):
        p.ops.append(ops.SetPace(factor=0.5))
    elif r.search(
        r"faster|speed (?:it )?up|quicker|snappier|more energetic pace|fast[- ]paced|quick[- ]paced|"
        r"快一点|快一些|加快|快点|快些|节奏快"
    ):
        p.ops.append(ops.SetPace(factor=0.7))
    if r.search(
        r"(?:fade|music)[^,.;]{0,20}?(?:in|out)[^,.;]{0,24}?\d|fade[^,.;]{0,30}?black[^,.;]{0,24}?\d", take=False
    ):
        return  # those seconds belong to a fade, read by its own rule
    total = w.total / 1000
    for pat, k in RELATIVE:
        if r.search(pat) and total:
            p.ops.append(ops.SetDuration(seconds=round(total * k, 1)))
            return
    if m := r.search(rf"\b({NUMBER}|\d+) times (?:as )?(?:long|longer)\b|\b(\d+)x (?:as )?longer\b|长(\d+)倍"):
        k = word_number(m[1] or m[2] or m[3] or "") or 1
        if total:
            p.ops.append(ops.SetDuration(seconds=min(3600.0, round(total * k, 1))))
        return
    free = _lengths_only(r.low, r.orig)
    if (secs := seconds_in(free)) is not None:
        p.ops.append(ops.SetDuration(seconds=secs))
        said = re.search(
            rf"\b{NUMBER}[- ]?(?:seconds?|secs?|s|minutes?|mins?)\b(?: long)?|"
            r"(?<![\d:])(?!(?:9:16|16:9|4:5|5:4|1:1|4:3|3:4|21:9)\b)\d+:\d\d|half a minute|a minute and a half|"
            r"[\d零一二两三四五六七八九十]+\s*[秒分]钟?|半分钟|一分半",
            free,
            re.I,
        )
        if said:
            r.take(said.start(), said.end())
    elif re.search(TEXT_LONGER, r.low):
        return  # "make the title longer": the title's time (text_rules)
    elif r.search(
        r"(?:shorter|shorten(?: it)?|trim it down|cut it down|(?:it(?:'s| is)|video is|feels|way) too long|"
        r"缩短|短一点|(?:视频|时间)?太长了?)"
    ):
        p.ops.append(ops.SetDuration(seconds=max(3.0, round(w.total / 1000 * 0.7))))
    elif r.search(
        r"(?:longer|lengthen(?: it)?|extend it|(?:it(?:'s| is)|video is|feels|way) too short|延长|长一点|"
        r"(?:视频|时间)?太短了?)"
    ):
        p.ops.append(ops.SetDuration(seconds=round(w.total / 1000 * 1.4) or 20))


_PHOTOS = r"(?:photos?|pictures?|pics?|images?|shots?|slides?)"
_PICS = rf"(?:{_PHOTOS}|ones?)"
# "keep the whole clip" asks for its length, not its framing: clips are framed only by words that
# cannot mean a trim ("show the whole clips", "don't crop the clips" with no length after it)
_CLIPS = r"(?:clips?|footage|videos? clips?)"
_NO = r"(?:don'?t|do not|stop|never|no)"
_SHOWN = rf"(?:{_PICS}|{_CLIPS})"  # what a crop is kept on: a photo or a clip
FRAMING: tuple[tuple[str, str, str], ...] = (  # (words, show, focus)
    (
        rf"(?:show|fit|see|keep|display|include|want)\s+(?:all of\s+)?(?:the\s+|my\s+|each\s+|every\s+)?"
        rf"(?:whole|entire|full|complete)\s+(?:\w+\s+)?{_PICS}(?:\s+in(?:to)?\s+(?:the\s+)?(?:frame|screen|video))?|"
        rf"(?:show|fit|see|display)\s+(?:all of\s+)?(?:the\s+|my\s+)?(?:\w+\s+)?{_PICS}\s+(?:whole|in full|uncropped)|"
        rf"(?:show|fit|display)\s+(?:all of\s+)?(?:the\s+|my\s+|each\s+|every\s+)?(?:whole|entire|full|complete)\s+"
        rf"{_CLIPS}\b(?!\s+(?:length|duration|time))|"
        rf"(?:show|fit|display)\s+(?:the\s+|my\s+)?{_CLIPS}\s+(?:whole|in full|uncropped)|"
        rf"{_NO}\s+crop(?:ping)?\s+(?:the\s+|my\s+)?{_CLIPS}\b(?!\s+(?:to|down|at|after|by)\b)|"
        # not "don't crop the clips to 3 seconds": a trim, and the branch above declined it
        rf"{_NO}\s+crop(?:ping)?(?!\s+(?:the\s+|my\s+)?(?:\w+\s+)?(?:{_CLIPS}|videos?)\b)"
        rf"(?:\s+(?:the\s+|my\s+)?(?:\w+\s+)?{_PICS})?|"
        r"without cropping|uncropped|(?:show|display)\s+(?:it|them)\s+(?:whole|in full)|"
        r"显示完整的?(?:照片|图片|画面|视频片段)?|完整(?:地)?(?:显示|展示)|(?:照片|图片|视频片段)(?:要)?(?:显示)?完整|不要裁(?:剪|切)?|别裁(?:剪|切)?",
        "whole",
        "auto",
    ),
    (
        r"keep (?:the )?(?:very )?top(?: of (?:the |my )?(?:\w+\s+)?" + _SHOWN + r")?|"
        r"(?:don'?t|do not|never|stop) (?:cut|crop|chop)(?:ping)? off (?:the |their |his |her |my |our |people'?s )?"
        r"(?:heads?|tops?)|(?:heads?|tops?) (?:are |is |get |got |being )?(?:cut|cropped|chopped) off|"
        r"crop (?:from|at) the bottom|anchor(?:ed)? (?:at|to) the top|"
        r"保留(?:照片|图片)?的?顶部|保留上面|保留上半部分?|不要(?:切|裁)(?:掉|到)?头|别(?:切|裁)(?:掉|到)?头|头(?:被|都)?(?:裁|切)掉了?",
        "crop",
        "top",
    ),
    (
        r"keep (?:the )?(?:very )?bottom(?: of (?:the |my )?(?:\w+\s+)?" + _SHOWN + r")?|crop (?:from|at) the top|"
        r"保留(?:照片|图片)?的?底部|保留下面|保留下半部分?",
        "crop",
        "bottom",
    ),
    (
        r"(?:fill|cover) the (?:whole |entire )?(?:frame|screen)|crop (?:it |them |the \w+ )?to fill|"
        r"no (?:black|blurr?(?:ed|y)) (?:bars|borders|edges|background)|铺满(?:画面|屏幕)?|填满(?:画面|屏幕)",
        "crop",
        "auto",
    ),
)


def framing(r: Rest, w: Work, p: Plan) -> None:
    """ "show the whole photo", "keep the top of the second photo", "don't cut off heads", 显示完整照片,
    保留顶部: how photos fill the frame, for the photo named near the words, or all."""
    if not w.video:
        return
    for words, show, focus in FRAMING:
        m = r.search(words, take=False)
        if not m:
            continue
        near = [f for f in refs.find(r.low, w.video) if f.end >= m.start() - 40 and f.start <= m.end() + 40]
        item = None
        if near:
            f = min(near, key=lambda f: min(abs(f.start - m.end()), abs(m.start() - f.end)))
            if f.pos == 0:
                p.problem = f.missing(w.video)
                return
            item = f.pos
            r.take(f.start, f.end)
        r.take(m.start(), m.end())
        # the kind named in the words or just after them ("the whole photos and clips": both)
        said = r.orig[m.start() : m.end() + 24]
        clips = bool(re.search(rf"\b{_CLIPS}\b|视频片段", said))
        photos = bool(re.search(rf"\b{_PHOTOS}\b|照片|图片", said))
        kind: Literal["all", "image", "video"] = (
            "video" if clips and not photos else "image" if photos and not clips else "all"
        )
        p.ops.append(ops.SetFraming(show=show, focus=focus, item=item, kind=kind))
        return
