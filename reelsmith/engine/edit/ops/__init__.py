"""The edit operations: one small typed set that both planners (offline and Claude) go through.

Each operation is a pydantic model (so its JSON schema is the Claude tool's input
schema), checks itself against the draft, edits it, and returns a one-line
description of what changed. Positions are 1-based over the video track; -1 is
the last item.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reelsmith.engine.edit.ops.base import PLATFORMS, Op, is_logo, secs
from reelsmith.engine.edit.ops.build import Build
from reelsmith.engine.edit.ops.framing import SetFraming
from reelsmith.engine.edit.ops.layers import MoodName, Remove, SetLogo, SetMusic
from reelsmith.engine.edit.ops.look import SetCanvas, SetFades, SetFilter, SetMotion, SetTransitions
from reelsmith.engine.edit.ops.style import SetStyle, StyleName
from reelsmith.engine.edit.ops.sync import SetBeatSync
from reelsmith.engine.edit.ops.text import AddCaptions, SetText, SetTextStyle
from reelsmith.engine.edit.ops.timing import (
    Keep,
    Mute,
    Reorder,
    SetClipSpeed,
    SetDuration,
    SetItemDuration,
    SetPace,
    Trim,
)
from reelsmith.engine.edit.work import OpError, Work

__all__ = [
    "OPS",
    "PLATFORMS",
    "AddCaptions",
    "Build",
    "Keep",
    "MoodName",
    "Mute",
    "Op",
    "OpError",
    "Remove",
    "SetFades",
    "Reorder",
    "SetBeatSync",
    "SetCanvas",
    "SetClipSpeed",
    "SetDuration",
    "SetFilter",
    "SetFraming",
    "SetItemDuration",
    "SetLogo",
    "SetMotion",
    "SetMusic",
    "SetPace",
    "SetStyle",
    "SetText",
    "SetTextStyle",
    "SetTransitions",
    "StyleName",
    "Trim",
    "apply",
    "is_logo",
    "make",
    "tool_schemas",
]

# Each class is named after its tool (set_item_duration is SetItemDuration); the order is the tool list's.
OPS: dict[str, type[Op]] = {
    c.name: c
    for c in (
        Build,
        SetDuration,
        SetPace,
        SetClipSpeed,
        SetItemDuration,
        Reorder,
        Keep,
        Remove,
        Trim,
        Mute,
        SetCanvas,
        SetTransitions,
        SetMotion,
        SetFraming,
        SetText,
        SetTextStyle,
        AddCaptions,
        SetLogo,
        SetMusic,
        SetFilter,
        SetFades,
        SetStyle,
        SetBeatSync,
    )
}


def make(name: str, args: dict[str, Any]) -> Op:
    """An operation from a tool call; a bad name or argument is an OpError a model can read."""
    cls = OPS.get(name)
    if cls is None:
        raise OpError(f"unknown operation {name!r}; known: {', '.join(OPS)}")
    try:
        return cls.model_validate(args)
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or name
        raise OpError(f"{name}: {where}: {err['msg']}") from None


def apply(w: Work, op: Op, note_length: bool = True) -> str:
    """Apply one operation and re-derive the rest; the draft must still validate. All or nothing: after
    an error the draft is as it was, so Claude's next call starts from what the last good one left."""
    before = w.saved()
    try:
        was = w.total
        text = op.apply(w)
        note = _keep_length(w, op, was)
        text += note if note_length else ""
        w.settle()
        w.check()
    except ValidationError as e:  # a value the draft refuses, caught as the operation set it
        w.restore(before)
        raise OpError(f"{op.name}: {e.title}: {_first(e)}") from None
    except OpError:
        w.restore(before)
        raise
    return text


def _keep_length(w: Work, op: Op, was: int) -> str:
    """Hold the length the user asked for through an edit that is not about length (the photos are
    re-timed to it); what any edit does to the length is said in its reply."""
    kept = w.draft.m.ed.length
    if op.length == "change":
        if kept is not None:
            w.draft.m.ed.length = w.total  # changed on purpose: this is the length to keep now
    elif kept and w.video and abs(w.total - kept) > 40:
        try:
            w.fit_length(kept)
        except OpError:  # clips alone cannot fill it: the length changes, and the reply says so
            pass
        else:
            if w.total == was:
                return w.ctx.say(
                    f"; photos re-timed to keep the {secs(kept / 1000)} asked for",
                    f"；照片时长已调整，保持 {secs(kept / 1000)}",
                )
    if op.says_length or w.total == was or not was:
        return ""
    return w.ctx.say(
        f"; length {secs(was / 1000)} → {secs(w.total / 1000)}",
        f"；时长 {secs(was / 1000)} → {secs(w.total / 1000)}",
    )


def _first(e: ValidationError) -> str:
    """The first error as `field: message`."""
    err = e.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "value"
    return f"{where}: {str(err['msg']).removeprefix('Value error, ')}"


def tool_schemas() -> list[dict[str, Any]]:
    """The operations as Anthropic tool definitions."""
    out = []
    for name, cls in OPS.items():
        schema = cls.model_json_schema()
        schema.pop("title", None)
        for p in schema.get("properties", {}).values():
            p.pop("title", None)
        out.append({"name": name, "description": " ".join((cls.__doc__ or "").split()), "input_schema": schema})
    return out
