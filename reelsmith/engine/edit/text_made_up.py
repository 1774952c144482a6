"""Words written for the person when they ask for text without giving any: "a promo for our new hot
sauce line with text overlays" gets the title "New Hot Sauce Line" and a call to action that suits
the request ("Shop the sale", "Join us", "Visit us today"); a request that names nothing gets a
question. The reply says what was written and how to change it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reelsmith.engine.edit import ops
from reelsmith.engine.edit.work import Work

if TYPE_CHECKING:  # the text rules call these; they only name the planner's types
    from reelsmith.engine.edit.planner import Plan, Rest

GENERIC = re.compile(
    r"^(?:(?:these|those|my|our|the|all|some|few|\d+|new)\s+)*(?:photos?|pictures?|pics?|images?|clips?|videos?|"
    r"footage|files?|uploads?|instagram|tiktok|youtube|reels?|facebook|stories|shorts|me|us|it|them|this|that|"
    r"sale|social media|my phone|the web|web|website)$"
)
EVENT = (
    r"opening|launch|party|wedding|festival|concert|event|fair|anniversary|birthday|celebration|"
    r"开业|发布|活动|派对|婚礼|节|展"
)
PLACE = r"caf[eé]|coffee shop|restaurant|\bbar\b|shop|store|bakery|hotel|salon|gym|studio|店|餐厅|咖啡|酒店|馆"


def made_up(r: Rest, w: Work, p: Plan, build: bool) -> None:
    """Text asked for with no words: made from what the request names, or a question."""
    subject = _subject(r)
    promo = any(isinstance(o, ops.Build) and o.style == "promo" for o in p.ops) or bool(
        re.search(r"promo|advert|\bads?\b|commercial|sale|宣传|广告|促销", r.orig)
    )
    if subject is None:
        ask = (
            'What should the text say? Tell me, for example: title "Summer Sale" and end with "Shop now".',
            "文字要写什么？例如：标题「夏日特卖」，结尾「立即购买」。",
        )
        if build:
            p.tips.append(ask)  # the rest is built; the words wait for the person
        else:
            p.say_ask(*ask)
        return
    p.ops.append(ops.SetText(text=subject, role="title"))
    said_en, said_zh = f'title "{subject}"', f"标题「{subject}」"
    if promo:
        cta = _call_to_action(r.orig, w)
        p.ops.append(ops.SetText(text=cta, role="cta", at="end"))
        said_en += f' and call to action "{cta}"'
        said_zh += f"和结尾「{cta}」"
    p.tips.append(
        (
            f'I wrote {said_en} from your request; to change it say, for example, title "…" or end with "…".',
            f"根据你的要求写了{said_zh}；要修改可以说：标题「…」或结尾「…」。",
        )
    )


def _subject(r: Rest) -> str | None:
    """What the request is about: "a promo for our new hot sauce line" → "New Hot Sauce Line"."""
    stop = r"(?=\s*(?:[,.;!?]|$)|\s+(?:with|and|using|that|which|in|on|at|for|from|into|as|please|set|to be|lasting)\b)"
    for pat in (
        rf"\b(?:promo|promotion|video|slideshow|ad|advert|advertisement|commercial|reel|montage|recap|highlights?|"
        rf"teaser|trailer|announcement|clip)s?\s+(?:for|of|about|announcing|showing|featuring|celebrating|promoting)\s+"
        rf"(?:our|my|the|a|an|this|their|your)?\s*([a-z][^,.;!?]{{1,50}}?){stop}",
        rf"\b(?:promote|promoting|advertise|advertising|announce|announcing|celebrate|celebrating|showcase|showcasing)\s+"
        rf"(?:our|my|the|a|an|this|their|your)?\s*([a-z][^,.;!?]{{1,50}}?){stop}",
    ):
        for m in re.finditer(pat, r.orig, re.I):
            words = r.source[m.start(1) : m.end(1)].strip()
            if not words or GENERIC.match(words.lower()) or re.search(r"\d", words):
                continue
            r.take(m.start(1), m.end(1))
            return _title_case(words)
    for pat in (
        r"(?:为|给)(?:我们的?|我的|本店的?|咱们的?)?([^，,。；\d把]{2,12}?)(?:做|制作|生成|拍)",
        r"(?:做成|做一个|做个|生成|制作)(?:一个|一段|个)?([^，,。；\d]{2,10}?)的(?:宣传|广告|促销|推广)",
        r"关于([^，,。；\d]{2,12}?)的(?:视频|短片|幻灯片)",
    ):
        if (zh := re.search(pat, r.orig)) and not re.search(r"照片|图片|视频|素材|这些|秒", zh[1]):
            r.take(zh.start(1), zh.end(1))
            return zh[1]
    return None


def _title_case(text: str) -> str:
    """Each word capitalised as a title is, keeping what the person capitalised ("Luna Café")."""
    words = text.split()
    small = {"of", "and", "the", "a", "an", "for", "to", "in", "on", "at", "with"}
    return " ".join(
        x if (i and x.lower() in small) or x[:1].isupper() else x[:1].upper() + x[1:] for i, x in enumerate(words)
    )


def _call_to_action(request: str, w: Work) -> str:
    if re.search(r"sale|discount|% off|deal|特卖|促销|打折|优惠", request, re.I):
        return w.ctx.say("Shop the sale", "限时抢购")
    if re.search(EVENT, request, re.I):
        return w.ctx.say("Join us", "期待你的到来")
    if re.search(PLACE, request, re.I):
        return w.ctx.say("Visit us today", "欢迎光临")
    return w.ctx.say("Get yours today", "立即购买")
