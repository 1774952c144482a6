"""How photos and clips fill the frame: the whole picture, or a crop kept on the subject or on one edge."""

from __future__ import annotations

from typing import ClassVar, Literal

from reelsmith.engine.edit.ops.base import GENTLE, Op, is_sweep
from reelsmith.engine.edit.work import OpError, Work
from reelsmith.engine.model.choices import Fit, Focus
from reelsmith.engine.model.draft import Motion

ZH_FOCUS = {"top": "顶部", "center": "中间", "bottom": "底部"}


class SetFraming(Op):
    """How a photo or clip fills the frame, for one or all: "whole" shows all of it on a blurred fill
    of itself ("show the whole photo"); "crop" fills the frame, cut around its subject (faces kept,
    with room above the heads) with focus auto, or anchored at its top, center or bottom ("keep the
    top", "don't cut off heads")."""

    name: ClassVar[str] = "set_framing"
    show: Literal["whole", "crop"] = "crop"
    focus: Focus = "auto"
    item: int | None = None
    kind: Literal["all", "image", "video"] = "all"  # with no item: the photos, the clips, or both

    def apply(self, w: Work) -> str:
        segs = [w.item(self.item)] if self.item else [s for s in w.video if self.kind in ("all", s.kind)]
        shown = [s for s in segs if (s.kind == "image" and not s.ed.logo_card) or s.kind == "video"]
        if not shown:
            raise OpError(
                w.ctx.say("framing applies to photos and clips, and there are none here", "取景只适用于照片和视频片段")
            )
        fit: Fit = "blur" if self.show == "whole" else "cover"
        changed = 0
        for i, s in enumerate(shown):
            if (s.fit, s.focus) != (fit, self.focus):
                changed += 1
            s.fit = fit
            if self.focus == "auto":
                s.unset("focus")  # the default: framed on the subject (a clip: its middle)
            else:
                s.focus = self.focus
            s.ed.framed = True  # a new canvas keeps what the person chose
            if fit != "cover" and is_sweep(s.motion):  # a panorama shown whole: no sweep across a strip
                s.motion = Motion(type=GENTLE[i % len(GENTLE)], amount=0.06)
        kinds = {s.kind for s in shown}
        noun, zh_noun = (
            ("photo", "照片")
            if kinds == {"image"}
            else ("clip", "视频片段")
            if kinds == {"video"}
            else ("picture", "画面")
        )
        on = f" on {w.label(shown[0])}" if self.item else ""
        zh_on = f"{w.label(shown[0])}" if self.item else zh_noun
        if self.show == "whole":
            en, zh = f"the whole {noun} shown{on}, on a blurred fill", f"{zh_on}完整显示，空白处用模糊背景填充"
        elif self.focus == "auto":
            en, zh = f"{noun}s cropped to fill the frame, kept on their subject{on}", f"{zh_on}裁切铺满画面，保留主体"
        else:
            where = {"center": "centre"}.get(self.focus, self.focus)
            en, zh = f"the crop kept at the {where}{on}", f"{zh_on}裁切时保留{ZH_FOCUS[self.focus]}"
        if not changed:
            return w.ctx.say(f"already so: {en}", f"已经是这样：{zh}")
        return w.ctx.say(en, zh)
