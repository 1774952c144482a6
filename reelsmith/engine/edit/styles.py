"""The named looks: each a coherent set of type, text motion, transitions, motion, colour, music and
pace, so a video reads as one piece. Data, read by ops/style.py (which applies a look) and ops/text.py
(which gives a new text the look of the video it joins). The draft remembers the look (`m.ed.style`),
so a refinement keeps it.
"""

from __future__ import annotations

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
ZH_STYLES: dict[StyleName, str] = {
    "professional": "专业",
    "bold": "醒目",
    "fun": "活泼有趣",
    "elegant": "优雅",
    "cinematic": "电影感",
    "minimal": "简洁",
}
# what a new video is for, when the request names no look: the look that suits it
FOR: tuple[tuple[str, StyleName], ...] = (
    (r"promo|sale|launch|opening|ad|advert\w*|discount|offer|促销|特卖|开业|新品|广告|打折", "bold"),
    (r"wedding|anniversary|engagement|valentine'?s?|婚礼|结婚|周年|订婚|情人节", "elegant"),
    (r"birthday|party|celebrat\w*|christmas|xmas|生日|派对|聚会|圣诞|庆祝", "fun"),
    (r"business|corporate|company|team|conference|企业|公司|团队|会议", "professional"),
    (r"travel|trip|journey|vacation|road ?trip|旅行|旅游|旅程", "cinematic"),
)


def text_look(style: StyleName, role: Role) -> tuple[FontName, str, bool, TextAnim]:
    """(font, colour, box, animation) for a text of `role` in this look."""
    s = STYLES[style]
    if role == "title":
        return s.title_font, s.colour, False, s.title_anim
    if role == "cta":
        return s.text_font, s.accent, s.box, s.text_anim
    return s.text_font, s.colour, s.box and role == "caption", s.text_anim
