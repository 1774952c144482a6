"""The offline planner: a request in English or Chinese to edit operations, with no model.

Rules look for what a request asks (a length, a shape, text in quotes, a mood,
an item by position or name) and emit operations; each rule removes the words it
used, so "make the second photo 5 seconds" does not also set the whole length.
The request is read in parts (clauses): a part that no rule used is named in the
reply as not done, never dropped silently; a part with two readings is asked
about, and then nothing changes. The rules live by subject: `item_rules` (items,
lengths), `look_rules` (shape, transitions, fades, motion, styles), `text_rules`
(words on screen) and `layer_rules` (music, colour, logo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reelsmith.engine.edit import (
    item_rules,
    layer_rules,
    look_rules,
    ops,
    sync_rules,
    text_looks,
    text_rules,
    text_words,
)
from reelsmith.engine.edit.words import NUMBER, ZH_SHOWN_FOR
from reelsmith.engine.edit.work import Work

UNDO = re.compile(r"^\s*(undo|go back|revert|undo that|undo the last (?:change|edit))\b|撤销|撤回|返回上一步", re.I)
BUILD = re.compile(
    r"start over|from scratch|\bnew (?:video|slideshow|promo)\b|"
    r"\bturn (?:these|my|the|all|them)\b(?!\s+(?:music|song|volume|sound|audio|bgm|text|titles?|logo|captions?|"
    r"transitions?|motion|zoom|filter|colou?rs?)\b)(?:[^,.;]{0,40}?\binto\b)?|"
    # ("make a title 'Sale' for my video" adds a title to the video there)
    r"\b(?:make|create|build|give|produce) (?:a|an|me a|me an|us a)\b"
    r"(?! (?:new )?(?:title|subtitle|caption|text|call to action|logo|transition|fade|filter)s?\b)[^,.;]*?"
    r"(?<!\bmy )(?<!\bthe )(?<!\bthis )(?<!\bour )\b(?:video|slideshow|promo|montage|reel|"
    r"movie|mp4|recap|ad|advert|commercial|tiktok)s?\b|^\s*(?:a|an)\b[^,.;]{0,30}?\b(?:video|slideshow|promo|montage)\b|"
    r"重新做|重新生成|把(?:这些|我的|所有)[^，,。]*?(?:做成|生成|变成|制作成?)|"
    r"(?:做成|做一个|做个|生成一个|制作)[^，,。]*?(?:视频(?!号)|幻灯片|短片|宣传片|影集)",
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
    (
        r"transcri|(?:subtitles?|captions?) from|auto[- ]?(?:subtitles?|captions?|generated captions?)|"
        r"语音识别|自动字幕|"
        r"自动生成字幕",
        "subtitles from speech",
        "语音自动字幕",
    ),
    (
        r"trending (?:music|sounds?|songs?|audio)|spotify|apple music|tiktok (?:sounds?|songs?|music)|"
        r"(?:a |the )?(?:famous|popular|copyrighted|licensed) songs?|热门(?:音乐|歌曲|bgm)|抖音热歌|流行歌曲",
        "trending or licensed songs from other apps (upload the song, or pick a mood)",
        "热门或版权歌曲（可以上传歌曲，或选择音乐风格）",
    ),
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
# where a request splits into parts: punctuation, and words that join instructions
CLAUSE = re.compile(r"[,;.!?\n，。；！？、]|\b(?:and then|and|then|also|plus|but)\b|然后|并且|还有|另外|同时|再把")
FILLER = re.compile(
    r"\b(?:please|pls|thanks|thank you|can you|could you|would you|will you|i want|i'd like|i would like|just|"
    r"ok|okay|hi|hello|hey|it|that|this|the|a|an|me|for me|do|make|now|too|as well|nice|great|cool|"
    r"good|looks?|video|one|some|more|bit|little|again)\b|请|帮我|帮忙|谢谢|一下|吧|好的?|麻烦|把|给|视频|它|这个",
    re.I,
)
# what a request says about how something looks, where it goes or how long it stays: left over in a part
# that some rule read ("add a light blue title 'Hello'" once lost the colour), it is named as not done
SAID = re.compile(
    rf"(?:\bin )?\b{ops.text.COLOUR_WORDS}\b(?! ?(?:and|&) white)|(?:{text_looks.ZH_COLOUR})色|"
    rf"\bfor (?:the )?(?:first |last )?{NUMBER} ?(?:s|secs?|seconds?)\b|{ZH_SHOWN_FOR}|"
    r"\b(?:at|to|on) the (?:top|bottom)\b|\b(?:top|bottom) (?:left|right)\b|顶部|底部"
)


@dataclass
class Plan:
    ops: list[ops.Op] = field(default_factory=list)
    undo: bool = False
    unsupported: list[tuple[str, str]] = field(default_factory=list)  # (English, Chinese) names
    problem: str | None = None  # the request names something that is not there
    ask: tuple[str, str] | None = None  # two readings remain: this question, and nothing changes
    notes: list[tuple[str, str]] = field(default_factory=list)  # parts named as not done, and why
    unread: list[str] = field(default_factory=list)  # parts of the request no rule used
    tips: list[tuple[str, str]] = field(default_factory=list)  # what was chosen for the person, and how to change it
    build: bool = False

    @property
    def empty(self) -> bool:
        return not self.ops and not self.undo and not self.problem and not self.ask

    def not_done(self) -> list[tuple[str, str]]:
        """Every part named as not done: what cannot be done here, what was not understood, and why."""
        return (
            [(f"I can't do {en} here", f"这里不支持{zh}") for en, zh in self.unsupported]
            + self.notes
            + [(f'I didn\'t understand "{x[:60]}"', f"没有理解“{x[:30]}”") for x in self.unread]
        )

    def say_ask(self, en: str, zh: str) -> None:
        if self.ask is None:
            self.ask = (en, zh)


class Rest:
    """The request with the words already used blanked out."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.low = text.lower()
        self.source, self.orig = text, self.low  # as typed, and lower case: for words shown as written

    def take(self, start: int, end: int) -> None:
        pad = " " * (end - start)
        self.text = self.text[:start] + pad + self.text[end:]
        self.low = self.low[:start] + pad + self.low[end:]

    def search(self, pattern: str, take: bool = True) -> re.Match[str] | None:
        m = re.search(pattern, self.low, re.I)
        if m and take:
            self.take(m.start(), m.end())
        return m

    def untouched(self) -> list[str]:
        """The parts of the request that no rule used a word of, and that say more than "please"."""
        out = []
        start = 0
        for m in [*CLAUSE.finditer(self.orig), None]:
            end = m.start() if m else len(self.orig)
            part, left = self.orig[start:end], self.low[start:end]
            start = m.end() if m else end
            if part.strip() and part == left and re.search(r"\w", FILLER.sub(" ", part)):
                out.append(part.strip())
            elif part != left:  # a part some rule read: what it says of looks, place or time was read too
                out += [m[0].strip() for m in SAID.finditer(left)]
        return out


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
    for pat, en, zh in UNSUPPORTED:
        if m := r.search(pat):
            p.unsupported.append((en, zh))
            r.take(m.start(), m.end())
    literal = text_words.literal_texts(r)  # quoted words and words after a colon: content, never instructions
    build = w.empty or bool(BUILD.search(r.low))
    p.build = build
    if build:
        music = not re.search(r"no music|without music|不要音乐|无音乐|不要配乐", r.low)
        style = "promo" if PROMO.search(r.low) else "montage" if MONTAGE.search(r.low) else "slideshow"
        # the verb and the kind are used; the words between (a length, a shape) are left for their rules
        r.search(
            r"start over|from scratch|\b(?:turn|make|create|build|give|produce)\b|"
            r"重新做|重新生成|做成|做一个|做个|生成|制作|变成"
        )
        r.search(
            r"\b(?:slideshows?|promos?|montages?|videos?|movies?|mp4|recaps?|adverts?|commercials?)\b|幻灯片|宣传片|短片|视频|影集"
        )
        p.ops.append(ops.Build(style=style, music=music))
    item_rules.ambiguous(r, w, p)
    if p.ask:
        return p
    item_rules.subset(r, w, p)
    item_rules.each_item(r, p)
    item_rules.framing(r, w, p)  # before items: "show the whole second photo" is not a length to show it
    item_rules.items(r, w, p)
    look_rules.fades(r, p)  # first: they name black, the start or the end (and "no fades" is not a transition)
    look_rules.transitions(r, w, p, build)  # before lengths: "2 second crossfades" is not the video's length
    item_rules.length(r, w, p)
    look_rules.canvas(r, p)
    look_rules.motion(r, w, p)
    look_rules.style(r, p)
    text_rules.text(r, w, p, literal, build)
    sync_rules.sync(r, p)  # before the music rule: "sync to the music" asks for no music
    layer_rules.music(r, w, p, build)
    layer_rules.filters(r, w, p)
    layer_rules.logo(r, w, p)
    if p.ask:
        p.ops = []
        return p
    if p.unsupported:  # "a voice-over reading the captions" asks for no captions: keep only explicit edits
        p.ops = [op for op in p.ops if op.args() or isinstance(op, ops.Build)]
    p.unread = r.untouched()
    return p
