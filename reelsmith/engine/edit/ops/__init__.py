"""The edit operations: one small typed set that both planners (offline and Claude) go through.

Each operation is a pydantic model (so its JSON schema is the Claude tool's input
schema), checks itself against the draft, edits it, and returns a one-line
description of what changed. Positions are 1-based over the video track; -1 is
the last item.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from reelsmith.engine.edit.ops.base import PLATFORMS, Op, is_logo
from reelsmith.engine.edit.ops.build import Build
from reelsmith.engine.edit.ops.layers import Captions, Logo, Music, Remove, Text
from reelsmith.engine.edit.ops.look import Canvas, Filter, SetMotion, Transitions
from reelsmith.engine.edit.ops.timing import ClipSpeed, Hold, Mute, Pace, Reorder, SetDuration, Trim
from reelsmith.engine.edit.work import OpError, Work

__all__ = [
    "OPS",
    "PLATFORMS",
    "Build",
    "Canvas",
    "Captions",
    "ClipSpeed",
    "Filter",
    "Hold",
    "Logo",
    "Music",
    "Mute",
    "Op",
    "OpError",
    "Pace",
    "Remove",
    "Reorder",
    "SetDuration",
    "SetMotion",
    "Text",
    "Transitions",
    "Trim",
    "apply",
    "is_logo",
    "make",
    "tool_schemas",
]

OPS: dict[str, type[Op]] = {
    c.name: c
    for c in (
        Build,
        SetDuration,
        Pace,
        ClipSpeed,
        Hold,
        Reorder,
        Remove,
        Trim,
        Mute,
        Canvas,
        Transitions,
        SetMotion,
        Text,
        Captions,
        Logo,
        Music,
        Filter,
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


def apply(w: Work, op: Op) -> str:
    """Apply one operation and re-derive the rest; the draft must still validate."""
    text = op.apply(w)
    w.settle()
    w.check()
    return text


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
