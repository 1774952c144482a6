"""Cutting on the beat: photo cuts and transition midpoints moved onto the music's beats.

The music's beats are placed on the video's clock: a generated track is 4/4 at its mood's tempo
from its first sample (exact: nothing to detect); a user's song is analysed once (media/beats.py,
kept by file hash in storage/music_store.py) and mapped through the audio segment's start (`st`),
in-point (`src_in`) and loop. Slow music (calm, romantic, cinematic, or a song under 80 BPM) cuts on
bars when the cuts fit there, else on beats.

Each cut goes to a beat near where the even spread put it, chosen together (dynamic programming:
the least total movement, every cut snapped where it can be) so that the video keeps its length,
every shot stays at least MIN_SHOT ms on screen, a clip loses at most a beat of its length and
never plays past it, a logo card and an item whose length the person set (or trimmed) keep
theirs, and no transition changes length. A cut that cannot land on a beat stays where it was.

Pure Python (no numpy): it runs in every edit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reelsmith.engine.media.music_moods import MOODS
from reelsmith.engine.model.draft import AudioSegment, VideoSegment, layout

if TYPE_CHECKING:
    from reelsmith.engine.edit.work import Work
    from reelsmith.engine.media.beats import Beats

SLOW_MOODS = ("calm", "romantic", "cinematic")
SLOW_BPM = 80.0  # a user's song slower than this cuts on bars, like the slow moods
MIN_SHOT = 1000  # ms an item is on screen alone, at least (less when it already was)
LOOP_CROSSFADE = 2000  # ms a looped song's end overlaps its next start: render/audio.py's LOOP_CROSSFADE
MAX_LOOPS = 60  # render/audio.py's: past it a song repeats without crossfades
UNSNAPPED = 1e7  # the cost of a cut left off the beat: any number of moved ms is cheaper


@dataclass
class Grid:
    beats: list[float]  # ms of video time, ascending
    bars: list[float]
    beat_ms: float
    slow: bool


def music_grid(w: Work) -> Grid | None:
    """The beats of the first music track as it plays in the video, or None when there is none."""
    for a in w.audio():
        if a.vol <= 0 or not (a.src or a.ed.mood):
            continue
        if a.ed.mood in MOODS:
            period = 60000.0 / MOODS[a.ed.mood].bpm
            first = math.ceil(a.src_in / period - 1e-9)
            last = math.floor((a.src_in + a.d) / period)
            ks = range(first, last + 1)
            beats = [a.st + k * period - a.src_in for k in ks]
            bars = [a.st + k * period - a.src_in for k in ks if k % 4 == 0]
            return Grid(beats, bars, period, a.ed.mood in SLOW_MOODS)
        found = w.ctx.beats(a.src) if w.ctx.beats else None
        if found is None or len(found.beats) < 2 or found.tempo <= 0:
            continue
        beats, bars = _song_times(found.beats.tolist(), a, found), _song_times(found.bars.tolist(), a, found)
        return Grid(beats, bars, 60000.0 / found.tempo, found.tempo < SLOW_BPM)
    return None


def _song_times(times_s: list[float], a: AudioSegment, b: Beats) -> list[float]:
    """Song times (s) as video times (ms), through the segment's start, in-point and loop (each
    repeat starts LOOP_CROSSFADE before the last ends; a beat in a crossfade counts from the repeat
    that is louder there, the one that started before its middle)."""
    start = float(a.src_in)
    left = b.duration * 1000 - start
    xf = min(LOOP_CROSSFADE, left / 4)
    copies = math.ceil((a.d - left) / (left - xf)) + 1 if a.loop and left < a.d and xf >= 50 else 1
    if copies > MAX_LOOPS:
        copies = 1  # repeated without crossfades: only the first pass is mapped
    out = []
    for r in range(copies):
        at = a.st + r * (left - xf)
        lo = at + (xf / 2 if r else 0)
        hi = at + left - (xf / 2 if r + 1 < copies else 0)
        out += [at + t * 1000 - start for t in times_s if lo <= at + t * 1000 - start < hi]
    return [t for t in out if a.st <= t < a.st + a.d]


def on_beat(grid: Grid | None, at: float, lo: float, hi: float) -> int:
    """`at` moved to the nearest beat between `lo` and `hi` (ms): a text comes in on the music. `at`
    itself when there is no music grid or no beat in the window."""
    if grid is None:
        return int(at)
    near = [b for b in grid.beats if lo <= b <= hi]
    if not near:
        return int(at)
    best: float = min(near, key=lambda b: abs(b - at))
    return round(best)


def retime(w: Work) -> bool:
    """Move the cuts onto the beat (see the module's note); True when a duration changed.

    It starts from the even spread (`respread`), not from where the cuts are, so it gives the same
    answer however often it runs, and a change of music re-times from scratch rather than from the
    last music's beats."""
    v = w.video
    if len(v) < 2 or not w.meta.ed.beat_sync:
        return False
    grid = music_grid(w)
    if grid is None:
        return False
    before = [s.d for s in v]
    respread(w)
    # bars when the shots are a bar long or more on average: decided by the length and the number of
    # items only, so the choice does not flip between edits
    bars = grid.slow and w.total / len(v) >= 0.9 * 4 * grid.beat_ms
    held: set[int] = set()
    for _ in range(3):  # a transition that would change length holds its items, and it is solved again
        even, total = [s.d for s in v], w.total
        cuts = _solve(v, grid.bars, 4 * grid.beat_ms, grid.beat_ms, held) if bars else None
        if cuts is None or any(dev is None for _, dev in cuts):
            cuts = _solve(v, grid.beats, grid.beat_ms, grid.beat_ms, held)
        if cuts is None:
            break
        spans = layout(v)
        trans = [spans[i][1] - spans[i + 1][0] for i in range(len(v) - 1)]
        _apply(v, cuts, trans, total)
        after = layout(v)
        moved = [i for i in range(len(v) - 1) if after[i][1] - after[i + 1][0] != trans[i]]
        if not moved and after[-1][1] == total:
            return before != [s.d for s in v]
        for s, d in zip(v, even, strict=True):
            s.d = d
        held |= {j for i in moved for j in (i, i + 1)}
    for s, d in zip(v, before, strict=True):
        s.d = d
    return False


def _solve(
    v: list[VideoSegment], points: list[float], step: float, beat_ms: float, held: set[int]
) -> list[tuple[float, float | None]] | None:
    """The cut times (ms, and how far each moved: None when it is off the points) with the fewest cuts
    off the points and then the least movement, under the module's rules; None when there are no
    points or no way to keep the rules."""
    spans = layout(v)
    n = len(v)
    total = spans[-1][1]
    trans = [spans[i][1] - spans[i + 1][0] for i in range(n - 1)] + [0]
    target = [spans[i][1] - trans[i] / 2 for i in range(n - 1)]
    edges = [0.0, *target, float(total)]
    lo: list[float] = []
    hi: list[float] = []
    gap: list[float] = []
    for i, s in enumerate(v):
        d = float(s.d)
        a: float
        b: float
        t_in = trans[i - 1] if i else 0
        if s.ed.held or s.ed.logo_card or i in held:
            a, b = d, d
        elif s.kind == "video":
            a, b = d - beat_ms, d  # a clip keeps its length: at most a beat shorter, never longer
        else:
            a, b = 0.0, 1e9
        lo.append(max(a, 2 * max(t_in, trans[i])))  # each transition fits in half of both its items
        hi.append(b)
        gap.append(min(MIN_SHOT, edges[i + 1] - edges[i]))
    inner = [p for p in points if 0 < p < total]
    if not inner or n < 2:
        return None
    reach = max(2 * step, 2000.0)
    cands: list[list[tuple[float, float]]] = []
    for c in target:
        near = [(p, abs(p - c)) for p in inner if abs(p - c) <= reach]
        cands.append([*near, (c, UNSNAPPED)])

    def ok(i: int, x: float, y: float) -> bool:
        """Item i between a cut at x and one at y."""
        d = (y + trans[i] / 2) - (x - (trans[i - 1] / 2 if i else 0))
        return lo[i] - 1 <= d <= hi[i] + 1 and y - x >= gap[i] - 1

    inf = math.inf
    cost = [[c if ok(0, 0.0, x) else inf for x, c in cands[0]]]
    back: list[list[int]] = [[-1] * len(cands[0])]
    for k in range(1, n - 1):
        row, ptr = [], []
        for y, c in cands[k]:
            best, arg = inf, -1
            for j, (x, _) in enumerate(cands[k - 1]):
                if cost[-1][j] + c < best and ok(k, x, y):
                    best, arg = cost[-1][j] + c, j
            row.append(best)
            ptr.append(arg)
        cost.append(row)
        back.append(ptr)
    last = [cost[-1][j] if ok(n - 1, x, float(total)) else inf for j, (x, _) in enumerate(cands[-1])]
    j = min(range(len(last)), key=last.__getitem__)
    if last[j] == inf:
        return None
    out = []
    for k in range(n - 2, -1, -1):
        x, c = cands[k][j]
        out.append((x, c if c < UNSNAPPED else None))
        j = back[k][j]
    return out[::-1]


def _apply(v: list[VideoSegment], cuts: list[tuple[float, float | None]], trans: list[int], total: int) -> None:
    """Durations that put each transition's middle (or the cut) at its time, in whole ms."""
    start = 0
    for i, (c, _) in enumerate(cuts):
        end = round(c + trans[i] / 2)
        v[i].d = end - start
        start = end - trans[i]
    v[-1].d = total - start


def fit_song(w: Work) -> None:
    """Play the best-fitting part of a user's song longer than the video (see `best_start`)."""
    if w.ctx.beats is None or not w.video:
        return
    for a in w.audio():
        if a.ed.mood or not a.ed.full or not a.src:
            continue
        found = w.ctx.beats(a.src)
        if found is not None:
            a.src_in = best_start(found, a.d / 1000)
        return


def best_start(b: Beats, seconds: float) -> int:
    """Where (ms) a song should start so `seconds` of it end on a phrase end: a bar a multiple of 4
    bars after the song's first downbeat. Of those that fit in the song, the loudest stretch wins
    (its chorus, usually), with 1 dB in favour of an 8-bar phrase; when none fits, the loudest
    stretch that starts on a bar. 0 when the song is not longer than the video (it loops)."""
    bars = b.bars.tolist()
    if b.duration <= seconds + 0.05 or len(bars) < 2:
        return 0
    level = b.level.tolist()
    hz = len(level) / b.duration if b.duration else 0.0

    def loud(a: float, e: float) -> float:
        part = level[int(a * hz) : max(int(a * hz) + 1, int(e * hz))] if hz else []
        return 10 * math.log10(sum(10 ** (x / 10) for x in part) / len(part) + 1e-12) if part else 0.0

    ends = [(p, i) for i, p in enumerate(bars) if i and i % 4 == 0 and seconds <= p <= b.duration]
    if ends:
        p, _ = max(ends, key=lambda e: (loud(e[0] - seconds, e[0]) + (1.0 if e[1] % 8 == 0 else 0.0), -e[0]))
        return round((p - seconds) * 1000)
    starts = [p for p in bars if p + seconds <= b.duration]
    if not starts:
        return 0
    return round(max(starts, key=lambda s: (loud(s, s + seconds), -s)) * 1000)


def respread(w: Work) -> None:
    """Back to the even spread: photos the person did not time share their time equally."""
    stills = [s for s in w.video if s.kind != "video" and not s.ed.logo_card and not s.ed.held]
    if len(stills) < 2:
        return
    total = w.total
    share = sum(s.d for s in stills)
    for s in stills:
        s.d = share // len(stills)
    stills[-1].d += share - sum(s.d for s in stills)
    stills[-1].d += total - w.total  # a transition that changed with its items: the length stays
