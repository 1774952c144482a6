"""A named look ("more professional", "bold", "elegant", "cinematic", "fun", "minimal") applied as one.

A look (edit/styles.py) is a bundle of the other operations (music mood, transitions, colour, motion,
fades) plus the type and text motion of every text, so the reply can say exactly what it changed; the
person's own song is kept, and the reply says so. The draft remembers the look, so texts and items
added later take it.
"""

from __future__ import annotations

from typing import ClassVar

from reelsmith.engine.edit.ops.base import Op
from reelsmith.engine.edit.ops.layers import SetMusic
from reelsmith.engine.edit.ops.look import SetFades, SetFilter, SetMotion, SetTransitions
from reelsmith.engine.edit.styles import STYLES, ZH_STYLES, StyleName, text_look
from reelsmith.engine.edit.work import OpError, Work

__all__ = ["STYLES", "SetStyle", "StyleName", "restyle_text"]


class SetStyle(Op):
    """A coherent look from one word: professional (bold sans rising in, corporate music, dissolves,
    original colours), bold (a heavy display title that pops, upbeat, quick pushes, vivid, a yellow call
    to action), fun (handwriting, words one by one, upbeat, vivid), elegant (serif, romantic music, slow
    fades), cinematic (display title, cinematic music, dips to black), minimal (plain sans, calm, short
    fades, no motion). An uploaded song is kept."""

    name: ClassVar[str] = "set_style"
    style: StyleName

    def apply(self, w: Work) -> str:
        if w.empty:
            raise OpError(w.ctx.say("make the video first", "请先生成视频"))
        look = STYLES[self.style]
        said: list[str] = []
        kept: list[str] = []

        def step(op: Op) -> None:
            """Apply one part of the look; its words go in the reply only if it changed something."""
            before = w.dump()
            text = op.apply(w)
            if w.dump() != before:
                said.append(text)

        w.meta.ed.style = self.style
        music = w.audio()
        if music and not music[0].ed.mood:
            kept.append(w.ctx.say(f"kept your song {music[0].name}", f"保留你的音乐 {music[0].name}"))
        elif music:  # no music stays no music: it was taken out on purpose
            step(SetMusic(mood=look.mood))
        if len(w.video) > 1:
            step(SetTransitions(style=look.transition, seconds=look.seconds))
        if look.filter is not None:
            step(SetFilter(look=look.filter))
        if any(s.kind == "image" and not s.ed.logo_card for s in w.video):
            step(SetMotion(on=look.motion > 0))
        if look.fades:
            step(SetFades(start=True, end=True, seconds=1.0))
        if w.texts() and (typed := restyle_text(w, self.style)):
            said.append(typed)
        if not said:
            done = w.ctx.say(f"the video already has the {self.style} look", f"已经是{ZH_STYLES[self.style]}风格")
            return ", ".join([done, *kept])
        return w.ctx.say(f"a more {self.style} look: ", f"{ZH_STYLES[self.style]}风格：") + ", ".join(said + kept)


def restyle_text(w: Work, style: StyleName) -> str:
    """Every text in the look's type, colour and motion; what changed, in words ("" for nothing)."""
    changed = 0
    for x in w.texts():
        font, colour, box, anim = text_look(style, x.role)
        if any(ord(c) > 0x2E80 for c in x.text):
            font = "cjk_bold" if font in ("bold", "display") else "cjk"  # Chinese is drawn with its CJK face
        new = (font, colour, box, anim)
        if (x.style.font, x.style.color, x.style.box, x.style.anim) != new:
            x.style.font, x.style.color, x.style.box, x.style.anim = new
            changed += 1
    if not changed:
        return ""
    s = STYLES[style]
    fonts = s.title_font if s.title_font == s.text_font else f"{s.title_font} and {s.text_font}"
    return w.ctx.say(
        f"text in {fonts}, titles {s.title_anim.replace('_', ' ')}",
        f"文字字体与动画随风格调整（标题：{s.title_anim}）",
    )
