"""Joins between items: the bodies in timeline order, each transition blended from the outgoing item's
tail and the incoming item's head only.

Every join that can be is drawn in yuv420p, the format the video is encoded in: `xfade` takes only
unsubsampled formats, so each of its frames costs three whole-frame conversions (to yuv444p and back).
Crossfades, fades through black, slides and wipes are drawn with `overlay`, `fade`, `crop` and `pad`
to the same geometry as xfade's; the rarer shapes (circles, pixelize, ...) stay with xfade.
"""

from __future__ import annotations

from reelsmith.engine.model.draft import VideoSegment
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.script import BLEND_420, Script, num

ALIASES = {"dissolve": "fade", "crossfade": "fade"}

# name: (axis, which picture is drawn first on the strip). At the k-th of t frames the incoming picture
# covers k/t of the frame: from the right for left-going moves, from the bottom for upward ones.
SLIDES = {"slideleft": ("x", "ab"), "slideright": ("x", "ba"), "slideup": ("y", "ab"), "slidedown": ("y", "ba")}
# name: (axis, whether the incoming picture is the one laid over the other)
WIPES = {"wipeleft": ("x", True), "wiperight": ("x", False), "wipeup": ("y", True), "wipedown": ("y", False)}


def join(plan: Script, pieces: list[dict[str, str]], video: list[VideoSegment], trans: list[int], cv: Canvas) -> str:
    """Bodies in order, with each transition blended from a tail and the next head only.

    One concat pulls the pieces in timeline order, so no segment produces frames
    before it is needed and nothing queues up in memory.
    """
    order: list[str] = []
    for i, labels in enumerate(pieces):
        if "b" in labels:
            order.append(labels["b"])
        if "t" in labels:
            tr = video[i].tr
            chosen: str = tr.name if tr else "fade"
            out = f"x{i}"
            # the same count the tail and head pieces were cut to
            transition(plan, ALIASES.get(chosen, chosen), labels["t"], pieces[i + 1]["h"], trans[i], cv, out)
            order.append(out)
    if len(order) == 1:
        plan.lines.append(f"[{order[0]}]null[joined]")
    else:
        plan.lines.append("".join(f"[{o}]" for o in order) + f"concat=n={len(order)}:v=1:a=0[joined]")
    return "joined"


def transition(plan: Script, name: str, a: str, b: str, t: int, cv: Canvas, out: str) -> None:
    """`t` frames of `name` from the picture [a] to [b], as [out]."""
    if name == "fade":
        # frame k shows k/t of the next picture, as xfade's fade does
        plan.lines.append(f"[{b}]format=yuva420p,fade=t=in:s=0:n={t}:alpha=1[{b}a]")
        plan.lines.append(f"[{a}][{b}a]overlay=eof_action=pass:{BLEND_420},trim=end_frame={t}[{out}]")
    elif name == "fadeblack" and t >= 4:
        # down to black in the first half and up in the second, each a straight ramp: xfade's own
        # went down in four frames and came up over the rest. `copy` first: see video_fades.
        h = t // 2
        plan.lines.append(f"[{a}]trim=end_frame={h},copy,fade=t=out:s=0:n={h}[{out}d]")
        plan.lines.append(f"[{b}]trim=start_frame={h},setpts=PTS-STARTPTS,copy,fade=t=in:s=0:n={t - h}[{out}u]")
        plan.lines.append(f"[{out}d][{out}u]concat=n=2:v=1:a=0[{out}]")
    elif name in SLIDES:
        _slide(plan, *SLIDES[name], a, b, t, cv, out)
    elif name in WIPES:
        _wipe(plan, *WIPES[name], a, b, t, cv, out)
    else:
        plan.lines.append(
            f"[{a}][{b}]xfade=transition={name}:duration={num(t / cv.fps)}:offset=0,trim=end_frame={t}[{out}]"
        )


def _covered(size: int, t: int, fps: float, rising: bool) -> str:
    """How far the incoming picture has come in at the k-th of t frames (k/t of `size`, or what is left
    of it when not `rising`), in whole chroma pixels: a yuv420p crop or overlay at an odd place would
    put the colour half a pixel off. k comes from the frame's time, not `n`: overlay counts from 1
    where crop counts from 0."""
    k = f"round(t*{num(fps)})"
    return f"2*floor({size}*{k if rising else f'({t}-{k})'}/{2 * t})"


def _slide(plan: Script, axis: str, order: str, a: str, b: str, t: int, cv: Canvas, out: str) -> None:
    """Both pictures side by side on a strip twice the frame, and a frame-sized window moving along it:
    `crop` only moves the window (no pixel is touched), so a frame costs one copy of the two pictures."""
    stack = "hstack" if axis == "x" else "vstack"
    size = cv.width if axis == "x" else cv.height
    first, second = (a, b) if order == "ab" else (b, a)
    # the window starts on the outgoing picture: at 0 on an a|b strip, at `size` on a b|a one
    at = _covered(size, t, cv.fps, rising=order == "ab")
    x, y = (at, "0") if axis == "x" else ("0", at)
    plan.lines.append(
        f"[{first}][{second}]{stack}=inputs=2:shortest=1,"
        f"crop={cv.width}:{cv.height}:x='{x}':y='{y}',trim=end_frame={t}[{out}]"
    )


def _wipe(plan: Script, axis: str, incoming_on_top: bool, a: str, b: str, t: int, cv: Canvas, out: str) -> None:
    """An edge crossing the frame, the pictures still. The picture laid on top is the far side of the
    edge: padded to twice its size and cropped from the edge on, it lands on the frame exactly where it
    was (`overlay` drops what falls outside)."""
    top, under = (b, a) if incoming_on_top else (a, b)
    size = cv.width if axis == "x" else cv.height
    # the incoming picture on top covers the far side (the edge moves back from the end); the outgoing
    # one on top keeps the far side (the edge moves on from the start)
    edge = _covered(size, t, cv.fps, rising=not incoming_on_top)
    # the window is cut from the padded picture and laid on the frame at the same place
    if axis == "x":
        pad, at = f"pad={2 * cv.width}:ih", f"x='{edge}':y=0"
    else:
        pad, at = f"pad=iw:{2 * cv.height}", f"x=0:y='{edge}'"
    plan.lines.append(f"[{top}]{pad},crop={cv.width}:{cv.height}:{at}[{out}w]")
    plan.lines.append(f"[{under}][{out}w]overlay={at}:eof_action=pass:{BLEND_420},trim=end_frame={t}[{out}]")
