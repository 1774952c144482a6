"""The sound: clips' own audio, the soundtrack (trimmed, looped with crossfades, ducked, faded),
loudness-normalised and cut to the video's exact sample count.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from reelsmith.engine.media import loudness
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.draft import AudioSegment, Draft, VideoSegment
from reelsmith.engine.render.script import Script, input_file, media_input, num, q

SAMPLE_RATE = 48000


def sound_script(total_frames: int, fps: float) -> Script:
    """An empty graph for the sound of `total_frames` of video: exactly that many frames' samples."""
    return Script(total_frames=total_frames, total_samples=int(round(total_frames * SAMPLE_RATE / fps)))


TARGET_LUFS = -14.0


TRUE_PEAK_DB = -1.5


# Under a clip's own sound the music sits this many dB below it, whatever the clip's level: a quiet
# phone clip is not buried, a loud one does not push the music away. Each clip's sound and each song is
# measured (EBU R128) over the part that plays.
DUCK_GAP_DB = 12.0
DUCK_RAMP = 0.25  # seconds the music takes to go down before a clip starts, and to come back after it


def premix(
    plan: Script,
    draft: Draft,
    video: list[VideoSegment],
    starts: list[int],
    srcs: list[str],
    has_audio: list[bool],
    total_ms: int,
    resolve: Callable[[str], str],
    probe: Callable[[str], MediaInfo],
    measure: Callable[[str, float, float | None], float | None] = loudness.measure,
) -> bool:
    """Mix clip sound and music into [amix]; False when there is nothing to hear."""
    samples = plan.total_samples
    fmt = f"aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"
    clips: list[str] = []
    heard: list[tuple[int, float, float, float]] = []  # (clip, start s, end s, its volume in dB)
    for i, seg in enumerate(video):
        if seg.kind != "video" or seg.mute or not has_audio[i] or seg.vol <= 0:
            continue
        src_dur = seg.d * seg.speed / 1000.0
        heard.append((i, starts[i] / 1000.0, (starts[i] + seg.d) / 1000.0, 20 * math.log10(seg.vol)))
        k = plan.add_input(
            "-ss", num(seg.src_in / 1000.0), "-t", num(src_dur + 0.5), *input_file(srcs[i], probe(srcs[i]).start)
        )
        chain = [f"[{k}:a]{fmt}", "asetpts=PTS-STARTPTS"]
        sp = seg.speed
        while sp > 2.0:
            chain.append("atempo=2.0")
            sp /= 2.0
        while sp < 0.5:
            chain.append("atempo=0.5")
            sp /= 0.5
        if abs(sp - 1.0) > 1e-6:
            chain.append(f"atempo={num(sp)}")
        d = seg.d / 1000.0
        fi = max(seg.fi, 30) / 1000.0  # a few ms of fade at least: a hard cut clicks
        fo = max(seg.fo, 30) / 1000.0
        chain += [
            f"apad=whole_dur={num(d)}",
            f"atrim=0:{num(d)}",
            f"volume={num(seg.vol)}",
            f"afade=t=in:d={num(fi)}",
            f"afade=t=out:st={num(max(0, d - fo))}:d={num(fo)}",
            f"adelay={starts[i]}:all=1",
        ]
        plan.lines.append(",".join(chain) + f"[ca{i}]")
        clips.append(f"[ca{i}]")
    songs = [(j, bgm) for j, bgm in enumerate(draft.audio()) if bgm.st < total_ms and bgm.vol > 0]
    duck = bool(heard) and any(bgm.duck for _, bgm in songs)
    levels = _levels(video, srcs, heard, songs, resolve, measure) if duck else {}
    music: list[str] = []
    for j, bgm in songs:
        src = resolve(bgm.src)
        d = min(bgm.d, total_ms - bgm.st) / 1000.0
        head = song(plan, f"mu{j}", src, bgm.src_in / 1000.0, probe(src).duration, d, bgm.loop, fmt)
        fi, fo = min(bgm.fi / 1000.0, d / 2), min(bgm.fo / 1000.0, d / 2)
        chain = [f"[{head}]atrim=duration={num(d)}", "asetpts=PTS-STARTPTS", f"volume={num(bgm.vol)}"]
        if fi > 0:
            chain.append(f"afade=t=in:d={num(fi)}")
        if fo > 0:
            chain.append(f"afade=t=out:st={num(d - fo)}:d={num(fo)}:curve=tri")
        chain.append(f"adelay={bgm.st}:all=1")
        if bgm.duck and (dips := _dips(heard, levels, ("song", j), bgm.vol)):
            chain.append(f"volume=volume={q(dips)}:eval=frame")
        plan.lines.append(",".join(chain) + f"[mu{j}]")
        music.append(f"[mu{j}]")
    if not clips and not music:
        return False
    mix = []
    if clips:
        plan.lines.append(f"{''.join(clips)}amix=inputs={len(clips)}:normalize=0:duration=longest[cl]")
        mix.append("[cl]")
    if music:
        plan.lines.append(f"{''.join(music)}amix=inputs={len(music)}:normalize=0:duration=longest[mus]")
        mix.append("[mus]")
    pre = f"{''.join(mix)}amix=inputs={len(mix)}:normalize=0:duration=longest," if len(mix) > 1 else f"{mix[0]}anull,"
    # ebur128 measures integrated loudness for the gain the main pass applies (its peaks are the
    # limiter's there: measuring true peak here, oversampled 4x, cost a fifth of this pass)
    plan.lines.append(pre + f"apad=whole_len={samples},atrim=end_sample={samples},ebur128[amix]")
    return True


Key = tuple[str, int]  # ("clip", index) or ("song", index)


def _levels(
    video: list[VideoSegment],
    srcs: list[str],
    heard: list[tuple[int, float, float, float]],
    songs: list[tuple[int, AudioSegment]],
    resolve: Callable[[str], str],
    measure: Callable[[str, float, float | None], float | None],
) -> dict[Key, float | None]:
    """The loudness of each clip's sound and each song over the part that plays, measured in parallel."""
    jobs: dict[Key, tuple[str, float, float | None]] = {}
    for i, _, _, _ in heard:
        seg = video[i]
        jobs[("clip", i)] = (srcs[i], seg.src_in / 1000.0, seg.d * seg.speed / 1000.0)
    for j, bgm in songs:
        jobs[("song", j)] = (resolve(bgm.src), bgm.src_in / 1000.0, None)
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = dict(zip(jobs, pool.map(lambda a: measure(*a), jobs.values()), strict=True))
    return found


def _dips(
    heard: list[tuple[int, float, float, float]], levels: dict[Key, float | None], song_key: Key, vol: float
) -> str:
    """The song's gain over time: under each clip, DUCK_GAP_DB below that clip's own sound (never up)."""
    song_db = levels.get(song_key)
    if song_db is None:
        return ""
    song_db += 20 * math.log10(vol)
    parts = []
    for i, a, b, vol_db in heard:
        clip_db = levels.get(("clip", i))
        if clip_db is None:  # a silent clip: nothing to make room for
            continue
        gain = min(0.0, clip_db + vol_db - DUCK_GAP_DB - song_db)
        if gain > -0.5:
            continue
        g, r = 10 ** (gain / 20), DUCK_RAMP
        # 1 outside the clip, g inside it, with ramps of r either side
        w = f"clip(min((t-{num(a - r)})/{num(r)},({num(b + r)}-t)/{num(r)}),0,1)"
        parts.append(f"(1-{num(1 - g)}*{w})")
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:  # the deepest dip wins where two clips' ramps meet
        out = f"min({out},{p})"
    return out


LOOP_CROSSFADE = 2.0  # seconds a song's end overlaps its next start when it is looped


MAX_LOOPS = 60


def song(plan: Script, label: str, src: str, start: float, length: float, need: float, loop: bool, fmt: str) -> str:
    """A song from `start`, at least `need` seconds long when `loop` allows: a song shorter than the video
    is repeated with each end crossfaded into the next start, never a silent gap and a restart at full
    level (its own fade-out would dip at every repeat). Returns the label of the song's audio."""
    left = max(0.0, length - start)
    xf = min(LOOP_CROSSFADE, left / 4)
    copies = math.ceil((need - left) / (left - xf)) + 1 if loop and left < need and xf >= 0.05 else 1
    if copies == 1 or copies > MAX_LOOPS:
        # one pass, or a jingle far shorter than the video: repeated as it is (`-stream_loop`)
        k = plan.add_input(*(["-stream_loop", "-1"] if copies > 1 else []), "-i", media_input(src))
        plan.lines.append(f"[{k}:a]{fmt},atrim=start={num(start)},asetpts=PTS-STARTPTS[{label}s]")
        return f"{label}s"
    cur = ""
    for r in range(copies):
        k = plan.add_input("-i", media_input(src))
        plan.lines.append(f"[{k}:a]{fmt},atrim=start={num(start)},asetpts=PTS-STARTPTS[{label}r{r}]")
        if r:
            plan.lines.append(f"[{cur}][{label}r{r}]acrossfade=d={num(xf)}:c1=qsin:c2=qsin[{label}x{r}]")
            cur = f"{label}x{r}"
        else:
            cur = f"{label}r0"
    return cur


def audio_tail(
    plan: Script, mix_wav: Path | None, loudness: float | None, fade_in: float = 0.0, fade_out: float = 0.0
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
    return (f",afade=t=in:d={num(fi)}" if fi else "") + (
        f",afade=t=out:st={num(seconds - fo)}:d={num(fo)}" if fo else ""
    )
