"""The offline planner's rules for what sits over and under the pictures: text, music, colour, logo.

Each rule reads the request as `planner.plan` left it (the words earlier rules used
blanked out), adds operations to the plan, and blanks the words it used.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Literal

from reelsmith.engine.edit import ops, refs
from reelsmith.engine.edit.words import NUMBER, percent_in, word_number
from reelsmith.engine.edit.work import Work, stem
from reelsmith.engine.media.music import ALIASES, MOODS
from reelsmith.engine.model.choices import CORNERS, Position, Role
from reelsmith.engine.model.draft import TextSegment

if TYPE_CHECKING:  # the planner calls these rules; they only name its types
    from reelsmith.engine.edit.planner import Plan, Rest

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
ROLE_WORDS: list[tuple[Role, str]] = [
    ("cta", r"call to action|\bcta\b|ends? with|ending text|closing text|button|结尾|号召"),
    ("lower_third", r"lower third|name tag|下方字幕"),
    ("caption", r"caption|subtitle|字幕"),
    ("title", r"title|heading|headline|标题|题目"),
]
# the role a request names ("move the text to the top"): "the text" is the title
NAMED_ROLES: dict[str, Role] = {"title": "title", "caption": "caption", "cta": "cta", "text": "title"}


def text(r: Rest, w: Work, p: Plan, quotes: list[tuple[int, int, str]], build: bool) -> None:
    texts: dict[Role, TextSegment] = {x.role: x for x in w.texts()}
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
            p.ops.append(ops.SetText(text=q, role="title", pos=pos))
        else:
            p.ops.append(ops.SetText(text=q, role=role, pos=pos, at="end" if role == "cta" else None))
    item_refs = refs.find(r.low, w.video)
    if captions:
        if len(captions) == 1 and item_refs:
            p.ops.append(ops.SetText(text=captions[0], role="caption", item=item_refs[0].pos))
        else:
            p.ops.append(ops.AddCaptions(texts=captions))
    elif r.search(r"text overlays?|captions?|subtitles?|labels?|文字|字幕") and (build or "caption" not in texts):
        p.ops.append(ops.AddCaptions())
    m = r.search(r"(title|caption|cta|text)[^,.;]{0,30}", take=False)
    if not quotes and m and (pos := _position(r.low)):
        named = NAMED_ROLES[m[1]]
        if named in texts and named != "caption":
            p.ops.append(ops.SetText(text=texts[named].text, role=named, pos=pos))
            r.take(m.start(), m.end())
    _text_timing(r, p, texts)


def _text_timing(r: Rest, p: Plan, texts: dict[Role, TextSegment]) -> None:
    """ "the title for the first 5 seconds", "keep the title on the whole time", "title at the end"."""
    secs: float | None = None
    at: Literal["whole", "end"] | None = None
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
    op = next((o for o in p.ops if isinstance(o, ops.SetText) and o.role == "title"), None)
    if op is None and "title" in texts:
        op = ops.SetText(text=texts["title"].text, role="title")
        p.ops.append(op)
    if op is not None:
        op.seconds, op.at = secs, at


PLACES: tuple[tuple[str, Position], ...] = (
    (r"top left", "top_left"),
    (r"top right", "top_right"),
    (r"bottom left", "bottom_left"),
    (r"bottom right", "bottom_right"),
    (r"lower third", "lower_third"),
    (r"\b(?:at|to|on) the top\b|顶部|上方", "top"),
    (r"\b(?:at|to|on) the bottom\b|底部|下方", "bottom"),
    (r"\b(?:in the )?(?:middle|cent(?:er|re))\b|中间|居中", "center"),
)


def _position(s: str) -> Position | None:
    return next((pos for pat, pos in PLACES if re.search(pat, s)), None)


def music(r: Rest, w: Work, p: Plan, build: bool) -> None:
    has = bool(w.audio())
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
            volume = round(_volume(w) * 60)
        elif r.search(r"(?:louder|up|more music|higher)|大一点|大声|调高|提高"):
            volume = min(150, round(_volume(w) * 150))
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
        p.ops.append(ops.SetMusic(mood=mood, track=track, volume=volume, fade_in=fade_in, fade_out=fade_out))


def _volume(w: Work) -> float:
    """The music's volume now (0.6, the usual level, when there is no music yet)."""
    music = w.audio()
    return music[0].vol if music else 0.6


def filters(r: Rest, p: Plan) -> None:
    looks = (
        (r"black (?:and|&) white|\bb ?& ?w\b|monochrome|grayscale|greyscale|黑白", "bw"),
        (r"\bwarm(?:er)?\b|暖色|暖调|温暖", "warm"),
        (r"\bcool(?:er)? (?:look|tones?|colou?rs?|filter)|\bcold(?:er)?\b|冷色|冷调", "cool"),
        (r"vivid|saturated|punchy|vibrant|pop(?:ping)? colou?rs|鲜艳|饱和", "vivid"),
        (r"no filter|original colou?rs|remove (?:the )?(?:filter|colou?r)|in colou?r|去掉滤镜|原色", "none"),
    )
    for pat, look in looks:
        if r.search(pat):
            p.ops.append(ops.SetFilter(look=look))
            return


def logo(r: Rest, p: Plan) -> None:
    if r.search(r"(?:remove|delete|drop|no|hide) (?:the )?logo|去掉(?:logo|标志)|不要(?:logo|标志)"):
        p.ops.append(ops.Remove(target="logo"))
        return
    if not r.search(r"logo|标志|商标", take=False):
        return
    if r.search(r"end card|outro|at the end|closing|片尾|结尾"):
        p.ops.append(ops.SetLogo(placement="end"))
    elif r.search(r"intro|opening|at the start|beginning|片头|开头"):
        p.ops.append(ops.SetLogo(placement="intro"))
    elif (pos := _position(r.low)) and pos in CORNERS:
        p.ops.append(ops.SetLogo(placement=pos))
    elif r.search(r"(?:add|put|with|show|include) (?:the |my |our )?logo|加上?(?:logo|标志)"):
        p.ops.append(ops.SetLogo(placement="top_right"))
