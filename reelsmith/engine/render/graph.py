"""Compile a draft into one ffmpeg run: inputs plus a filter_complex script.

Design, for speed on two cores:
- a photo enters as one prepared frame and is repeated by `loop` (decoded once);
- Ken Burns is `scale` (evaluated per frame) then a centred `crop`: no zoompan,
  whose rounding of the crop window in source pixels is what makes it judder;
- each segment is produced at exactly its frame count, and `xfade` joins them
  with offsets computed here in whole frames, so every join really blends;
- audio is trimmed, looped, faded, ducked and loudness-normalised in-graph and
  cut to the exact sample count of the video.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import ImageFont

from reelsmith.engine.media import fonts
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.draft import Draft, TextSegment, VideoSegment, layout
from reelsmith.engine.render.stills import headroom_size, prepare_overlay, still_path
from reelsmith.protocol.facts import needs_cjk

SAMPLE_RATE = 48000
TARGET_LUFS = -14.0
TRUE_PEAK_DB = -1.5
XFADE_ALIASES = {"dissolve": "fade", "crossfade": "fade"}
CLIP_FILTERS = {
    "bw": "hue=s=0",
    "warm": "colorchannelmixer=rr=1.08:bb=0.90",
    "cool": "colorchannelmixer=rr=0.92:bb=1.08",
    "vivid": "eq=saturation=1.35:contrast=1.08",
}


@dataclass
class Canvas:
    width: int
    height: int
    fps: int
    bg: str = "#000000"

    def frames(self, ms: int) -> int:
        return int(round(ms * self.fps / 1000.0))


@dataclass
class Plan:
    inputs: list[list[str]] = field(default_factory=list)  # per input: its ffmpeg options
    lines: list[str] = field(default_factory=list)
    total_frames: int = 0
    total_samples: int = 0
    audio: Plan | None = None  # the sound, mixed in its own pass

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

    def args(self, script: Path) -> list[str]:
        return self.args_for(script, "[vout]", "[aout]")


_GRAPH_SPECIAL = re.compile(r"([\\'\[\],;])")
_HEX = re.compile(r"#[0-9a-f]{6}(?:[0-9a-f]{2})?")


def _q(s: str) -> str:
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


def media_input(path: str | Path) -> str:
    """A file for ffmpeg's command line (an input or an output): always through the file protocol, so a
    name can never be a URL, protocol or option."""
    return "file:" + str(Path(path).resolve())


def _num(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".") or "0"


def motion_filter(seg: VideoSegment, cv: Canvas, n: int, offset: int = 0) -> tuple[str, float]:
    """Ken Burns as scale(eval=frame)+crop; returns (filter chain, headroom used).

    `offset` is the segment frame at which this piece starts, so the head, body and
    tail pieces of one segment continue one motion.
    """
    kind, amt = seg.motion.type, seg.motion.amount
    if kind == "none" or amt <= 0 or n < 2:
        return "", 0.0
    W, H = cv.width, cv.height
    PW, PH = headroom_size(W, H, amt)
    p = f"((n+{offset})/{n - 1})"
    if kind in ("zoom_in", "zoom_out"):
        frac = p if kind == "zoom_in" else f"(1-{p})"
        # even sizes keep the centred crop offset a whole pixel: no wobble about the centre
        sw = f"2*trunc(({W}+{PW - W}*{frac})/2+0.5)"
        sh = f"2*trunc(({H}+{PH - H}*{frac})/2+0.5)"
        # crop's iw/ih are the sizes it was configured with, not this frame's: derive the
        # offsets from the same per-frame size expressions
        chain = (
            f"scale=w={_q(sw)}:h={_q(sh)}:eval=frame:flags=bilinear,"
            f"crop={W}:{H}:x={_q(f'({sw}-{W})/2')}:y={_q(f'({sh}-{H})/2')}"
        )
        return chain, amt
    frac = p if kind in ("pan_right", "pan_down") else f"(1-{p})"
    if kind in ("pan_left", "pan_right"):
        x, y = f"round({PW - W}*{frac})", f"{(PH - H) // 2}"
    else:
        x, y = f"{(PW - W) // 2}", f"round({PH - H}*{frac})"
    return f"crop={W}:{H}:x={_q(x)}:y={_q(y)}", amt


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


def _segment_video(
    plan: Plan,
    seg: VideoSegment,
    i: int,
    n: int,
    t_in: int,
    t_out: int,
    cv: Canvas,
    src: str,
    meta_filter: str,
    cache: Path,
) -> dict[str, str]:
    """Emit the segment as up to three pieces; returns role -> label."""
    filt = _filter(seg, meta_filter)
    pieces = _pieces(n, t_in, t_out)
    labels = {role: f"s{i}{role}" for role, _, _ in pieces}

    def tail(label: str) -> str:
        return f"setsar=1,settb=1/{cv.fps},setpts=N,format=yuv420p[{label}]"

    if seg.kind in ("image", "color"):
        still = still_path(*_still_job(seg, cv, n, src, meta_filter), cache)
        # the still enters at the canvas rate, as clips leave their `fps` filter: xfade and concat
        # refuse links whose rates differ (ffmpeg's default for an image is 25 fps)
        k = plan.add_input("-framerate", str(cv.fps), "-i", media_input(still))
        split = "".join(f"[{i}{r}]" for r, _, _ in pieces)
        plan.lines.append(f"[{k}:v]format=yuv420p,split={len(pieces)}{split}")
        for role, first, count in pieces:
            chain, _ = motion_filter(seg, cv, n, first)
            # `loop` repeats the one decoded frame in memory: the photo is never re-decoded
            parts = [f"[{i}{role}]loop=loop={count - 1}:size=1:start=0"] + ([chain] if chain else [])
            plan.lines.append(",".join(parts) + "," + tail(labels[role]))
        return labels
    # a clip: seek on input (fast and exact when transcoding), then conform
    src_dur = seg.d * seg.speed / 1000.0
    k = plan.add_input("-ss", _num(seg.src_in / 1000.0), "-t", _num(src_dur + 0.5), "-i", media_input(src))
    W, H = cv.width, cv.height
    base = f"c{i}"
    parts = [f"[{k}:v]setpts=(PTS-STARTPTS)/{_num(seg.speed)}", f"fps={cv.fps}"]
    if seg.fit == "contain":
        parts.append(
            f"scale={W}:{H}:force_original_aspect_ratio=decrease,pad={W}:{H}:(ow-iw)/2:(oh-ih)/2:color={colour(cv.bg)}"
        )
    elif seg.fit == "blur":
        plan.lines.append(",".join(parts) + f",split[{base}a][{base}b]")
        plan.lines.append(
            f"[{base}a]scale={W // 8}:{H // 8}:force_original_aspect_ratio=increase,"
            f"crop={W // 8}:{H // 8},boxblur=4,scale={W}:{H},eq=brightness=-0.08[{base}bg]"
        )
        plan.lines.append(f"[{base}b]scale={W}:{H}:force_original_aspect_ratio=decrease[{base}fg]")
        parts = [f"[{base}bg][{base}fg]overlay=(W-w)/2:(H-h)/2"]
    else:
        parts.append(f"scale={W}:{H}:force_original_aspect_ratio=increase,crop={W}:{H}")
    if filt in CLIP_FILTERS:
        parts.append(CLIP_FILTERS[filt])
    # a clip shorter than its slot holds its last frame rather than cutting short
    parts += ["setsar=1", f"tpad=stop_mode=clone:stop={n}", f"trim=end_frame={n}"]
    split = "".join(f"[{base}{r}]" for r, _, _ in pieces)
    plan.lines.append(",".join(parts) + f",split={len(pieces)}{split}")
    for role, first, count in pieces:
        plan.lines.append(f"[{base}{role}]trim=start_frame={first}:end_frame={first + count}," + tail(labels[role]))
    return labels


def _join(plan: Plan, pieces: list[dict[str, str]], video: list[VideoSegment], trans: list[int], cv: Canvas) -> str:
    """Bodies in order, with each transition blended from a tail and the next head only.

    One concat pulls the pieces in timeline order, so no segment produces frames
    before it is needed and nothing queues up in memory.
    """
    order: list[str] = []
    for i, labels in enumerate(pieces):
        if "b" in labels:
            order.append(labels["b"])
        if "t" in labels:
            name = video[i].tr.name if video[i].tr else "fade"
            name = XFADE_ALIASES.get(name, name)
            t = trans[i]  # the same count the tail and head pieces were cut to
            out = f"x{i}"
            plan.lines.append(
                f"[{labels['t']}][{pieces[i + 1]['h']}]xfade=transition={name}"
                f":duration={_num(t / cv.fps)}:offset=0,trim=end_frame={t}[{out}]"
            )
            order.append(out)
    if len(order) == 1:
        plan.lines.append(f"[{order[0]}]null[joined]")
    else:
        plan.lines.append("".join(f"[{o}]" for o in order) + f"concat=n={len(order)}:v=1:a=0[joined]")
    return "joined"


def wrap_text(text: str, font_path: Path, px: int, max_w: int) -> str:
    font = ImageFont.truetype(str(font_path), px)
    lines: list[str] = []
    for para in text.split("\n"):
        cjk = needs_cjk(para)
        tokens = list(para) if cjk else para.split(" ")
        sep = "" if cjk else " "
        line = ""
        for tok in tokens:
            trial = f"{line}{sep}{tok}" if line else tok
            if font.getlength(trial) <= max_w or not line:
                line = trial
            else:
                lines.append(line)
                line = tok
        lines.append(line)
    return "\n".join(lines)


def _text_position(pos: str, cv: Canvas) -> tuple[str, str, str]:
    """(x, y, align) inside the title-safe area (5% sides, 8% top and bottom)."""
    mx, my = round(cv.width * 0.05), round(cv.height * 0.08)
    cx, cy = "(w-text_w)/2", "(h-text_h)/2"
    return {
        "top": (cx, f"{my}", "C"),
        "center": (cx, cy, "C"),
        "bottom": (cx, f"h-text_h-{my}", "C"),
        "lower_third": (f"{mx}", "h*0.72-text_h/2", "L"),
        "top_left": (f"{mx}", f"{my}", "L"),
        "top_right": (f"w-text_w-{mx}", f"{my}", "R"),
        "bottom_left": (f"{mx}", f"h-text_h-{my}", "L"),
        "bottom_right": (f"w-text_w-{mx}", f"h-text_h-{my}", "R"),
    }[pos]


def _alpha_expr(st: float, en: float, fi: float, fo: float) -> str:
    fi_e = f"if(lt(t,{_num(st + fi)}),(t-{_num(st)})/{_num(fi)}," if fi > 0 else "("
    fo_e = f"if(gt(t,{_num(en - fo)}),({_num(en)}-t)/{_num(fo)},1)" if fo > 0 else "1"
    return f"max(0,min(1,{fi_e}{fo_e})))"


def drawtext(seg: TextSegment, cv: Canvas, scratch: Path, idx: int) -> str:
    """One text segment as drawtext. The words go through a file in this job's own scratch folder,
    with expansion off, so `%`, `\\`, `{`, quotes and colons are drawn exactly as written."""
    st = seg.style
    font = fonts.resolve(st.font, seg.text)
    px = max(8, round(st.size * cv.height))
    text = wrap_text(seg.text, font, px, int(cv.width * 0.88))
    tf = scratch / f"text-{idx}.txt"
    tf.write_text(text, encoding="utf-8")
    x, y, align = _text_position(seg.pos, cv)
    start, end = seg.st / 1000.0, (seg.st + seg.d) / 1000.0
    fi, fo = min(seg.fi, seg.d // 2) / 1000.0, min(seg.fo, seg.d // 2) / 1000.0
    opts = [
        f"fontfile={_q(str(font))}",
        f"textfile={_q(str(tf))}",
        "expansion=none",
        f"fontsize={px}",
        f"fontcolor={colour(st.color)}",
        f"x={_q(x)}",
        f"y={_q(y)}",
        f"text_align={align}",
        f"line_spacing={round(px * 0.25)}",
        f"alpha={_q(_alpha_expr(start, end, fi, fo))}",
        f"enable={_q(f'between(t,{_num(start)},{_num(end)})')}",
    ]
    if st.outline > 0:
        opts += [f"borderw={max(1, round(st.outline * cv.height))}", f"bordercolor={colour(st.outline_color)}"]
    if st.shadow:
        d = max(1, round(cv.height * 0.002))
        opts += [f"shadowx={d}", f"shadowy={d}", "shadowcolor=black@0.6"]
    if st.box:
        opts += [
            "box=1",
            f"boxcolor={colour(st.box_color[:7])}@{_num(st.box_opacity)}",
            f"boxborderw={round(px * 0.35)}",
        ]
    return "drawtext=" + ":".join(opts)


def _overlay_xy(pos: str, cv: Canvas) -> tuple[str, str]:
    m = round(min(cv.width, cv.height) * 0.04)
    return {
        "top_left": (f"{m}", f"{m}"),
        "top_right": (f"W-w-{m}", f"{m}"),
        "bottom_left": (f"{m}", f"H-h-{m}"),
        "bottom_right": (f"W-w-{m}", f"H-h-{m}"),
        "center": ("(W-w)/2", "(H-h)/2"),
    }[pos]


def _audio(
    plan: Plan,
    draft: Draft,
    video: list[VideoSegment],
    starts: list[int],
    srcs: list[str],
    has_audio: list[bool],
    total_ms: int,
    resolve: Callable[[str], str],
    probe: Callable[[str], MediaInfo],
) -> bool:
    """Mix clip sound and music into [amix]; False when there is nothing to hear."""
    samples = plan.total_samples
    fmt = f"aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"
    clips: list[str] = []
    for i, seg in enumerate(video):
        if seg.kind != "video" or seg.mute or not has_audio[i] or seg.vol <= 0:
            continue
        src_dur = seg.d * seg.speed / 1000.0
        k = plan.add_input("-ss", _num(seg.src_in / 1000.0), "-t", _num(src_dur + 0.5), "-i", media_input(srcs[i]))
        chain = [f"[{k}:a]{fmt}", "asetpts=PTS-STARTPTS"]
        sp = seg.speed
        while sp > 2.0:
            chain.append("atempo=2.0")
            sp /= 2.0
        while sp < 0.5:
            chain.append("atempo=0.5")
            sp /= 0.5
        if abs(sp - 1.0) > 1e-6:
            chain.append(f"atempo={_num(sp)}")
        d = seg.d / 1000.0
        fi = max(seg.fi, 30) / 1000.0  # a few ms of fade at least: a hard cut clicks
        fo = max(seg.fo, 30) / 1000.0
        chain += [
            f"apad=whole_dur={_num(d)}",
            f"atrim=0:{_num(d)}",
            f"volume={_num(seg.vol)}",
            f"afade=t=in:d={_num(fi)}",
            f"afade=t=out:st={_num(max(0, d - fo))}:d={_num(fo)}",
            f"adelay={starts[i]}:all=1",
        ]
        plan.lines.append(",".join(chain) + f"[ca{i}]")
        clips.append(f"[ca{i}]")
    music: list[str] = []
    duck = False
    for j, seg in enumerate(draft.audio()):
        src = resolve(seg.src)
        if seg.st >= total_ms or seg.vol <= 0:
            continue
        d = min(seg.d, total_ms - seg.st) / 1000.0
        head = _song(plan, f"mu{j}", src, seg.src_in / 1000.0, probe(src).duration, d, seg.loop, fmt)
        fi, fo = min(seg.fi / 1000.0, d / 2), min(seg.fo / 1000.0, d / 2)
        chain = [f"[{head}]atrim=duration={_num(d)}", "asetpts=PTS-STARTPTS", f"volume={_num(seg.vol)}"]
        if fi > 0:
            chain.append(f"afade=t=in:d={_num(fi)}")
        if fo > 0:
            chain.append(f"afade=t=out:st={_num(d - fo)}:d={_num(fo)}:curve=tri")
        chain.append(f"adelay={seg.st}:all=1")
        plan.lines.append(",".join(chain) + f"[mu{j}]")
        music.append(f"[mu{j}]")
        duck = duck or seg.duck
    if not clips and not music:
        return False
    mix = []
    if clips:
        plan.lines.append(
            f"{''.join(clips)}amix=inputs={len(clips)}:normalize=0:duration=longest"
            + ("[cl]" if not music or not duck else ",asplit[cl][sc]")
        )
        mix.append("[cl]")
    if music:
        plan.lines.append(f"{''.join(music)}amix=inputs={len(music)}:normalize=0:duration=longest[mus]")
        if clips and duck:
            # music dips under speech and clip sound, then comes back
            # the sidechain is padded with silence: sidechaincompress stops when either input ends
            plan.lines.append(f"[sc]apad=whole_len={samples}[scp]")
            plan.lines.append("[mus][scp]sidechaincompress=threshold=0.02:ratio=6:attack=30:release=600[mud]")
            mix.append("[mud]")
        else:
            mix.append("[mus]")
    pre = f"{''.join(mix)}amix=inputs={len(mix)}:normalize=0:duration=longest," if len(mix) > 1 else f"{mix[0]}anull,"
    # ebur128 measures integrated loudness for the gain the main pass applies
    plan.lines.append(pre + f"apad=whole_len={samples},atrim=end_sample={samples},ebur128=peak=true[amix]")
    return True


LOOP_CROSSFADE = 2.0  # seconds a song's end overlaps its next start when it is looped
MAX_LOOPS = 60


def _song(plan: Plan, label: str, src: str, start: float, length: float, need: float, loop: bool, fmt: str) -> str:
    """A song from `start`, at least `need` seconds long when `loop` allows: a song shorter than the video
    is repeated with each end crossfaded into the next start, never a silent gap and a restart at full
    level (its own fade-out would dip at every repeat). Returns the label of the song's audio."""
    left = max(0.0, length - start)
    xf = min(LOOP_CROSSFADE, left / 4)
    copies = math.ceil((need - left) / (left - xf)) + 1 if loop and left < need and xf >= 0.05 else 1
    if copies == 1 or copies > MAX_LOOPS:
        # one pass, or a jingle far shorter than the video: repeated as it is (`-stream_loop`)
        k = plan.add_input(*(["-stream_loop", "-1"] if copies > 1 else []), "-i", media_input(src))
        plan.lines.append(f"[{k}:a]{fmt},atrim=start={_num(start)},asetpts=PTS-STARTPTS[{label}s]")
        return f"{label}s"
    cur = ""
    for r in range(copies):
        k = plan.add_input("-i", media_input(src))
        plan.lines.append(f"[{k}:a]{fmt},atrim=start={_num(start)},asetpts=PTS-STARTPTS[{label}r{r}]")
        if r:
            plan.lines.append(f"[{cur}][{label}r{r}]acrossfade=d={_num(xf)}:c1=qsin:c2=qsin[{label}x{r}]")
            cur = f"{label}x{r}"
        else:
            cur = f"{label}r0"
    return cur


def frame_layout(video: list[VideoSegment], cv: Canvas) -> tuple[list[int], list[int]]:
    """Frames per segment and per transition, rounded from timeline positions.

    Rounding each span's ends (not each length) means the pieces add up to exactly
    the frames of the timeline, at any fps, with no padding or drift.
    """
    spans = [(cv.frames(a), cv.frames(b)) for a, b in layout(video)]
    frames = [max(1, b - a) for a, b in spans]
    trans = []
    for i in range(len(video)):
        if i + 1 == len(video):
            trans.append(0)
            continue
        t = max(0, spans[i][1] - spans[i + 1][0])
        t_in = trans[i - 1] if i else 0
        trans.append(min(t, frames[i] - t_in, frames[i + 1] // 2))
    return frames, trans


def compile_draft(
    draft: Draft,
    cv: Canvas,
    cache: Path,
    resolve: Callable[[str], str],
    probe: Callable[[str], MediaInfo],
    scratch: Path,
) -> Plan:
    """The render's graph. `cache` holds prepared stills shared between jobs (content-addressed);
    `scratch` is this job's own folder, for what no other job may see (its text files)."""
    plan = Plan()
    video = draft.video()
    if not video:
        raise ValueError("the draft has no photos or clips on its video track")
    frames, trans = frame_layout(video, cv)
    srcs = [resolve(s.src) if s.kind != "color" else s.src for s in video]
    has_audio = [probe(src).has_audio if s.kind == "video" else False for s, src in zip(video, srcs, strict=True)]
    pieces = [
        _segment_video(plan, s, i, frames[i], trans[i - 1] if i else 0, trans[i], cv, srcs[i], draft.m.filter, cache)
        for i, s in enumerate(video)
    ]
    joined = _join(plan, pieces, video, trans, cv)
    length = sum(frames) - sum(trans)
    total = cv.frames(draft.d) if draft.d > 0 else length
    plan.total_frames = total
    plan.total_samples = int(round(total * SAMPLE_RATE / cv.fps))
    total_ms = int(math.ceil(total * 1000 / cv.fps))
    starts, t = [], 0
    for i in range(len(video)):
        starts.append(round(t * 1000 / cv.fps))
        t += frames[i] - trans[i]
    chain = [f"[{joined}]tpad=stop_mode=clone:stop={max(0, total - length)}", f"trim=end_frame={total}"]
    cur = "vbase"
    plan.lines.append(",".join(chain) + f"[{cur}]")
    for j, ov in enumerate(draft.overlays()):
        width = max(2, round(cv.width * ov.size))
        img = prepare_overlay(resolve(ov.src), width, ov.opacity, cache)
        k = plan.add_input("-i", media_input(img))
        x, y = _overlay_xy(ov.pos, cv)
        en = f"between(t,{_num(ov.st / 1000)},{_num((ov.st + ov.d) / 1000)})"
        plan.lines.append(f"[{cur}][{k}:v]overlay=x={x}:y={y}:enable={_q(en)}:format=auto[ov{j}]")
        cur = f"ov{j}"
    texts = [drawtext(s, cv, scratch, i) for i, s in enumerate(draft.texts())]
    plan.lines.append(f"[{cur}]" + ",".join([*texts, *_fades(draft, cv, total), "format=yuv420p"]) + "[vout]")
    audio = Plan(total_frames=plan.total_frames, total_samples=plan.total_samples)
    plan.audio = audio if _audio(audio, draft, video, starts, srcs, has_audio, total_ms, resolve, probe) else None
    return plan


def _fades(draft: Draft, cv: Canvas, total: int) -> list[str]:
    """From black at the start and to black at the end, over everything drawn (titles and logo too),
    counted in whole frames so the last frame is black, not nearly so."""
    out = []
    fi, fo = min(cv.frames(draft.m.fade_in), total // 2), min(cv.frames(draft.m.fade_out), total // 2)
    if fi:
        out.append(f"fade=t=in:s=0:n={fi}")
    if fo:
        out.append(f"fade=t=out:s={total - fo}:n={fo}")
    # `fade` writes into the frame it is given; frames here can still share buffers with `loop`'s
    # held photo, and this ffmpeg build corrupted its heap (malloc aborts, 4 renders in 4) until each
    # frame was copied first. The copy costs one memcpy per frame.
    return ["copy", *out] if out else out


def audio_tail(
    plan: Plan, mix_wav: Path | None, loudness: float | None, fade_in: float = 0.0, fade_out: float = 0.0
) -> None:
    """Finish the main graph's audio: the premixed track at -14 LUFS, or exact silence."""
    n = plan.total_samples
    if mix_wav is None:
        plan.lines.append(f"anullsrc=r={SAMPLE_RATE}:cl=stereo,atrim=end_sample={n}[aout]")
        return
    k = plan.add_input("-i", media_input(mix_wav))
    gain = 0.0 if loudness is None or loudness < -70 else TARGET_LUFS - loudness
    # a static gain keeps the mix's dynamics (no pumping); the limiter catches the peaks
    plan.lines.append(
        f"[{k}:a]volume={gain:.2f}dB,alimiter=limit={10 ** (TRUE_PEAK_DB / 20):.4f}:level=false"
        f":attack=5:release=80,aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo,"
        f"apad=whole_len={n},atrim=end_sample={n}" + _afades(n, fade_in, fade_out) + "[aout]"
    )


def _afades(samples: int, fade_in: float, fade_out: float) -> str:
    seconds = samples / SAMPLE_RATE
    fi, fo = min(fade_in, seconds / 2), min(fade_out, seconds / 2)
    return (f",afade=t=in:d={_num(fi)}" if fi else "") + (
        f",afade=t=out:st={_num(seconds - fo)}:d={_num(fo)}" if fo else ""
    )


StillJob = tuple[str, tuple[int, int], str, str, str]


def _filter(seg: VideoSegment, meta_filter: str) -> str:
    return seg.filter if seg.filter != "none" else meta_filter


def _still_job(seg: VideoSegment, cv: Canvas, n: int, src: str, meta_filter: str) -> StillJob:
    """prepare_still's arguments for a photo or colour card: source, size with headroom, fit, filter, bg."""
    _, amt = motion_filter(seg, cv, n)
    return (
        src if seg.kind == "image" else seg.src,
        headroom_size(cv.width, cv.height, amt),
        seg.fit,
        _filter(seg, meta_filter),
        cv.bg,
    )


def still_jobs(draft: Draft, cv: Canvas, resolve: Callable[[str], str]) -> list[StillJob]:
    """The stills compile_draft will point at, so they can be prepared in parallel first."""
    video = draft.video()
    frames, _ = frame_layout(video, cv) if video else ([], [])
    return [
        _still_job(seg, cv, n, resolve(seg.src) if seg.kind == "image" else seg.src, draft.m.filter)
        for seg, n in zip(video, frames, strict=True)
        if seg.kind in ("image", "color")
    ]
