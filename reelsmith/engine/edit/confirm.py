"""Destructive changes wait for a yes: a length changed more than 4x, most items removed, or the
person's own song dropped is proposed, stored with the session, and applied only when the next message
is a yes ("yes", "ok", "do it", "好的", "确认"); any other message drops it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reelsmith.engine.edit.work import Work

YES = re.compile(
    r"^\s*(?:yes|yeah|yep|yup|sure|ok|okay|do it|go ahead|go for it|confirm(?:ed)?|please do|yes please|"
    r"sounds good|that's fine|fine|y|好的?|好吧|确认|确定|可以|行|是的?|没问题|就这样|同意)\s*[.!。！]*\s*$",
    re.I,
)
NO = re.compile(
    r"^\s*(?:no|nope|don't|do not|cancel|never ?mind|leave it|keep it|不要|不用|算了|取消|不)\s*[.!。！]*\s*$", re.I
)
MAX_RATIO = 4.0


@dataclass
class Before:
    """What a change is measured against."""

    total: int
    items: int
    song: str | None  # the person's own song playing (its source), if any

    @classmethod
    def of(cls, w: Work) -> Before:
        music = w.audio()
        song = music[0].src if music and not music[0].ed.mood else None
        return cls(w.total, sum(1 for s in w.video if not s.ed.logo_card), song)


def risks(before: Before, w: Work) -> list[tuple[str, str]]:
    """Why the change now in `w` needs a yes, in English and Chinese; empty when it does not."""
    out: list[tuple[str, str]] = []
    if before.total and w.total and not 1 / MAX_RATIO <= w.total / before.total <= MAX_RATIO:
        a, b = round(before.total / 1000, 1), round(w.total / 1000, 1)
        out.append((f"change the length from {a:g}s to {b:g}s", f"把时长从 {a:g} 秒改为 {b:g} 秒"))
    items = sum(1 for s in w.video if not s.ed.logo_card)
    if before.items >= 2 and before.items - items > before.items / 2:
        out.append(
            (
                f"remove {before.items - items} of your {before.items} items",
                f"删除{before.items}个素材中的{before.items - items}个",
            )
        )
    music = w.audio()
    if before.song and not (music and music[0].src == before.song):
        out.append(
            ("replace your own song", "替换你上传的音乐") if music else ("drop your own song", "去掉你上传的音乐")
        )
    return out


def proposal(w: Work, why: list[tuple[str, str]], done: list[str]) -> str:
    en = "; ".join(x[0] for x in why)
    zh = "；".join(x[1] for x in why)
    return w.ctx.say(
        f"That would {en} ({'; '.join(done)}). It's a big change, so I haven't made it: "
        'say "yes" to go ahead, or anything else to keep the video as it is.',
        f"这会{zh}（{'；'.join(done)}）。改动较大，还没有执行：回复“确认”或“好的”就执行，否则保持原样。",
    )
