"""The offline planner: a request in English or Chinese to edit operations, with no model.

Rules look for what a request asks (a length, a shape, text in quotes, a mood,
an item by position or name) and emit operations; each rule removes the words it
used, so "make the second photo 5 seconds" does not also set the whole length.
A request that no rule understands gets a plain answer with examples, never a
silent guess. The rules about the pictures are here; those for text, music,
colour and the logo are in `layer_rules`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reelsmith.engine.edit import layer_rules, ops, refs
from reelsmith.engine.edit.words import NUMBER, seconds_in, word_number
from reelsmith.engine.edit.work import Work

UNDO = re.compile(r"^\s*(undo|go back|revert|undo that|undo the last (?:change|edit))\b|撤销|撤回|返回上一步", re.I)
BUILD = re.compile(
    r"start over|from scratch|\bnew (?:video|slideshow|promo)\b|\bturn (?:these|my|the|all|them)\b|"
    r"\b(?:make|create|build) (?:a|an|me a)\b.*\b(?:video|slideshow|promo|montage|reel|movie|mp4)\b|"
    r"重新做|重新生成|把(?:这些|我的|所有)|"
    r"(?:做成|做一个|生成一个|制作)[^，,。]*?(?:视频|幻灯片|短片|宣传片)",
    re.I,
)
PROMO = re.compile(r"promo|advert|\bads?\b|commercial|marketing|product|sale|宣传|广告|促销|产品", re.I)
MONTAGE = re.compile(r"montage|highlight|recap|混剪|集锦", re.I)
UNSUPPORTED = [
    (r"voice[- ]?over|narrat|配音|旁白", "voice-over or narration", "配音或旁白"),
    (r"\b3d\b|三维", "3D effects", "3D 效果"),
    (r"green ?screen|chroma|remove (?:the )?background|抠图|去背景", "background removal", "抠图去背景"),
    (r"\bface\b|beauty|美颜|换脸", "face or beauty effects", "美颜或换脸"),
    (r"upscale|\b4k\b|\b8k\b|超清", "upscaling beyond 1080p", "超过 1080p 的分辨率"),
    (
        r"generate (?:an? )?(?:image|picture|clip)|ai[- ]generated|文生图|生成图片",
        "generating new images or clips",
        "生成新的图片或视频",
    ),
    (r"sticker|emoji|\bgif\b|贴纸|表情", "stickers and GIFs", "贴纸和动图"),
    (r"transcri|subtitles? from|auto[- ]?subtitles?|语音识别|自动字幕", "subtitles from speech", "语音自动字幕"),
]
EXAMPLES = (
    '"make it 20 seconds"',
    '"vertical for Reels"',
    '"slower"',
    "\"title says 'Summer Sale'\"",
    '"remove the second photo"',
    '"calm music at 40%"',
    '"black and white"',
    '"no transitions"',
    '"logo at the end"',
    '"undo"',
)
QUOTE = re.compile(r"[\"“「『]([^\"”」』]{1,120})[\"”」』]|(?<![a-z])'([^']{2,120})'(?![a-z])", re.I)


ITEM_VERBS = (
    r"remove|delete|drop|take out|get rid|cut|move|put|place|swap|switch|slow|speed|\dx\b|mute|trim|"
    r"use only|longer|shorter|show|hold|caption|\d\s*(?:s|sec|seconds)\b|"
    r"删|去掉|拿掉|移|交换|对调|慢动作|倍|静音|截取|显示|秒"
)


@dataclass
class Plan:
    ops: list[ops.Op] = field(default_factory=list)
    undo: bool = False
    unsupported: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese) names
    problem: str | None = None  # the request names something that is not there

    @property
    def empty(self) -> bool:
        return not self.ops and not self.undo and not self.problem


class Rest:
    """The request with the words already used blanked out."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()

    def take(self, start: int, end: int) -> None:
        pad = " " * (end - start)
        self.text = self.text[:start] + pad + self.text[end:]
        self.low = self.low[:start] + pad + self.low[end:]

    def search(self, pattern: str, take: bool = True) -> re.Match[str] | None:
        m = re.search(pattern, self.low, re.I)
        if m and take:
            self.take(m.start(), m.end())
        return m


def cannot(text: str, w: Work, notes: list[tuple[str, str]] | None = None) -> str:
    """What to say when nothing in the request could be done."""
    say = w.ctx.say
    if notes:
        return say(
            f"I can't do {', '.join(n[0] for n in notes)} here. I can change length, shape, order, text, music, "
            f"transitions, motion, colour and the logo: for example {', '.join(EXAMPLES[:5])}.",
            f"这里不支持{'、'.join(n[1] for n in notes)}。"
            "可以修改时长、画幅、顺序、文字、音乐、转场、动态效果、滤镜和标志，"
            "例如“改成20秒”“竖屏”“慢一点”“标题改成「夏季促销」”。",
        )
    return say(
        f'I didn\'t understand "{text.strip()[:80]}", so nothing changed. Try one of: {", ".join(EXAMPLES)}.',
        f"没有理解“{text.strip()[:40]}”，所以没有修改。可以试试：“改成20秒”“竖屏”“慢一点”“标题改成「夏季促销」”"
        "“删除第二张照片”“音乐音量50%”“黑白”“不要转场”“撤销”。",
    )


def plan(text: str, w: Work) -> Plan:
    p = Plan()
    if UNDO.search(text):
        p.undo = True
        return p
    r = Rest(text)
    p.unsupported = [(en, zh) for pat, en, zh in UNSUPPORTED if re.search(pat, r.low, re.I)]
    quotes = [(m.start(), m.end(), m[1] or m[2]) for m in QUOTE.finditer(text)]
    for s, e, _ in quotes:
        r.take(s, e)  # quoted words are content, never instructions
    build = w.empty or bool(BUILD.search(r.low))
    if build:
        music = not re.search(r"no music|without music|不要音乐|无音乐|不要配乐", r.low)
        style = "promo" if PROMO.search(r.low) else "montage" if MONTAGE.search(r.low) else "slideshow"
        p.ops.append(ops.Build(style=style, music=music))
    _items(r, w, p)
    _length(r, w, p)
    _canvas(r, p)
    _fades(r, p)  # first: they name black, the start or the end (and "no fades" is not a transition)
    _transitions(r, w, p, build)
    _motion(r, p)
    layer_rules.text(r, w, p, quotes, build)
    layer_rules.music(r, w, p, build)
    layer_rules.filters(r, p)
    layer_rules.logo(r, p)
    if p.unsupported:  # "a voice-over reading the captions" asks for no captions: keep only explicit edits
        p.ops = [op for op in p.ops if op.args() or isinstance(op, ops.Build)]
    return p


def _items(r: Rest, w: Work, p: Plan) -> None:
    """Edits that name one item: remove, move, swap, hold, trim, speed, mute, and reverse."""
    if r.search(r"reverse (?:the )?order|backwards order|倒序|顺序反过来|反过来"):
        p.ops.append(ops.Reorder(order=list(range(len(w.video), 0, -1))))
    found = refs.find(r.low, w.video)
    if not found:
        return
    n = len(w.video)
    low = r.low
    first = found[0]
    if any(f.pos == 0 for f in found) and re.search(ITEM_VERBS, low):
        p.problem = next(f for f in found if f.pos == 0).missing(w.video)
        return
    before, after = low[max(0, first.start - 40) : first.start], low[first.end : first.end + 60]
    if re.search(r"swap|switch|交换|对调", low) and len(found) >= 2:
        a, b = found[0].pos, found[1].pos
        order = list(range(1, n + 1))
        ia, ib = (a - 1 if a > 0 else n + a), (b - 1 if b > 0 else n + b)
        if 0 <= ia < n and 0 <= ib < n:
            order[ia], order[ib] = order[ib], order[ia]
        p.ops.append(ops.Reorder(order=order))
    elif re.search(r"remove|delete|drop|take out|get rid of|cut out|删除|删掉|去掉|拿掉", before + after[:8]):
        p.ops.append(ops.Remove(target="item", item=first.pos))
    elif re.search(r"move|put|place|把|将", before) and (
        m := re.search(
            r"^\s*(?:to )?(?:the )?(?:very )?(first|last|end|start|beginning|front)\b|^\s*at the (end|start|beginning)|"
            r"^\s*(?:to )?position (\d+)|^\s*移到最?(前面|后面|开头|结尾|最后)",
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
    elif re.search(r"slow[- ]?motion|慢动作", low):
        r.search(r"slow[- ]?motion|慢动作")
        p.ops.append(ops.SetClipSpeed(speed=0.5, item=first.pos))
    elif m := re.search(r"(\d+(?:\.\d+)?)\s*x\b|(\d+)倍速?", low):
        p.ops.append(ops.SetClipSpeed(speed=float(m[1] or m[2]), item=first.pos))
        r.take(m.start(), m.end())
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
    elif m := re.search(r"first (\d+(?:\.\d+)?|" + NUMBER + r") ?(?:s|sec|seconds)\b", after):
        p.ops.append(ops.Trim(item=first.pos, start=0, end=word_number(m[1]) or 1))
    elif (secs := seconds_in(after)) is not None or re.search(r"longer|shorter|更久|久一点|短一点", after + before):
        if secs is None:
            cur = w.item(first.pos).d if w.video and -n <= first.pos <= n and first.pos else 3000
            secs = cur / 1000 * (1.6 if re.search(r"longer|更久|久一点", after + before) else 0.6)
        p.ops.append(ops.SetItemDuration(item=first.pos, seconds=round(secs, 2)))
        r.take(first.start, min(len(r.low), first.end + 60))
        return
    else:
        return
    r.take(first.start, first.end)


def _length(r: Rest, w: Work, p: Plan) -> None:
    if r.search(r"much slower|way slower|a lot slower|慢很多"):
        p.ops.append(ops.SetPace(factor=2.0))
    elif r.search(r"slower|slow (?:it )?down|more time on each|less rushed|relaxed pace|慢一点|慢一些|放慢|慢点|慢些"):
        p.ops.append(ops.SetPace(factor=1.4))
    elif r.search(r"slow[- ]?motion|慢动作"):
        p.ops.append(ops.SetClipSpeed(speed=0.5))
    elif r.search(r"much faster|way faster|快很多"):
        p.ops.append(ops.SetPace(factor=0.5))
    elif r.search(r"faster|speed (?:it )?up|quicker|snappier|more energetic pace|快一点|快一些|加快|快点|快些"):
        p.ops.append(ops.SetPace(factor=0.7))
    if r.search(
        r"transitions?[^,.;]{0,20}?\d|(?:fade|music)[^,.;]{0,20}?(?:in|out)[^,.;]{0,24}?\d|fade[^,.;]{0,30}?black[^,.;]{0,24}?\d",
        take=False,
    ):
        return  # those seconds belong to a transition or a fade, read by their own rules
    if (secs := seconds_in(r.low)) is not None and not r.search(r"first \d+ ?s|for \d+ ?s", take=False):
        p.ops.append(ops.SetDuration(seconds=secs))
        r.search(
            rf"\b{NUMBER}[- ]?(?:seconds?|secs?|s|minutes?|mins?)\b|\d+:\d\d|half a minute|"
            r"[\d零一二两三四五六七八九十]+\s*[秒分]钟?|半分钟|一分半"
        )
    elif r.search(r"(?:shorter|trim it down|cut it down|缩短)"):
        p.ops.append(ops.SetDuration(seconds=max(3.0, round(w.total / 1000 * 0.7))))
    elif r.search(r"(?:longer|extend it|延长|长一点)"):
        p.ops.append(ops.SetDuration(seconds=round(w.total / 1000 * 1.4) or 20))


def _canvas(r: Rest, p: Plan) -> None:
    aspect = platform = height = None
    if m := r.search(r"instagram (?:portrait|feed portrait)|\b4:5\b|4比5"):
        platform = "instagram_portrait" if "instagram" in m[0] else None
        aspect = "4:5"
    elif m := r.search(r"\b(reels?|tiktok|shorts|stories)\b|抖音|快手|视频号"):
        platform = {
            "reel": "reels",
            "reels": "reels",
            "tiktok": "tiktok",
            "shorts": "shorts",
            "stories": "stories",
        }.get(m[1] or "", "tiktok")
    elif r.search(r"vertical|portrait|\b9:16\b|竖屏|竖版|竖的"):
        aspect = "9:16"
    elif m := r.search(r"square|\b1:1\b|instagram|方形|正方形"):
        aspect, platform = "1:1", ("instagram" if "instagram" in m[0] else None)
    elif m := r.search(r"landscape|horizontal|widescreen|\b16:9\b|youtube|横屏|横版"):
        aspect, platform = "16:9", ("youtube" if "youtube" in m[0] else None)
    if m := r.search(r"\b(1080|720|480)p?\b(?! ?(?:s|secs?|seconds?)\b)"):
        height = int(m[1])
    elif r.search(r"\b(?:full hd|hd)\b|高清"):
        height = 1080
    if aspect or platform or height:
        p.ops.append(ops.SetCanvas(aspect=aspect, platform=platform, height=height))


TRANSITION_WORDS = {
    "crossfade": "fade",
    "fade to black": "fadeblack",
    "fade to white": "fadewhite",
    "dissolve": "dissolve",
    "fade": "fade",
    "wipe": "wipeleft",
    "slide": "slideleft",
    "circle": "circleopen",
    "radial": "radial",
    "zoom": "zoomin",
    "pixel": "pixelize",
    "淡入淡出": "fade",
    "溶解": "dissolve",
    "擦除": "wipeleft",
    "滑动": "slideleft",
    "圆形": "circleopen",
}


def _transitions(r: Rest, w: Work, p: Plan, build: bool) -> None:
    secs = None
    if m := r.search(rf"transitions?[^,.;]{{0,20}}?({NUMBER}) ?(?:s|sec|seconds?)\b|转场\s*(\d+(?:\.\d+)?)\s*秒"):
        secs = word_number(m[1] or m[2])
    if r.search(
        r"no transitions?|without transitions?|hard cuts?|just cut|remove (?:the )?transitions|"
        r"不要转场|去掉转场|无转场|直接切"
    ):
        p.ops.append(ops.SetTransitions(style="none"))
        return
    style = None
    if r.search(
        r"(?:random|mix(?:ed)?|different|varied|variety|fancy|various)[^,.;]{0,12}transitions?|"
        r"transitions?[^,.;]{0,8}(?:mix|variety)|各种转场|多种转场|随机转场"
    ):
        style = "mix"
    else:
        for word, name in TRANSITION_WORDS.items():
            pat = rf"{word}s?(?: transitions?)?" if word.isascii() else word
            near = rf"\b{word}s?\b[^,.;]{{0,14}}transitions?|transitions?[^,.;]{{0,10}}\b{word}"
            if word.isascii() and not re.search(near, r.low):
                if not (word in ("crossfade", "dissolve", "wipe") and re.search(rf"\b{word}", r.low)):
                    continue
            if r.search(pat):
                style = name
                break
    has = any(s.tr for s in w.video)
    if style is None and r.search(r"(?:with|add|and) transitions?|transitions|转场"):
        style = None if (has or build) else "fade"
        if style is None and secs is None:
            return
    if style or secs:
        if style is None:
            names = [s.tr.name for s in w.video if s.tr]
            style = "mix" if len(set(names)) > 1 else names[0] if names else "fade"
        p.ops.append(ops.SetTransitions(style=style, seconds=min(3.0, secs or 0.7)))


def _fades(r: Rest, p: Plan) -> None:
    """The video's fades from and to black, and fading between photos through black."""
    through = r"(?:fade|dip)s?[^,.;]{0,24}(?:through|via) black|between[^,.;]{0,24}(?:through|via) black"
    if r.search(through + r"|黑场过渡|黑场转场"):
        p.ops.append(ops.SetTransitions(style="fadeblack"))
        return
    secs = None
    if m := r.search(rf"fade[^,.;]{{0,30}}?black[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b", take=False):
        secs = word_number(m[1])
    start = end = None
    if r.search(r"no fade[- ]?in|without (?:a )?fade[- ]?in|no fade at the (?:start|beginning)|不要开头淡入"):
        start = False
    if r.search(r"no fade[- ]?out|without (?:a )?fade[- ]?out|no fade at the end|不要结尾淡出"):
        end = False
    if (
        start is None
        and end is None
        and r.search(r"no fades?|without (?:a |any )?fades?|remove (?:the )?fades?|不要淡入淡出|去掉淡入淡出")
    ):
        start = end = False
    if r.search(
        r"fade (?:in )?from black|fade[- ]?in at the (?:start|beginning)|start with a fade|开头淡入|从黑场淡入"
    ):
        start = True
    if r.search(
        r"fade (?:out )?(?:in)?to black|fade[- ]?out at the end|end (?:with|on) a fade|fade out the (?:video|end)|"
        r"结尾淡出|淡出到黑场"
    ):
        end = True
    if start is not None or end is not None:
        p.ops.append(ops.SetFades(start=start, end=end, seconds=secs if (start or end) else None))


def _motion(r: Rest, p: Plan) -> None:
    if r.search(
        r"no (?:ken burns|motion|zoom(?:ing)?|movement|pan(?:ning)?)|static|still (?:photos|images)|"
        r"stop (?:the )?(?:zoom|motion)|不要动|去掉动态|静止"
    ):
        p.ops.append(ops.SetMotion(on=False))
    elif m := r.search(r"ken burns|zoom (in|out)|pan (left|right|up|down)|slow zoom|动态效果|缩放"):
        d = f"zoom_{m[1]}" if m[1] else f"pan_{m[2]}" if m[2] else None
        p.ops.append(ops.SetMotion(on=True, direction=d))
