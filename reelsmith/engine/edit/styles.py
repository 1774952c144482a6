"""The named looks: each a coherent set of type, text motion, transitions, motion, colour, music and
pace, so a video reads as one piece. Data, read by ops/style.py (which applies a look) and ops/text.py
(which gives a new text the look of the video it joins). The draft remembers the look (`m.ed.style`),
so a refinement keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reelsmith.engine.model.choices import FontName, Look, Role, TextAnim, TransitionName

StyleName = Literal["professional", "bold", "fun", "elegant", "cinematic", "minimal"]
# The generator's moods (media.music.MOODS, in its order), spelled out so the type checker knows them;
# tests/test_planner.py fails if the two part.
MoodName = Literal["upbeat", "lofi", "calm", "cinematic", "corporate", "festive", "romantic"]


@dataclass(frozen=True)
class Style:
    mood: MoodName  # generated music
    transition: TransitionName | Literal["mix"]  # one kind (or the two-kind mix)
    seconds: float  # transition length
    filter: Look | None  # colour look; None keeps what the person chose
    motion: float  # Ken Burns strength (0: none)
    fades: bool  # from and to black at the start and end
    title_font: FontName
    text_font: FontName  # subtitles, captions, calls to action, lower thirds
    colour: str  # text colour
    accent: str  # the call to action's colour
    box: bool  # captions and the call to action on a box
    title_anim: TextAnim
    text_anim: TextAnim
    photo_s: float  # seconds a photo is shown when the look builds a video


STYLES: dict[StyleName, Style] = {
    # clean: a bold sans rising in, dissolves, gentle motion, the colours as shot
    "professional": Style(
        "corporate", "dissolve", 0.8, "none", 0.05, False, "bold", "sans", "#ffffff", "#ffffff", False,
        "fade_up", "fade", 3.0,
    ),
    # a sale or a launch: a heavy display face that pops, quick pushes, a yellow call to action on a box
    "bold": Style(
        "upbeat", "smoothleft", 0.4, "vivid", 0.08, False, "display", "bold", "#ffffff", "#fdd835", True,
        "pop", "pop", 2.5,
    ),
    # a birthday or a party: handwriting, words that arrive one by one, a crossfade and a push
    "fun": Style(
        "upbeat", "mix", 0.5, "vivid", 0.08, False, "handwriting", "bold", "#ffffff", "#ffffff", True,
        "words", "pop", 2.5,
    ),
    # a wedding: a serif fading in slowly, long crossfades, slow motion, fades from and to black
    "elegant": Style(
        "romantic", "fade", 1.2, None, 0.05, True, "serif", "serif", "#ffffff", "#ffffff", False,
        "fade", "fade", 4.0,
    ),
    # a trip or a story: a condensed display title rising in, dips to black, fades
    "cinematic": Style(
        "cinematic", "fadeblack", 1.0, None, 0.06, True, "display", "sans", "#ffffff", "#ffffff", False,
        "fade_up", "fade", 4.0,
    ),
    # minimal: plain sans, short fades, no motion
    "minimal": Style(
        "calm", "fade", 0.5, "none", 0.0, False, "sans", "sans", "#ffffff", "#ffffff", False,
        "fade", "fade", 3.0,
    ),
}  # fmt: skip
ZH_MOODS: dict[str, str] = {  # the moods' names in a Chinese reply (the words the planner reads too)
    "upbeat": "欢快",
    "lofi": "低保真",
    "calm": "舒缓",
    "cinematic": "电影感",
    "corporate": "商务",
    "festive": "节日",
    "romantic": "浪漫",
}
ZH_STYLES: dict[StyleName, str] = {
    "professional": "专业",
    "bold": "醒目",
    "fun": "活泼有趣",
    "elegant": "优雅",
    "cinematic": "电影感",
    "minimal": "简洁",
}
# What a new video is for, named anywhere in its request (quoted titles too: a 'Grand Opening' is one):
# the look that suits it when the request names none, and the music when it names no mood (None: the
# look's own). The first row that matches decides each.
OCCASIONS: tuple[tuple[str, StyleName | None, MoodName | None], ...] = (
    (r"grand opening|opening|launch|开业|开张|新品|发布", "bold", "upbeat"),
    (r"promo|sale|ad|advert\w*|discount|offer|促销|特卖|广告|打折", "bold", None),
    (r"wedding|anniversary|engagement|valentine'?s?|婚礼|结婚|周年|订婚|情人节", "elegant", "romantic"),
    (r"birthday|party|celebrat\w*|christmas|xmas|生日|派对|聚会|圣诞|庆祝", "fun", "festive"),
    (r"holiday|new year|新年|春节", None, "festive"),  # a holiday may be a trip: no look from it
    (r"business|corporate|company|team|conference|企业|公司|团队|会议", "professional", None),
    (r"travel|trip|journey|vacation|road ?trip|旅行|旅游|旅程", "cinematic", None),
)


def _occasions(text: str) -> list[tuple[StyleName | None, MoodName | None]]:
    return [(look, mood) for pat, look, mood in OCCASIONS if re.search(rf"(?<![a-z])(?:{pat})(?![a-z])", text)]


def occasion_look(text: str) -> StyleName | None:
    """The look a new video's occasion suits, from its request in lower case."""
    return next((look for look, _ in _occasions(text) if look), None)


def occasion_mood(text: str) -> MoodName | None:
    """The music a new video's occasion suits, from its request in lower case."""
    return next((mood for _, mood in _occasions(text) if mood), None)


def text_look(style: StyleName, role: Role) -> tuple[FontName, str, bool, TextAnim]:
    """(font, colour, box, animation) for a text of `role` in this look."""
    s = STYLES[style]
    if role == "title":
        return s.title_font, s.colour, False, s.title_anim
    if role == "cta":
        return s.text_font, s.accent, s.box, s.text_anim
    return s.text_font, s.colour, s.box and role == "caption", s.text_anim


def zh_music(name: str, mood: str | None) -> str:
    """A track as a Chinese reply names it: a generated one by its mood in Chinese, a song by its name."""
    return ZH_MOODS.get(mood, name) if mood else name
