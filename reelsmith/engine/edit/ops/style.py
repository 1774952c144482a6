"""Style words ("more professional", "more fun", "elegant", "cinematic") as one coherent look.

A style is a bundle of the other operations (music mood, transitions, colour, motion, fades), so the
reply can say exactly what it changed; the person's own song is kept, and the reply says so.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from reelsmith.engine.edit.ops.base import Op
from reelsmith.engine.edit.ops.layers import MoodName, SetMusic
from reelsmith.engine.edit.ops.look import SetFades, SetFilter, SetMotion, SetTransitions
from reelsmith.engine.edit.work import OpError, Work
from reelsmith.engine.model.choices import Look

StyleName = Literal["professional", "fun", "elegant", "cinematic", "minimal"]
# (music mood, transition, seconds, colour look, motion on, fade from and to black)
STYLES: dict[StyleName, tuple[MoodName, str, float, Look | None, bool, bool]] = {
    "professional": ("corporate", "dissolve", 0.8, "none", True, False),
    "fun": ("upbeat", "mix", 0.5, "vivid", True, False),
    "elegant": ("romantic", "fade", 1.2, None, True, True),
    "cinematic": ("cinematic", "fadeblack", 1.0, None, True, True),
    "minimal": ("calm", "fade", 0.5, "none", False, False),
}
ZH_STYLES = {"professional": "专业", "fun": "活泼有趣", "elegant": "优雅", "cinematic": "电影感", "minimal": "简洁"}


class SetStyle(Op):
    """A coherent look from one word: professional (corporate music, dissolves, original colours), fun
    (upbeat, mixed transitions, vivid), elegant (romantic, slow fades), cinematic (cinematic music, dips
    to black, fades), minimal (calm, short fades, no motion). An uploaded song is kept."""

    name: ClassVar[str] = "set_style"
    style: StyleName

    def apply(self, w: Work) -> str:
        if w.empty:
            raise OpError(w.ctx.say("make the video first", "请先生成视频"))
        mood, tr, sec, look, motion, fades = STYLES[self.style]
        said: list[str] = []
        kept: list[str] = []

        def step(op: Op) -> None:
            """Apply one part of the look; its words go in the reply only if it changed something."""
            before = w.dump()
            text = op.apply(w)
            if w.dump() != before:
                said.append(text)

        music = w.audio()
        if music and not music[0].ed.mood:
            kept.append(w.ctx.say(f"kept your song {music[0].name}", f"保留你的音乐 {music[0].name}"))
        elif music:  # no music stays no music: it was taken out on purpose
            step(SetMusic(mood=mood))
        if len(w.video) > 1:
            step(SetTransitions(style=tr, seconds=sec))
        if look is not None:
            step(SetFilter(look=look))
        if any(s.kind == "image" and not s.ed.logo_card for s in w.video):
            step(SetMotion(on=motion))
        if fades:
            step(SetFades(start=True, end=True, seconds=1.0))
        if not said:
            done = w.ctx.say(f"the video already has the {self.style} look", f"已经是{ZH_STYLES[self.style]}风格")
            return ", ".join([done, *kept])
        return w.ctx.say(f"a more {self.style} look: ", f"{ZH_STYLES[self.style]}风格：") + ", ".join(said + kept)
