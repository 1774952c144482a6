"""Operations on the words on screen: titles, subtitles, captions, calls to action, and how they look.

Each role has its own slot: setting a subtitle never replaces the title, a call to action sits at the
end, and captions sit on their own items. Words come from the person (or from what their request
named), never from camera file names.
"""

from __future__ import annotations

import re
from typing import Annotated, ClassVar, Literal

from pydantic import AfterValidator, Field

from reelsmith.engine.edit.ops.base import ZH_COLOURS, ZH_NAMES, ZH_PLACES, Op
from reelsmith.engine.edit.styles import STYLES, text_look
from reelsmith.engine.edit.work import TEXT, OpError, Work
from reelsmith.engine.media import fonts
from reelsmith.engine.model.choices import FontName, Position, Role, TextAnim
from reelsmith.engine.model.draft import TextSegment

ROLE_POS: dict[Role, Position] = {
    "title": "center",
    "subtitle": "below_center",
    "caption": "bottom",
    "cta": "center",
    "lower_third": "lower_third",
}
ANIM_WORDS: dict[TextAnim, tuple[str, str]] = {  # what a reply says each way of coming in is
    "fade": ("fades in", "淡入"),
    "fade_up": ("fades up into place", "上浮淡入"),
    "pop": ("pops in", "弹出"),
    "slide": ("slides in", "滑入"),
    "typewriter": ("types in letter by letter", "打字机效果逐字出现"),
    "words": ("appears word by word", "逐词出现"),
}
SINGLE: tuple[Role, ...] = ("title", "subtitle", "cta", "lower_third")  # one of each: a new one replaces the old
SIZES: dict[Role, float] = {"title": 0.09, "subtitle": 0.05, "cta": 0.075}
COLOURS = {
    "white": "#ffffff",
    "black": "#000000",
    "red": "#e53935",
    "orange": "#fb8c00",
    "yellow": "#fdd835",
    "gold": "#d4af37",
    "green": "#43a047",
    "blue": "#1e88e5",
    "navy": "#1a237e",
    "purple": "#8e24aa",
    "pink": "#ec407a",
    "grey": "#9e9e9e",
    "gray": "#9e9e9e",
}
# "light blue", "dark red": a named colour mixed toward white or black by that much, so a shade asked for
# is given (and said) rather than dropped
SHADES = {"light": ("#ffffff", 0.45), "pale": ("#ffffff", 0.6), "dark": ("#000000", 0.45), "deep": ("#000000", 0.3)}
ZH_SHADE_NAMES = {"light": "浅", "pale": "淡", "dark": "深", "deep": "深"}  # how a Chinese reply says each
# every colour word the editor can give text, as a pattern: "yellow", "light blue", "dark-green"
COLOUR_WORDS = rf"(?:(?:{'|'.join(SHADES)})[ -])?(?:{'|'.join(COLOURS)})"


def colour_hex(name: str) -> str:
    """#rrggbb for a colour word ("yellow", "light blue", "dark-green") or a #rrggbb already."""
    name = name.lower()
    shade, _, base = name.replace("-", " ").rpartition(" ")
    if shade not in SHADES:
        return COLOURS.get(name, name)
    towards, k = SHADES[shade]
    a, b = COLOURS[base], towards
    return "#" + "".join(f"{round(int(a[i : i + 2], 16) * (1 - k) + int(b[i : i + 2], 16) * k):02x}" for i in (1, 3, 5))


def zh_colour_name(name: str) -> str:
    """A colour word as a Chinese reply says it: 黄色, 浅蓝色, 深红色."""
    shade, _, base = name.rpartition(" ")
    zh = ZH_COLOURS.get(base, base)
    return ZH_SHADE_NAMES.get(shade, "") + zh


def checked_colour(v: str | None) -> str | None:
    """A colour an op was given: a colour word (shades too) or #rrggbb, else a one-line error."""
    if v is None or re.fullmatch(COLOUR_WORDS, v.lower()) or re.fullmatch(r"#[0-9a-fA-F]{6}", v):
        return v.lower().replace("-", " ") if v else v
    raise ValueError(f"colour {v[:30]!r}: use one of {', '.join(COLOURS)} (light or dark too) or #rrggbb")


Colour = Annotated[str | None, AfterValidator(checked_colour)]


# what a reply calls each family (the face itself is named beside it: "in serif (Playfair Display)")
FONT_WORDS: dict[FontName, tuple[str, str]] = {
    "sans": ("sans-serif", "无衬线字体"),
    "bold": ("bold", "粗体"),
    "serif": ("serif", "衬线字体"),
    "display": ("a display face", "标题字体"),
    "handwriting": ("handwriting", "手写体"),
    "cjk": ("the CJK font", "中文字体"),
    "cjk_bold": ("CJK bold", "中文粗体"),
}
# a family and the CJK face that draws Chinese in the same weight: no word that the style was lost
SAME_LOOK: set[tuple[FontName, FontName]] = {("sans", "cjk"), ("bold", "cjk_bold"), ("cjk", "sans")}
SAME_LOOK |= {("cjk_bold", "bold")}
# camera and phone names ("IMG_1234", "PXL_20240101_…", "DSC01234", "Screenshot 2024…"): never words to show
CAMERA_NAME = re.compile(
    r"^(?:img|pxl|dsc[nf]?|dcim|mvimg|vid|mov|gopr|dji|sam|wp|photo|image|screenshot|whatsapp|signal|"
    r"snapchat|received|capture|p\d|\d)[\W_]*\d|^[\d\W_]+$|^[0-9a-f]{12,}$",
    re.I,
)


def role_name(w: Work, role: str) -> str:
    en = {"cta": "call to action", "all": "text"}.get(role, role.replace("_", " "))
    return w.ctx.say(en, ZH_NAMES.get(role) or ZH_NAMES.get(f"{role}s", "文字"))  # "caption": 字幕


class SetText(Op):
    """Put text on the video. role: title (opening), subtitle (under the title), caption (on one item),
    cta (call to action at the end), lower_third, or text. A title, subtitle, cta or lower third
    replaces the one already there; each role keeps its own slot."""

    name: ClassVar[str] = "set_text"
    text: str = Field(min_length=1, max_length=200)
    role: Role = "title"
    item: int | None = None  # for captions: which item it sits on
    pos: Position | None = None
    at: Literal["start", "end", "whole"] | None = None
    seconds: float | None = Field(None, gt=0.2, le=600)
    color: Colour = None  # this text's own colour ("the caption 'Day one' in yellow")

    def apply(self, w: Work) -> str:
        if w.empty:
            raise OpError(w.ctx.say("make the video first, then add text", "请先生成视频再加文字"))
        lane = w.lane(TEXT, "Text")
        texts: list[TextSegment] = lane.sg
        title = next((x for x in texts if x.role == "title"), None)
        anchor: str = self.at or ("end" if self.role == "cta" else "start")
        if self.role == "subtitle" and title is not None and not self.at:
            anchor = title.ed.at  # shown with its title
        if self.role == "caption" or self.item:
            anchor = w.item(self.item or 1).id
        same = [
            x
            for x in texts
            if x.role == self.role and (self.role in SINGLE or (self.role == "caption" and x.ed.at == anchor))
        ]
        old = same[0].text if same else None
        was = same[0].pos if same else None
        if same:
            x = same[0]
            x.text = self.text
        else:
            x = TextSegment(id=w.new_id("t"), role=self.role, text=self.text)
            if w.meta.ed.style in STYLES:  # a text added later takes the video's look
                x.style.font, x.style.color, x.style.box, x.style.anim = text_look(w.meta.ed.style, self.role)
            lane.sg.append(x)
        x.ed.at = anchor
        default = ROLE_POS.get(self.role, "bottom")
        if self.role == "subtitle" and title is not None and title.pos == "top":
            default = "below_top"
        x.pos = self.pos or (x.pos if "pos" in x.model_fields_set else default)
        if self.role in SIZES and "size" not in x.style.model_fields_set:
            x.style.size = SIZES[self.role]
        if any(ord(c) > 0x2E80 for c in self.text) and x.style.font in ("sans", "bold", "display"):
            x.style.font = (
                "cjk" if x.style.font == "sans" else "cjk_bold"
            )  # any other family keeps its choice: Chinese is drawn with its CJK face
        if self.seconds:
            x.ed.hold = int(self.seconds * 1000)
        if self.color:
            x.style.color = colour_hex(self.color)
        if self.role == "subtitle" and title is not None and title.ed.hold and not self.seconds:
            x.ed.hold = title.ed.hold
        if self.role == "title":
            _follow(texts, x)
        role = role_name(w, self.role)
        # how long or when it is shown, when this request said so: the reply names every change
        when = ""
        if self.seconds and self.seconds * 1000 >= w.total:  # no text stays longer than the video
            when = w.ctx.say(", on screen the whole video", "，全程显示")
        elif self.seconds:
            when = w.ctx.say(f", on screen for {self.seconds:g}s", f"，显示{self.seconds:g}秒")
        elif self.at == "whole":
            when = w.ctx.say(", on screen the whole time", "，全程显示")
        elif self.at == "end" and self.role != "cta":
            when = w.ctx.say(", at the end", "，放在结尾")
        if self.color:
            when += w.ctx.say(f", in {self.color}", f"，{zh_colour_name(self.color)}")
        where = x.pos.replace("_", " ")
        zh_where = ZH_PLACES.get(x.pos, where)
        if old == self.text and was != x.pos:  # moved, same words
            return (
                w.ctx.say(f'{role} "{self.text}" moved to the {where}', f"{role}「{self.text}」移到{zh_where}") + when
            )
        if self.pos:  # a place this request gave: "title 'Sale' at the top"
            when = w.ctx.say(f", at the {where}", f"，放在{zh_where}") + when
        if old and old != self.text:
            return w.ctx.say(f'{role} "{old}" → "{self.text}"', f"{role}「{old}」→「{self.text}」") + when
        added = "" if old == self.text else "添加"  # the same words again: only their time or colour changed
        return w.ctx.say(f'{role} "{self.text}"', f"{added}{role}「{self.text}」") + when


def _follow(texts: list[TextSegment], title: TextSegment) -> None:
    """A subtitle stays under its title: same time on screen, and at the top when the title is."""
    for s in texts:
        if s.role == "subtitle":
            s.ed.at, s.ed.hold = title.ed.at, title.ed.hold
            if s.pos in ("below_center", "below_top"):
                s.pos = "below_top" if title.pos == "top" else "below_center"


class AddCaptions(Op):
    """One caption per photo or clip, in order, with the words the person gave. names=true uses each
    item's file name instead, only when the person asks for file names (camera names are refused)."""

    name: ClassVar[str] = "add_captions"
    texts: list[str] | None = Field(None, min_length=1)
    names: bool = False
    colors: list[Colour] = []  # each caption's own colour, in order ("'Day one' in yellow and 'Day two' in red")

    def apply(self, w: Work) -> str:
        items = [(n, s) for n, s in enumerate(w.video, 1) if not s.ed.logo_card]
        if self.texts:
            texts = self.texts
        elif self.names:
            texts = [_nice(w.label(s)) for _, s in items]
            if any(CAMERA_NAME.search(w.label(s)) for _, s in items):
                raise OpError(
                    w.ctx.say(
                        "the files have camera names (like IMG_1234), which no one wants on screen; "
                        "say what each caption should read",
                        "文件名是相机编号（如 IMG_1234），不适合做字幕；请告诉我每条字幕的文字",
                    )
                )
        else:
            raise OpError(
                w.ctx.say(
                    "say what the captions should read (for example: captions 'Day one', 'The beach')",
                    "请告诉我字幕的文字（例如：字幕「第一天」「海边」）",
                )
            )
        colours = [*self.colors, *[None] * len(texts)][: len(texts)]
        for (n, _), t, c in zip(items, texts, colours, strict=False):
            SetText(text=t, role="caption", item=n, color=c).apply(w)
        n = min(len(items), len(texts))
        en = [f"{t} (in {c})" if c else t for t, c in zip(texts[:n], colours, strict=False)]
        zh = [f"{t}（{zh_colour_name(c)}）" if c else t for t, c in zip(texts[:n], colours, strict=False)]
        return w.ctx.say(f"{n} caption{'s' * (n != 1)}: " + ", ".join(en), f"{n}条字幕：" + "、".join(zh))


def _nice(name: str) -> str:
    """'01-deep-field' -> 'Deep Field': a file name as a caption."""
    words = [p for p in name.replace("_", "-").replace(".", "-").split("-") if p and not p.isdigit()]
    return " ".join(words).title() or name


class SetTextStyle(Op):
    """How text looks and comes in: for one role (title, subtitle, caption, cta, lower_third, text) or
    all. scale is relative (1.25 bigger, 0.8 smaller) and size absolute (part of the frame height);
    color is a name (white, yellow, red, …) or #rrggbb; box puts a dark box behind it; fade_in and
    fade_out are seconds (0.1 makes it pop in). font is a family: sans (regular), bold (a bold sans for
    titles), serif (elegant), display (condensed and heavy), handwriting, cjk, cjk_bold; Chinese and
    Japanese text is always drawn with a CJK face (cjk_bold for bold and display). anim is how it comes
    in: fade, fade_up (fades in rising), pop (grows in quickly), slide (slides in from the side), typewriter
    (letter by letter), words (word by word; Chinese and Japanese phrase by phrase)."""

    name: ClassVar[str] = "set_text_style"
    role: Role | Literal["all"] = "title"
    scale: float | None = Field(None, ge=0.3, le=4)
    size: float | None = Field(None, ge=0.02, le=0.3)
    color: Colour = None
    box: bool | None = None
    fade_in: float | None = Field(None, ge=0, le=5)
    fade_out: float | None = Field(None, ge=0, le=5)
    font: FontName | None = None
    anim: TextAnim | None = None

    def apply(self, w: Work) -> str:
        which = [x for x in w.texts() if self.role == "all" or x.role == self.role]
        what = role_name(w, self.role)
        if not which:
            raise OpError(w.ctx.say(f"there is no {what} yet; add one first", f"还没有{what}，请先添加"))
        said: list[str] = []
        if self.scale or self.size:
            was = which[0].style.size
            for x in which:
                x.style.size = round(min(0.3, max(0.02, self.size or x.style.size * (self.scale or 1))), 4)
            now = which[0].style.size
            how = w.ctx.say("bigger", "放大") if now > was else w.ctx.say("smaller", "缩小")
            said.append(w.ctx.say(f"{how} ({round(was * 100, 1):g}% → {round(now * 100, 1):g}% of the height)", how))
        if self.color:
            for x in which:
                x.style.color = colour_hex(self.color)
            said.append(w.ctx.say(f"in {self.color}", f"改成{zh_colour_name(self.color)}"))
        if self.box is not None:
            for x in which:
                x.style.box = self.box
            said.append(w.ctx.say("on a dark box" if self.box else "no box", "加背景框" if self.box else "去掉背景框"))
        if self.font:
            said += _font(w, which, self.font)
        if self.anim is not None:
            for x in which:
                x.style.anim = self.anim
                if self.anim == "fade" and self.fade_in is None:
                    x.fi = max(x.fi, 300)
            said.append(w.ctx.say(*ANIM_WORDS[self.anim]))
        if self.fade_in is not None:
            for x in which:
                x.fi = int(self.fade_in * 1000)
            pop = self.fade_in <= 0.15
            said.append(
                w.ctx.say(
                    f"{'pops' if pop else 'fades'} in ({self.fade_in:g}s)",
                    f"{'快速出现' if pop else '淡入'}（{self.fade_in:g} 秒）",
                )
            )
        if self.fade_out is not None:
            for x in which:
                x.fo = int(self.fade_out * 1000)
            said.append(w.ctx.say(f"fades out ({self.fade_out:g}s)", f"淡出（{self.fade_out:g} 秒）"))
        if not said:
            raise OpError(
                w.ctx.say(
                    "say what to change: size, colour, font, box, fades or how it comes in",
                    "请说明要改大小、颜色、字体、背景框、淡入淡出还是出场动画",
                )
            )
        return w.ctx.say(f"{what} {', '.join(said)}", f"{what}{'，'.join(said)}")  # Chinese puts no space between


def _font(w: Work, which: list[TextSegment], font: FontName) -> list[str]:
    """Set the family and say which face draws it; Chinese text asked for a Latin-only face (a serif, a
    handwriting face) is drawn with the CJK face, and the reply says so."""
    en, zh = FONT_WORDS[font]
    if all(x.style.font == font for x in which):
        return [w.ctx.say(f"already in {en}", f"已经是{zh}")]
    for x in which:
        x.style.font = font
    drawn = list(dict.fromkeys(fonts.family_for(font, x.text) for x in which))
    alike = [f for f in drawn if f == font or (font, f) in SAME_LOOK] or [font]
    names = " / ".join(fonts.FACES[f].name for f in alike)
    said = [w.ctx.say(f"in {en} ({names})", f"改用{zh}（{names}）")]
    for f in drawn:
        if f in alike:
            continue
        face = fonts.FACES[f].name
        if f in ("cjk", "cjk_bold"):
            said.append(
                w.ctx.say(f"Chinese text uses {face} instead: {en} has no Chinese", f"中文没有{zh}，改用{face}")
            )
        else:
            said.append(
                w.ctx.say(f"{en} lacks some of its letters, so it uses {face} instead", f"{zh}缺少部分字母，改用{face}")
            )
    return said
