"""The ffmpeg side of a render: its inputs and a filter_complex script, and the one place values are
escaped for that script (every level they pass through).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reelsmith.engine.media.ffmpeg import input_file, media_input

__all__ = ["BLEND_420", "Script", "colour", "input_file", "media_input", "num", "q"]

# Every `overlay` names the picture's own format. With `format=auto`, this ffmpeg (9.x) negotiates
# yuva420p for the main picture whenever the overlay has alpha: the whole video is converted to
# yuva420p and back, two full-frame conversions a frame for the length of the video (0.8 CPU s of a
# 30 s 1080p render), for a title shown 3 s.
BLEND_420 = "format=yuv420"

_GRAPH_SPECIAL = re.compile(r"([\\'\[\],;])")


_HEX = re.compile(r"#[0-9a-f]{6}(?:[0-9a-f]{2})?")


@dataclass
class Script:
    inputs: list[list[str]] = field(default_factory=list)  # per input: its ffmpeg options
    lines: list[str] = field(default_factory=list)
    total_frames: int = 0
    total_samples: int = 0

    def add_input(self, *opts: str) -> int:
        self.inputs.append(list(opts))
        return len(self.inputs) - 1

    def args_for(self, script: Path, *outputs: str) -> list[str]:
        out: list[str] = []
        for opts in self.inputs:
            out += opts
        out += ["-/filter_complex", str(script)]
        for label in outputs:
            out += ["-map", label]
        return out


def q(s: str) -> str:
    """A filter option value, escaped for both levels it passes through in a filter_complex script.

    Level 1 (the filter's option parser): the value in single quotes, inside which everything is
    literal; a quote itself is closed, escaped and reopened. Level 2 (the graph parser, which reads a
    filter's whole argument string first): every character it treats specially is backslash-escaped.
    """
    level1 = "'" + s.replace("'", "'\\''") + "'"
    return _GRAPH_SPECIAL.sub(r"\\\1", level1)


def colour(hex_colour: str) -> str:
    """A validated `#rrggbb[aa]` as ffmpeg's `0xRRGGBB[AA]`; anything else is refused, never passed on."""
    if not _HEX.fullmatch(hex_colour):
        raise ValueError(f"colour {hex_colour[:40]!r} must be #rrggbb")
    return "0x" + hex_colour[1:]


def num(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".") or "0"
