"""The video track: each photo or clip at its exact frame count, Ken Burns motion, colour filters, and
the fades from and to black. The joins between items are joins.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.draft import Draft, VideoSegment
from reelsmith.engine.render.canvas import Canvas, frame_layout
from reelsmith.engine.render.motion import plan as motion_plan
from reelsmith.engine.render.script import Script, colour, input_file, media_input, num, q
from reelsmith.engine.render.stills import StillJob, still_path

CLIP_FILTERS = {
    "bw": "hue=s=0",
    "warm": "colorchannelmixer=rr=1.08:bb=0.90",
    "cool": "colorchannelmixer=rr=0.92:bb=1.08",
    "vivid": "eq=saturation=1.35:contrast=1.08",
}


# Every segment leaves as 4:2:0 in TV range, the range every player and site assumes: a full-range
# clip (some phones write one) is brought into it by the scale it passes through anyway, rather than
# turning the whole video full range.
PICTURE = "format=pix_fmts=yuv420p:color_ranges=tv"


def _pieces(n: int, t_in: int, t_out: int) -> list[tuple[str, int, int]]:
    """Split a segment's n frames into (role, first, count): head, body, tail."""
    out = []
    if t_in:
        out.append(("h", 0, t_in))
    if n - t_in - t_out > 0:
        out.append(("b", t_in, n - t_in - t_out))
    if t_out:
        out.append(("t", n - t_out, t_out))
    return out


# A phone clip up to 1080p decodes on one thread faster than x264 encodes 1080p (about 110 fps here),
# and frame threads cost CPU that x264, already on every core, would use (0.3 s of a 13 s mixed render,
# bench/mixed.py). A bigger clip keeps ffmpeg's frame threads: one thread decodes 4K H.264 at 33 fps.
ONE_THREAD_PIXELS = 1920 * 1088


def decoder_opts(clip: MediaInfo | None) -> list[str]:
    """A clip's decoder threads: one for a clip up to 1080p, ffmpeg's own choice for anything bigger."""
    return ["-threads", "1"] if clip is not None and 0 < clip.width * clip.height <= ONE_THREAD_PIXELS else []


def segment_video(
    plan: Script,
    seg: VideoSegment,
    i: int,
    n: int,
    t_in: int,
    t_out: int,
    cv: Canvas,
    src: str,
    meta_filter: str,
    cache: Path,
    clip: MediaInfo | None = None,
) -> dict[str, str]:
    """Emit the segment as up to three pieces; returns role -> label. `clip` is a clip's probe."""
    filt = _filter(seg, meta_filter)
    pieces = _pieces(n, t_in, t_out)
    labels = {role: f"s{i}{role}" for role, _, _ in pieces}

    def tail(label: str) -> str:
        return f"setsar=1,settb=1/{cv.fps},setpts=N,{PICTURE}[{label}]"

    if seg.kind in ("image", "color"):
        still = still_path(_still_job(seg, cv, n, src, meta_filter), cache)
        # the still enters at the canvas rate, as clips leave their `fps` filter: xfade and concat
        # refuse links whose rates differ (ffmpeg's default for an image is 25 fps)
        k = plan.add_input("-framerate", str(cv.fps), "-i", media_input(still))
        split = "".join(f"[{i}{r}]" for r, _, _ in pieces)
        plan.lines.append(f"[{k}:v]format=yuv420p,split={len(pieces)}{split}")
        motion = motion_plan(seg, cv, n)
        for role, first, count in pieces:
            chain = motion.chain(first)
            # `loop` repeats the one decoded frame in memory: the photo is never re-decoded
            parts = [f"[{i}{role}]loop=loop={count - 1}:size=1:start=0"] + ([chain] if chain else [])
            plan.lines.append(",".join(parts) + "," + tail(labels[role]))
        return labels
    # a clip: seek on input (fast and exact when transcoding), then conform
    src_dur = seg.d * seg.speed / 1000.0
    # decoded up to a few frames past the slot (a phone clip's 1080p decode is the dearest part of a
    # render); `tpad` below holds the last frame if the clip is shorter still
    k = plan.add_input(
        *decoder_opts(clip),
        "-ss",
        num(seg.src_in / 1000.0),
        "-t",
        num(src_dur + 0.1),
        *input_file(src, clip.start if clip else None),
    )
    W, H = cv.width, cv.height
    base = f"c{i}"
    parts = [f"[{k}:v]setpts=(PTS-STARTPTS)/{num(seg.speed)}", f"fps={cv.fps}"]
    if seg.fit == "contain":
        parts.append(
            f"scale={W}:{H}:force_original_aspect_ratio=decrease,pad={W}:{H}:(ow-iw)/2:(oh-ih)/2:color={colour(cv.bg)}"
        )
    elif seg.fit == "blur":
        plan.lines.append(",".join(parts) + f",split[{base}a][{base}b]")
        # the clip's middle in the canvas's shape, blurred and darkened small (1/64 of the pixels), then
        # enlarged. Cut before it is shrunk, so the shrink reads only the part it keeps, and scaled
        # bilinear, which the blur cannot tell from bicubic: 0.12 CPU s of an upright 5 s phone clip in a
        # 1080p video, a quarter of the fill (bench/mixed.py)
        plan.lines.append(
            f"[{base}a]crop=w={q(f'min(iw,ih*{W}/{H})')}:h={q(f'min(ih,iw*{H}/{W})')},"
            f"scale={W // 8}:{H // 8}:flags=bilinear,boxblur=4,eq=brightness=-0.08,"
            f"scale={W}:{H}:flags=bilinear[{base}bg]"
        )
        plan.lines.append(f"[{base}b]scale={W}:{H}:force_original_aspect_ratio=decrease[{base}fg]")
        parts = [f"[{base}bg][{base}fg]overlay=(W-w)/2:(H-h)/2"]
    else:  # cut from the middle, or from the edge the person chose to keep
        y = {"top": "0", "bottom": "ih-oh"}.get(seg.focus, "(ih-oh)/2")
        parts.append(f"scale={W}:{H}:force_original_aspect_ratio=increase,crop={W}:{H}:(iw-ow)/2:{y}")
    if filt in CLIP_FILTERS:
        parts.append(CLIP_FILTERS[filt])
    # a clip shorter than its slot holds its last frame rather than cutting short
    parts += ["setsar=1", f"tpad=stop_mode=clone:stop={n}", f"trim=end_frame={n}"]
    split = "".join(f"[{base}{r}]" for r, _, _ in pieces)
    plan.lines.append(",".join(parts) + f",split={len(pieces)}{split}")
    for role, first, count in pieces:
        plan.lines.append(f"[{base}{role}]trim=start_frame={first}:end_frame={first + count}," + tail(labels[role]))
    return labels


def video_fades(plan: Script, draft: Draft, cv: Canvas, total: int, cur: str) -> str:
    """From black at the start and to black at the end, over everything drawn (titles and logo too),
    counted in whole frames so the last frame is black, not nearly so. Returns the faded label.

    Only the fading frames go through `fade`: the picture is split by frame number and joined again,
    so the frames in between pass as they are instead of each being copied (0.4 CPU s in 24 s)."""
    fi, fo = min(cv.frames(draft.m.fade_in), total // 2), min(cv.frames(draft.m.fade_out), total // 2)
    if not fi and not fo:
        return cur
    # `fade` writes into the frame it is given; frames here can still share buffers with `loop`'s
    # held photo, and this ffmpeg build corrupted its heap (malloc aborts, 4 renders in 4) until each
    # frame was copied first
    parts = [
        (a, b, fade)
        for a, b, fade in [
            (0, fi, f"copy,fade=t=in:s=0:n={fi}"),
            (fi, total - fo, ""),
            (total - fo, total, f"copy,fade=t=out:s=0:n={fo}"),
        ]
        if b > a
    ]
    labels = [f"{cur}f{j}" for j in range(len(parts))]
    plan.lines.append(f"[{cur}]split={len(parts)}" + "".join(f"[{x}]" for x in labels))
    for (a, b, fade), x in zip(parts, labels, strict=True):
        chain = [f"trim=start_frame={a}:end_frame={b}", "setpts=PTS-STARTPTS"] + ([fade] if fade else [])
        plan.lines.append(f"[{x}]" + ",".join(chain) + f"[{x}o]")
    plan.lines.append(
        "".join(f"[{x}o]" for x in labels) + f"concat=n={len(parts)}:v=1:a=0,settb=1/{cv.fps},setpts=N[faded]"
    )
    return "faded"


def _filter(seg: VideoSegment, meta_filter: str) -> str:
    return seg.filter if seg.filter != "none" else meta_filter


def _still_job(seg: VideoSegment, cv: Canvas, n: int, src: str, meta_filter: str) -> StillJob:
    """What prepare_still makes for a photo or colour card."""
    motion = motion_plan(seg, cv, n)
    return StillJob(
        src if seg.kind == "image" else seg.src,
        motion.still,
        "card" if seg.ed.logo_card else seg.fit,  # a logo card is composed, not fitted
        _filter(seg, meta_filter),
        cv.bg,
        seg.focus,
        motion.safe(),
        motion.fine,
    )


def still_jobs(draft: Draft, cv: Canvas, resolve: Callable[[str], str]) -> list[StillJob]:
    """The stills compile_draft will point at, so they can be prepared in parallel first: the largest
    first, so that on two cores the dearest one is not left to run alone at the end (0.1 s of the make
    bench's 0.9 s of photos)."""
    video = draft.video()
    frames, _ = frame_layout(video, cv) if video else ([], [])
    jobs = [
        _still_job(seg, cv, n, resolve(seg.src) if seg.kind == "image" else seg.src, draft.m.filter)
        for seg, n in zip(video, frames, strict=True)
        if seg.kind in ("image", "color")
    ]
    return sorted(jobs, key=lambda j: j.size[0] * j.size[1] * (4 if j.shifted else 1), reverse=True)
