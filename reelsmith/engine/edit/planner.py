"""The offline planner: a request in English or Chinese to edit operations, with no model.

Rules look for what a request asks (a length, a shape, text in quotes, a mood,
an item by position or name) and emit operations; each rule removes the words it
used, so "make the second photo 5 seconds" does not also set the whole length.
A request that no rule understands gets a plain answer with examples, never a
silent guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reelsmith.engine.edit import ops, refs
from reelsmith.engine.edit.words import NUMBER, percent_in, seconds_in, word_number
from reelsmith.engine.edit.work import AUDIO, TEXT, Work, stem
from reelsmith.engine.media.music import ALIASES, MOODS

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
ZH_MOODS = {
    "欢快": "upbeat",
    "活泼": "upbeat",
    "动感": "upbeat",
    "轻松": "calm",
    "舒缓": "calm",
    "安静": "calm",
    "电影": "cinematic",
    "史诗": "cinematic",
    "大气": "cinematic",
    "商务": "corporate",
    "企业": "corporate",
    "低保真": "lofi",
    "慵懒": "lofi",
}
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


class _Rest:
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
    r = _Rest(text)
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
    _transitions(r, w, p, build)
    _motion(r, p)
    _text(r, w, p, quotes, build)
    _music(r, w, p, build)
    _filters(r, p)
    _logo(r, p)
    if p.unsupported:  # "a voice-over reading the captions" asks for no captions: keep only explicit edits
        p.ops = [op for op in p.ops if op.args() or isinstance(op, ops.Build)]
    return p


def _items(r: _Rest, w: Work, p: Plan) -> None:
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
        p.ops.append(ops.ClipSpeed(speed=0.5, item=first.pos))
    elif m := re.search(r"(\d+(?:\.\d+)?)\s*x\b|(\d+)倍速?", low):
        p.ops.append(ops.ClipSpeed(speed=float(m[1] or m[2]), item=first.pos))
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
            cur = w.item(first.pos)["d"] if w.video and -n <= first.pos <= n and first.pos else 3000
            secs = cur / 1000 * (1.6 if re.search(r"longer|更久|久一点", after + before) else 0.6)
        p.ops.append(ops.Hold(item=first.pos, seconds=round(secs, 2)))
        r.take(first.start, min(len(r.low), first.end + 60))
        return
    else:
        return
    r.take(first.start, first.end)


def _length(r: _Rest, w: Work, p: Plan) -> None:
    if r.search(r"much slower|way slower|a lot slower|慢很多"):
        p.ops.append(ops.Pace(factor=2.0))
    elif r.search(r"slower|slow (?:it )?down|more time on each|less rushed|relaxed pace|慢一点|慢一些|放慢|慢点|慢些"):
        p.ops.append(ops.Pace(factor=1.4))
    elif r.search(r"slow[- ]?motion|慢动作"):
        p.ops.append(ops.ClipSpeed(speed=0.5))
    elif r.search(r"much faster|way faster|快很多"):
        p.ops.append(ops.Pace(factor=0.5))
    elif r.search(r"faster|speed (?:it )?up|quicker|snappier|more energetic pace|快一点|快一些|加快|快点|快些"):
        p.ops.append(ops.Pace(factor=0.7))
    if r.search(r"transitions?[^,.;]{0,20}?\d|(?:fade|music)[^,.;]{0,20}?(?:in|out)[^,.;]{0,24}?\d", take=False):
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


def _canvas(r: _Rest, p: Plan) -> None:
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
        p.ops.append(ops.Canvas(aspect=aspect, platform=platform, height=height))


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


def _transitions(r: _Rest, w: Work, p: Plan, build: bool) -> None:
    secs = None
    if m := r.search(rf"transitions?[^,.;]{{0,20}}?({NUMBER}) ?(?:s|sec|seconds?)\b|转场\s*(\d+(?:\.\d+)?)\s*秒"):
        secs = word_number(m[1] or m[2])
    if r.search(
        r"no transitions?|without transitions?|hard cuts?|just cut|remove (?:the )?transitions|"
        r"不要转场|去掉转场|无转场|直接切"
    ):
        p.ops.append(ops.Transitions(style="none"))
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
    has = any(s.get("tr") for s in w.video)
    if style is None and r.search(r"(?:with|add|and) transitions?|transitions|转场"):
        style = None if (has or build) else "fade"
        if style is None and secs is None:
            return
    if style or secs:
        if style is None:
            first = next((s["tr"]["name"] for s in w.video if s.get("tr")), "fade")
            style = first if not any(s.get("tr") and s["tr"]["name"] != first for s in w.video) else "mix"
        p.ops.append(ops.Transitions(style=style, seconds=min(3.0, secs or 0.7)))


def _motion(r: _Rest, p: Plan) -> None:
    if r.search(
        r"no (?:ken burns|motion|zoom(?:ing)?|movement|pan(?:ning)?)|static|still (?:photos|images)|"
        r"stop (?:the )?(?:zoom|motion)|不要动|去掉动态|静止"
    ):
        p.ops.append(ops.SetMotion(on=False))
    elif m := r.search(r"ken burns|zoom (in|out)|pan (left|right|up|down)|slow zoom|动态效果|缩放"):
        d = f"zoom_{m[1]}" if m[1] else f"pan_{m[2]}" if m[2] else None
        p.ops.append(ops.SetMotion(on=True, direction=d))


ROLE_WORDS = [
    ("cta", r"call to action|\bcta\b|ends? with|ending text|closing text|button|结尾|号召"),
    ("lower_third", r"lower third|name tag|下方字幕"),
    ("caption", r"caption|subtitle|字幕"),
    ("title", r"title|heading|headline|标题|题目"),
]


def _text(r: _Rest, w: Work, p: Plan, quotes: list[tuple[int, int, str]], build: bool) -> None:
    texts = {str(x.get("role")): x for x in w.segs(TEXT)}
    if r.search(r"(?:remove|delete|drop|no|without|get rid of) (?:the )?(?:title|heading)|去掉标题|删除标题|不要标题"):
        p.ops.append(ops.Remove(target="title"))
    if r.search(r"(?:remove|delete|drop|no|without) (?:the )?(?:captions|subtitles|text overlays)|去掉字幕|删除字幕"):
        p.ops.append(ops.Remove(target="captions"))
    if r.search(r"(?:remove|delete|drop|no|without) (?:all )?(?:the )?text\b|去掉文字|删除文字|不要文字"):
        p.ops.append(ops.Remove(target="text"))
    pending_title = None
    unquoted = r.search(
        r"\b(?:title|heading|headline)\s*(?:says|to say|should say|reads|to read|to|is|:|=)\s+"
        r"(?!(?:the )?(?:top|bottom|middle|cent(?:er|re)|left|right)\b)"
        r"([a-z0-9][^,.;!?\"“]{1,60}?)\s*(?=$|[,.;!?]|\s+and\s|\s+with\s)",
        take=False,
    )
    if unquoted and not quotes:
        start, end = unquoted.span(1)
        quotes = [(start, end, r.text[start:end].strip())]
        r.take(unquoted.start(), unquoted.end())
    captions: list[str] = []
    for s, _e, q in quotes:
        ctx = r.low[max(0, s - 40) : s]
        role = next((role for role, pat in ROLE_WORDS if re.search(pat, ctx)), None)
        if role is None:
            role = "title" if pending_title is None and "title" not in texts else "caption"
        pos = _position(r.low[s : s + 60] + " " + ctx[-20:])
        if role == "caption":
            captions.append(q)
        elif role == "title" and pending_title is None:
            pending_title = q
            p.ops.append(ops.Text(text=q, role="title", pos=pos))
        else:
            p.ops.append(ops.Text(text=q, role=role, pos=pos, at="end" if role == "cta" else None))
    item_refs = refs.find(r.low, w.video)
    if captions:
        if len(captions) == 1 and item_refs:
            p.ops.append(ops.Text(text=captions[0], role="caption", item=item_refs[0].pos))
        else:
            p.ops.append(ops.Captions(texts=captions))
    elif r.search(r"text overlays?|captions?|subtitles?|labels?|文字|字幕") and (build or "caption" not in texts):
        p.ops.append(ops.Captions())
    m = r.search(r"(title|caption|cta|text)[^,.;]{0,30}", take=False)
    if not quotes and m and (pos := _position(r.low)):
        role = {"text": "title"}.get(m[1], m[1])
        if role in texts and role != "caption":
            p.ops.append(ops.Text(text=str(texts[role]["text"]), role=role, pos=pos))  # type: ignore[arg-type]
            r.take(m.start(), m.end())
    _text_timing(r, p, texts)


def _text_timing(r: _Rest, p: Plan, texts: dict[str, dict]) -> None:
    """ "the title for the first 5 seconds", "keep the title on the whole time", "title at the end"."""
    secs = at = None
    if m := r.search(
        rf"(?:title|text)[^,.;]{{0,30}}?(?:for|during) (?:the )?(?:first )?({NUMBER}) ?"
        r"(?:s|secs?|seconds?)\b"
    ):
        secs = word_number(m[1])
    elif r.search(r"(?:title|text)[^,.;]{0,30}?(?:the whole (?:time|video)|throughout|all the way)|标题一直显示"):
        at = "whole"
    elif r.search(r"(?:title|text)[^,.;]{0,20}?at the end|标题放到最后|标题放在结尾"):
        at = "end"
    if secs is None and at is None:
        return
    op = next((o for o in p.ops if isinstance(o, ops.Text) and o.role == "title"), None)
    if op is None and "title" in texts:
        op = ops.Text(text=str(texts["title"]["text"]), role="title")
        p.ops.append(op)
    if op is not None:
        op.seconds, op.at = secs, at  # type: ignore[assignment]


def _position(s: str) -> str | None:
    for pat, pos in (
        (r"top left", "top_left"),
        (r"top right", "top_right"),
        (r"bottom left", "bottom_left"),
        (r"bottom right", "bottom_right"),
        (r"lower third", "lower_third"),
        (r"\b(?:at|to|on) the top\b|顶部|上方", "top"),
        (r"\b(?:at|to|on) the bottom\b|底部|下方", "bottom"),
        (r"\b(?:in the )?(?:middle|cent(?:er|re))\b|中间|居中", "center"),
    ):
        if re.search(pat, s):
            return pos
    return None


def _music(r: _Rest, w: Work, p: Plan, build: bool) -> None:
    has = bool(w.segs(AUDIO))
    if r.search(
        r"no music|without music|"
        r"(?:remove|delete|drop|kill|mute|lose|turn off) (?:the )?(?:music|song|soundtrack|bgm)|"
        r"去掉音乐|不要音乐|删除音乐|关掉音乐|去掉背景音乐|不要配乐"
    ):
        if not build:
            p.ops.append(ops.Remove(target="music"))
        return
    mood = None
    for word in sorted(list(MOODS) + list(ALIASES), key=len, reverse=True):
        if r.search(rf"\b{re.escape(word)}\b(?! ?(?:look|filter|colou?rs?|tones?))"):
            mood = ALIASES.get(word, word)
            break
    for word, m_name in ZH_MOODS.items():
        if mood is None and r.search(word):
            mood = m_name
    track = None
    if m := r.search(r"use (?:my|the)(?: uploaded)? (?:song|track|music|audio)(?: ([\w-]+))?|用我的音乐|用上传的音乐"):
        songs = [u for u in w.ctx.uploads if u.file_type == "audio"]
        named = m[1] if m[1] and m[1] != "instead" else None
        track = named or (stem(songs[0].path) if songs else "song")
    volume = None
    if r.search(r"music|song|bgm|音乐|音量|配乐", take=False):
        if (pct := percent_in(r.low)) is not None:
            volume = pct * 100
            r.search(r"\d+(?:\.\d+)?\s*(?:%|percent)|百分之[\d零一二两三四五六七八九十百]+|half (?:the )?volume")
        elif r.search(r"(?:quieter|softer|lower|down|less loud)|小一点|小声|调低|降低"):
            cur = (w.segs(AUDIO) or [{}])[0].get("vol", 0.6)
            volume = round(float(cur) * 60)
        elif r.search(r"(?:louder|up|more music|higher)|大一点|大声|调高|提高"):
            cur = (w.segs(AUDIO) or [{}])[0].get("vol", 0.6)
            volume = min(150, round(float(cur) * 150))
    fade_in = fade_out = None
    if m := r.search(rf"fade (?:the music )?in[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b"):
        fade_in = word_number(m[1])
    if m := r.search(
        rf"fade (?:the music )?out[^,.;]{{0,24}}?({NUMBER}) ?(?:s|sec|seconds?)\b|"
        rf"music[^,.;]{{0,20}}fade out[^,.;]{{0,12}}?({NUMBER}) ?(?:s|sec|seconds?)\b"
    ):
        fade_out = word_number(m[1] or m[2])
    elif r.search(r"fade (?:the music )?out|music fades? out|音乐淡出"):
        fade_out = 3.0
    wants = r.search(
        r"(?:with|add|some|and|put|background) (?:some )?(?:music|song|soundtrack)|"
        r"配乐|加音乐|背景音乐|音乐"
    )
    asked = mood or track or volume is not None or fade_in is not None or fade_out is not None
    if asked or (wants and not has and not build):
        p.ops.append(ops.Music(mood=mood, track=track, volume=volume, fade_in=fade_in, fade_out=fade_out))


def _filters(r: _Rest, p: Plan) -> None:
    looks = (
        (r"black (?:and|&) white|\bb ?& ?w\b|monochrome|grayscale|greyscale|黑白", "bw"),
        (r"\bwarm(?:er)?\b|暖色|暖调|温暖", "warm"),
        (r"\bcool(?:er)? (?:look|tones?|colou?rs?|filter)|\bcold(?:er)?\b|冷色|冷调", "cool"),
        (r"vivid|saturated|punchy|vibrant|pop(?:ping)? colou?rs|鲜艳|饱和", "vivid"),
        (r"no filter|original colou?rs|remove (?:the )?(?:filter|colou?r)|in colou?r|去掉滤镜|原色", "none"),
    )
    for pat, look in looks:
        if r.search(pat):
            p.ops.append(ops.Filter(look=look))
            return


def _logo(r: _Rest, p: Plan) -> None:
    if r.search(r"(?:remove|delete|drop|no|hide) (?:the )?logo|去掉(?:logo|标志)|不要(?:logo|标志)"):
        p.ops.append(ops.Remove(target="logo"))
        return
    if not r.search(r"logo|标志|商标", take=False):
        return
    if r.search(r"end card|outro|at the end|closing|片尾|结尾"):
        p.ops.append(ops.Logo(placement="end"))
    elif r.search(r"intro|opening|at the start|beginning|片头|开头"):
        p.ops.append(ops.Logo(placement="intro"))
    elif (pos := _position(r.low)) and pos in ("top_left", "top_right", "bottom_left", "bottom_right", "center"):
        p.ops.append(ops.Logo(placement=pos))
    elif r.search(r"(?:add|put|with|show|include) (?:the |my |our )?logo|加上?(?:logo|标志)"):
        p.ops.append(ops.Logo(placement="top_right"))
