"""A draft to its ffmpeg graphs: the picture (video track, overlays and texts) in one graph, the sound
in another, run side by side and muxed (render.py).

Design, for speed on two cores:
- a photo enters as one prepared frame and is repeated by `loop` (decoded once);
- Ken Burns is `scale` (evaluated per frame) then a centred `crop`: no zoompan,
  whose rounding of the crop window in source pixels is what makes it judder;
- each segment is produced at exactly its frame count, and joins.py blends each
  transition from one tail and the next head, in whole frames, so every join really blends;
- audio is trimmed, looped, faded, ducked and loudness-normalised in its own
  graph and cut to the exact sample count of the video.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render import onscreen
from reelsmith.engine.render.audio import premix, sound_script
from reelsmith.engine.render.canvas import Canvas, frame_layout
from reelsmith.engine.render.joins import join
from reelsmith.engine.render.overlay import draw_overlays
from reelsmith.engine.render.script import Script
from reelsmith.engine.render.text import draw_texts
from reelsmith.engine.render.video import PICTURE, segment_video, video_fades


def compile_draft(
    draft: Draft,
    cv: Canvas,
    cache: Path,
    resolve: Callable[[str], str],
    probe: Callable[[str], MediaInfo],
    scratch: Path,
) -> Script:
    """The render's graph. `cache` holds prepared stills shared between jobs (content-addressed);
    `scratch` is this job's own folder, for what no other job may see (its text images)."""
    plan = Script()
    video = draft.video()
    if not video:
        raise ValueError("the draft has no photos or clips on its video track")
    frames, trans = frame_layout(video, cv)
    srcs = [resolve(s.src) if s.kind != "color" else s.src for s in video]
    pieces = []
    for i, s in enumerate(video):
        t_in = trans[i - 1] if i else 0
        clip = probe(srcs[i]) if s.kind == "video" else None
        pieces.append(segment_video(plan, s, i, frames[i], t_in, trans[i], cv, srcs[i], draft.m.filter, cache, clip))
    joined = join(plan, pieces, video, trans, cv)
    length = sum(frames) - sum(trans)
    total = cv.frames(draft.d) if draft.d > 0 else length
    plan.total_frames = total
    chain = [f"[{joined}]tpad=stop_mode=clone:stop={max(0, total - length)}", f"trim=end_frame={total}"]
    cur = "vbase"
    plan.lines.append(",".join(chain) + f"[{cur}]")
    subjects = onscreen.subjects(draft, cv, resolve, cache)
    cur, logos = draw_overlays(plan, draft, cv, cur, resolve, cache, subjects)
    cur = draw_texts(plan, draft, cv, cur, scratch, resolve, subjects + logos)
    cur = video_fades(plan, draft, cv, total, cur)
    plan.lines.append(f"[{cur}]{PICTURE}[vout]")
    return plan


def compile_sound(
    draft: Draft, cv: Canvas, total_frames: int, resolve: Callable[[str], str], probe: Callable[[str], MediaInfo]
) -> Script | None:
    """The graph that mixes every sound of the draft into [amix], for a video of `total_frames`; None
    when there is nothing to hear. Resolving a generated song makes it, so this runs beside the picture."""
    video = draft.video()
    frames, trans = frame_layout(video, cv)
    srcs = [resolve(s.src) if s.kind != "color" else s.src for s in video]
    has_audio = [probe(src).has_audio if s.kind == "video" else False for s, src in zip(video, srcs, strict=True)]
    starts, t = [], 0
    for i in range(len(video)):
        starts.append(round(t * 1000 / cv.fps))
        t += frames[i] - trans[i]
    audio = sound_script(total_frames, cv.fps)
    total_ms = int(math.ceil(total_frames * 1000 / cv.fps))
    return audio if premix(audio, draft, video, starts, srcs, has_audio, total_ms, resolve, probe) else None
