"""The offline planner's rule for cutting on the beat: "don't sync to the music" / "cut on the beat".

It runs before the music rule, and takes its words (music, beat, song), so "sync to the music" does
not also ask for music.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reelsmith.engine.edit import ops

if TYPE_CHECKING:  # the planner calls this rule; it only names its types
    from reelsmith.engine.edit.planner import Plan, Rest

_TO = r"(?:to|with|on|onto)\s+(?:the\s+)?(?:music|beats?|song|rhythm|bgm|soundtrack|tempo)"
_SYNC = rf"(?:beat[- ]?sync(?:ed|ing)?|sync(?:ed|ing|hroni[sz]e)?(?:\s+(?:it|the\s+cuts|cuts|the\s+photos))?\s+{_TO})"
_CUT = r"(?:cut(?:s|ting)?|switch(?:es|ing)?|chang(?:e|es|ing))\s+(?:on|to)\s+(?:the\s+)?(?:beats?|music|rhythm)"
OFF = (
    rf"\b(?:don'?t|do\s+not|no|without|stop|turn\s+off|disable|never)\s+(?:the\s+)?(?:{_SYNC}|{_CUT}|beat[- ]?sync)\b"
    rf"|\b(?:{_SYNC}|beat[- ]?sync|{_CUT})\s+off\b|\bnot\s+(?:synced|in\s+sync)\s+{_TO}"
    r"|不要卡点|不卡点|别卡点|取消卡点|关闭卡点|不用卡点|不要踩点|不踩点|不要跟着节拍|不要对齐节拍"
)
ON = rf"\b(?:{_SYNC}|{_CUT}|beat[- ]?sync(?:ed|ing)?|on\s+the\s+beat)\b|卡点|踩点|跟着节拍|对齐节拍|按节拍"


def sync(r: Rest, p: Plan) -> None:
    """Beat sync off or on, when the request says so."""
    if r.search(OFF):
        p.ops.append(ops.SetBeatSync(on=False))
    elif r.search(ON):
        p.ops.append(ops.SetBeatSync(on=True))
