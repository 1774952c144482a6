"""Where the faces and subjects are on screen, and when: what text and logos keep clear of.

A face found in a photo (media/subject.py, as fractions of the photo) is followed through the photo's
cover crop and its Ken Burns motion to canvas pixels. A photo with no face but something that stands
out (the salient region: a product on a table, a cake) gives that region instead, as a soft spot: text
and logos keep off it where they have room at their size, but it never makes them smaller, as a face
does. The box it covers over a segment is the union of
where it is at the first and the last frame: pans and zooms move it monotonically, so the union holds
every frame between. In a clip, faces are looked for in frames across the part that plays (a face
moves), and text keeps clear of every one found.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from reelsmith.engine.media import subject as _subject
from reelsmith.engine.model.draft import Draft, VideoSegment, layout
from reelsmith.engine.render.canvas import Canvas, frame_layout
from reelsmith.engine.render.motion import Motion
from reelsmith.engine.render.motion import plan as motion_plan
from reelsmith.engine.render.stills import centring, crop_margin
from reelsmith.engine.render.zones import Rect

ORIENTATION = 0x0112  # the EXIF tag; 5 to 8 turn the picture a quarter
ROOM = 0.12  # a face's box grown by this part of its size each side: hair, chin, a little air


@dataclass(frozen=True)
class Spot:
    """Something on screen from `st` to `en` ms that text and logos must not cover."""

    st: int
    en: int
    rect: Rect
    soft: bool = False  # a salient subject, not a face: avoided where there is room, never at any cost


def subjects(draft: Draft, cv: Canvas, resolve: Callable[[str], str], cache: Path) -> list[Spot]:
    """Every face in the draft's photos and clips (or, in a photo without one, its salient subject), in
    canvas pixels, with the time its photo or clip is on screen."""
    video = draft.video()
    if not video:
        return []
    frames, _ = frame_layout(video, cv)
    # only the photos something is drawn over: each one looked at costs a decode before the encode starts
    drawn = [(x.st, x.st + x.d) for x in draft.texts()] + [(o.st, o.st + o.d) for o in draft.overlays()]
    out: list[Spot] = []
    for seg, (st, en), n in zip(video, layout(video), frames, strict=True):
        if seg.ed.logo_card or seg.kind not in ("image", "video") or not any(a < en and st < b for a, b in drawn):
            continue
        if seg.kind == "video":
            out += [Spot(st, en, rect) for rect in _clip_faces(seg, resolve(seg.src), cv)]
            continue
        src = resolve(seg.src)
        found = _subject.analyse(src, cache)
        if found.kind == "none":
            continue
        motion = motion_plan(seg, cv, n)
        if found.faces:
            for face in found.faces:
                g = face.grown(face.w * ROOM, face.h * ROOM, face.w * ROOM, face.h * ROOM)
                out.append(Spot(st, en, _on_canvas(_in_still(seg, src, found, g, motion), motion, cv)))
        else:  # the salient box is already grown a little around what stands out
            out.append(Spot(st, en, _on_canvas(_in_still(seg, src, found, found.box, motion), motion, cv), soft=True))
    return out


CLIP_LOOKS = (0.1, 0.5, 0.9)  # where in a clip's part the faces are looked for


def _clip_faces(seg: VideoSegment, src: str, cv: Canvas) -> list[Rect]:
    """The faces in a clip's frames across the part that plays, on the canvas as the clip's fit shows
    them (cover: scaled to fill and centred; contain and blur: scaled to fit and centred)."""
    span = seg.d * seg.speed / 1000
    (fw, fh), boxes = _subject.clip_faces(src, tuple(seg.src_in / 1000 + k * span for k in CLIP_LOOKS))
    if not boxes:
        return []
    k = (max if seg.fit == "cover" else min)(cv.width / fw, cv.height / fh)
    ox, oy = (cv.width - fw * k) / 2, (cv.height - fh * k) / 2
    out = []
    for b in boxes:
        g = b.grown(b.w * ROOM, b.h * ROOM, b.w * ROOM, b.h * ROOM)
        x0, y0 = max(0, round(ox + g.x * fw * k)), max(0, round(oy + g.y * fh * k))
        x1, y1 = min(cv.width, round(ox + g.right * fw * k)), min(cv.height, round(oy + g.bottom * fh * k))
        if x1 > x0 and y1 > y0:
            out.append(Rect(x0, y0, x1, y1))
    return out


def _in_still(
    seg: VideoSegment, src: str, found: _subject.Subject, g: _subject.Box, motion: Motion
) -> tuple[float, float, float, float]:
    """A box of the photo as fractions of the prepared still (x0, y0, x1, y1), as stills.prepare_still
    fits it."""
    with Image.open(src) as im:  # the header only: the size as shown, turned as its EXIF says
        size = im.size[::-1] if im.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8) else im.size
    if seg.fit == "cover":
        cw, ch = crop_margin(size, motion.still)
        cx, cy = centring(found, size, motion.still, seg.focus, motion.safe())
        left, top = cx * (1 - cw), cy * (1 - ch)
        return (g.x - left) / cw, (g.y - top) / ch, (g.right - left) / cw, (g.bottom - top) / ch
    # contain and blur: the whole photo, fitted inside and centred
    sw, sh = motion.still
    k = min(sw / size[0], sh / size[1])
    fw, fh = size[0] * k / sw, size[1] * k / sh
    ox, oy = (1 - fw) / 2, (1 - fh) / 2
    return ox + g.x * fw, oy + g.y * fh, ox + g.right * fw, oy + g.bottom * fh


def _windows(m: Motion) -> list[tuple[float, float, float, float]]:
    """The part of the still on screen at the first and the last frame, as fractions (x, y, w, h)."""
    sw, sh = m.still
    ww, wh = m.window
    whole = (0.0, 0.0, 1.0, 1.0)
    tight = m.safe() if m.kind.startswith("zoom") else whole
    if m.kind in ("zoom_in", "zoom_out"):
        return [whole, tight]
    if m.kind in ("pan_left", "pan_right"):
        y = int(m.anchor[1] * (sh - wh)) / sh
        return [(0.0, y, ww / sw, wh / sh), ((sw - ww) / sw, y, ww / sw, wh / sh)]
    if m.kind in ("pan_up", "pan_down"):
        x = (sw - ww) // 2 / sw
        return [(x, 0.0, ww / sw, wh / sh), (x, (sh - wh) / sh, ww / sw, wh / sh)]
    return [whole]


def _on_canvas(box: tuple[float, float, float, float], m: Motion, cv: Canvas) -> Rect:
    x0, y0, x1, y1 = box
    xs, ys = [], []
    for wx, wy, ww, wh in _windows(m):
        xs += [(x0 - wx) / ww * cv.width, (x1 - wx) / ww * cv.width]
        ys += [(y0 - wy) / wh * cv.height, (y1 - wy) / wh * cv.height]
    clamp = lambda v, hi: max(0, min(hi, round(v)))  # noqa: E731
    return Rect(
        clamp(min(xs), cv.width), clamp(min(ys), cv.height), clamp(max(xs), cv.width), clamp(max(ys), cv.height)
    )
