"""The score: song form (intro / A / B / outro / ending), motif-based melodies, drum patterns.

`arrange` turns a mood (music_moods.py), a length and a seed into bars of note events; music.py
renders them. An event is (beat, instrument, midi, beats held, velocity, pan); drums use midi -1.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from reelsmith.engine.media.music_moods import BASS, COMP, DRUM_GAIN, DRUM_PAN, KITS, RHYTHMS, VEL, Event, Mood


def _degree_midi(deg: int, scale: tuple[int, ...], base: int) -> int:
    return base + 12 * (deg // 7) + scale[deg % 7]


def _snap(deg: int, pcs: set[int], scale: tuple[int, ...], base: int) -> int:
    for d in (0, -1, 1, -2, 2):
        if (_degree_midi(deg + d, scale, base) - base) % 12 in pcs:
            return deg + d
    return deg


class Melody:
    """Motif-based lines: a one-bar motif (rhythm + steps), varied bar by bar over the chords."""

    def __init__(self, rng: np.random.Generator, density: str, center: int):
        rhythms = RHYTHMS[density]
        self.rhythm = list(rhythms[rng.integers(len(rhythms))])
        self.steps = [int(s) for s in rng.choice([-2, -1, -1, 1, 1, 2, 0, 3], len(self.rhythm))]
        self.center = center
        self.last = center

    def bar(
        self, rng: np.random.Generator, chord: tuple[int, ...], scale: tuple[int, ...], base: int, how: str
    ) -> list[tuple[float, int, float]]:
        rhythm, steps = list(self.rhythm), list(self.steps)
        if how == "invert":
            steps = [-s for s in steps]
        elif how == "rhythm":  # split the longest note, or merge the last two
            i = max(range(len(rhythm)), key=lambda k: rhythm[k][1])
            if rhythm[i][1] >= 1:
                b, d = rhythm[i]
                rhythm[i : i + 1] = [(b, d / 2), (b + d / 2, d / 2)]
                steps[i : i + 1] = [steps[i], int(rng.choice([-1, 1]))]
            elif len(rhythm) > 2:
                rhythm[-2:] = [(rhythm[-2][0], rhythm[-1][0] + rhythm[-1][1] - rhythm[-2][0])]
                steps = steps[:-1]
        elif how == "retro":
            steps = steps[::-1]
        elif how == "cadence":
            keep = rhythm[: max(1, len(rhythm) // 2)]
            rhythm = keep + [(keep[-1][0] + keep[-1][1], 4 - keep[-1][0] - keep[-1][1])]
            steps = steps[: len(rhythm)]
        pcs = {c % 12 for c in chord}
        deg = _snap(self.last + int(rng.integers(-1, 2)), pcs, scale, base)  # start near the last note
        out = []
        for k, (beat, dur) in enumerate(rhythm):
            if k:
                deg += steps[k % len(steps)]
            if deg > self.center + 5 or deg < self.center - 5:  # stay in a singable range
                deg -= 7 * int(np.sign(deg - self.center))
            if beat % 2 == 0 or (how == "cadence" and k == len(rhythm) - 1):
                deg = _snap(deg, pcs, scale, base)
            if dur > 0:
                out.append((beat, _degree_midi(deg, scale, base), dur))
        self.last = deg
        return out


def sections(n: int, ending: bool) -> list[tuple[str, int]]:
    """Song form for `n` bars before the final chord: intro, A/B alternating, outro."""
    if not ending:
        half = max(1, n // 2) if n < 8 else 4
        out: list[tuple[str, int]] = []
        k = 0
        while sum(b for _, b in out) < n:
            out.append(("AB"[k % 2], min(half, n - sum(b for _, b in out))))
            k += 1
        return out
    intro = 0 if n < 3 else 1 if n < 8 else 2 if n < 16 else 4
    outro = 0 if n < 6 else 1 if n < 14 else 2
    mid = n - intro - outro
    size = 4 if mid < 28 else 8
    out = [("intro", intro)] if intro else []
    k = 0
    while mid > 0:
        take = size if mid - size >= 2 or mid <= size else mid
        out.append(("AB"[k % 2], min(take, mid)))
        mid -= take
        k += 1
    if outro:
        out.append(("outro", outro))
    return out


KEY_WALK = (0, 2, 5, 3)
LEVEL = {"intro": 0.6, "A": 0.8, "B": 1.0, "outro": 0.7, "end": 0.75}


def arrange(m: Mood, n_bars: int, seed: int, ending: bool, ring: float = 4.0) -> list[tuple[list[Event], float]]:
    """(note events, brightness) per bar for `n_bars` bars; the last is the final chord when `ending`,
    held `ring` beats."""
    rng = np.random.default_rng(seed)
    home = m
    form = sections(n_bars - 1 if ending else n_bars, ending)
    mel = {"A": Melody(rng, "medium" if m.bpm < 100 else "sparse", 4), "B": Melody(rng, "medium", 6)}
    bars: list[tuple[list[Event], float]] = []
    seen: dict[str, int] = {}
    scale = m.scale
    base = m.key + 24  # melody octave
    for si, (label, length) in enumerate(form):
        v = seen.get(label, 0)
        seen[label] = v + 1
        nxt = form[si + 1][0] if si + 1 < len(form) else "end"
        # later visits modulate (up a step, to the fourth, down a step), so no section comes back verbatim
        m = replace(home, key=home.key + (KEY_WALK[v % len(KEY_WALK)] if label in "AB" else 0))
        for b in range(length):
            ev: list[Event] = []
            prog = m.progression_b if label == "B" else m.progression
            # later As start elsewhere; a long section's second phrase turns the progression half round
            chord = prog[(b + (2 * v + v // 2) * (label == "A") + 2 * ((b // 4) % 2)) % len(prog)]
            lvl = LEVEL.get(label, 0.8) + (0.06 * min(v, 2) if label in "AB" else 0)
            if label == "intro":  # the intro builds: the filter opens and the level rises
                lvl *= 0.8 + 0.4 * b / max(1, length - 1)
            if label == "outro":
                lvl *= 1 - 0.25 * b / max(1, length)
            bright = {"intro": 0.15 + 0.5 * b / max(1, length), "A": 0.7, "B": 1.0, "outro": 0.5}[label] * m.bright
            phrase = b // 4
            ab = 1 if label == "B" else 0
            # third and later visits: the comping of the other section, and every other one a breakdown
            # (thin drums, the melody an octave up) for its first half
            swap = int(label in "AB" and v >= 2 and v % 3 != 1)
            brk = label in "AB" and v >= 2 and v % 2 == 0 and b < length // 2
            _harmony(ev, m, chord, ab ^ swap, lvl, bright, phrase)
            if label != "intro" or b >= length // 2:
                for beat, dur, iv in BASS[m.bass_style][ab if label in "AB" else 0]:
                    ev.append((beat, m.bass, m.key + chord[0] % 12 + iv, dur, 0.8 * lvl, 0.0))
            if m.arp and (
                label == "B"
                or (label == "A" and (phrase % 2 or v))
                or (label == "intro" and m.kit in ("soft", "ballad"))
            ):
                _arp(ev, m, chord, label, lvl, rng, phrase + v)
            rest = label == "A" and v % 2 == 1 and phrase == 0  # the melody sits out a phrase: space, contrast
            if label in "AB" and not rest:
                line = mel[label]
                how = ("plain", "transpose", ("invert", "rhythm", "retro")[int(rng.integers(3))], "cadence")[b % 4]
                if v and b % 4 == 0:
                    how = ("rhythm", "invert")[int(rng.integers(2))]
                octave = 12 * ((ab and m.lead != "bell") or brk)
                for beat, midi, dur in line.bar(rng, chord, scale, base + octave, how):
                    ev.append((beat, m.lead, midi, dur, (0.55 + 0.15 * ab) * lvl * rng.uniform(0.9, 1.1), 0.1))
            level = (
                0 if label in ("intro", "outro") or brk else (2 if label == "B" or ((v or b >= 4) and b >= 2) else 1)
            )  # A builds
            fill = b == length - 1 and nxt != label and label != "intro" and length >= 2
            _drums(
                ev,
                m,
                level,
                lvl,
                rng,
                fill,
                v + phrase,
                crash=(b == 0 and label in "AB" and si > 0) or (label == "B" and b == 0),
            )
            bars.append((ev, bright))
    if ending:
        m = home
        tonic = m.progression[0]
        held = "pad" if m.chords in ("stab", "epiano") else m.chords
        ev = [(0.0, held, p, ring, 0.8, 0.0) for p in _voicing(tonic, m.key, m.key + 14)]
        ev += (
            [(0.0, m.chords, p, ring, 0.5, 0.0) for p in _voicing(tonic, m.key, m.key + 14)] if held != m.chords else []
        )
        ev.append((0.0, m.bass if m.bass != "bass" else "sub", m.key + tonic[0], ring, 0.8, 0.0))
        ev.append((0.0, m.lead, m.key + 24 + 12 * (m.lead == "bell"), ring, 0.5, 0.1))
        if m.kit not in ("soft", "ballad"):
            ev += [
                (0.0, "kick" if m.kit != "epic" else "tom", -1, 0, 0.2, 0.0),
                (0.0, "crash", -1, 0, 0.6 * DRUM_GAIN["crash"], DRUM_PAN["crash"]),
            ]
        bars.append((ev, 0.6 * m.bright))
    return bars[:n_bars]


def _voicing(chord: tuple[int, ...], key: int, center: int) -> list[int]:
    """Each chord tone in the octave nearest `center`: smooth voice leading for free."""
    out = []
    for c in chord:
        p = key + c
        p += 12 * round((center - p) / 12)
        out.append(p)
    return sorted(out)


def _harmony(ev: list[Event], m: Mood, chord, ab: int, lvl: float, bright: float, phrase: int) -> None:
    notes = _voicing(chord, m.key, m.key + 14 + 5 * ab + 2 * (phrase % 2))
    if m.comp == "broken":
        step = 0.5 if ab else 1.0
        seq = notes + notes[1:-1][::-1]
        for i in range(int(4 / step)):
            acc = 0.55 if (i * step) % 1 == 0 else 0.3  # the beat is felt where the notes lean
            ev.append((i * step, m.chords, seq[i % len(seq)], step * 1.5, acc * lvl, -0.2 + 0.4 * (i % 2)))
        ev.extend((0.0, "pad", p - 12 * (p > m.key + 20), 4.0, 0.22 * lvl, 0.0) for p in notes)
        return
    for beat, dur in COMP[m.comp][ab]:
        acc = 1.0 if beat in (0, 2) else 0.8
        for p in notes:
            ev.append((beat, m.chords, p, dur, 0.5 * lvl * acc, 0.0))
    if m.chords in ("stab", "epiano") and m.comp != "broken":  # a soft pad glues a rhythmic part
        ev.extend((0.0, "pad", p, 4.0, 0.18 * lvl, 0.0) for p in notes)


def _arp(ev: list[Event], m: Mood, chord, label: str, lvl: float, rng: np.random.Generator, var: int) -> None:
    if m.arp is None:  # a mood with no arpeggio voice
        return
    notes = _voicing(chord, m.key, m.key + 26)
    notes = notes + [n + 12 for n in notes]
    step = 0.25 if label == "B" and m.bpm >= 100 else 0.5 if label != "intro" else 1.0
    order = (lambda i: i, lambda i: (0, 2, 1, 3, 2, 4, 3, 5)[i % 8], lambda i: len(notes) - 1 - i)[var % 3]
    for i in range(int(4 / step)):
        beat = i * step
        if m.swing and (beat % 1) == 0.5:
            beat += m.swing / 2
        p = notes[order(i) % len(notes)]
        off = (beat % 1) != 0
        vel = ((0.22 if m.bpm < 90 else 0.4) if off else 0.5) * lvl * rng.uniform(0.85, 1.1)  # slow: beats lead
        ev.append((beat, m.arp, p, step * 0.9, vel, 0.35 if i % 2 else -0.35))


def _drums(
    ev: list[Event], m: Mood, level: int, lvl: float, rng: np.random.Generator, fill: bool, var: int, crash: bool
) -> None:
    pats = dict(KITS[m.kit][level])
    if level and var % 2:  # every other phrase a variation: the hats move, the kick pushes
        for inst in ("hat", "shaker", "bells"):
            if inst in pats:
                pats[inst] = pats[inst][2:] + pats[inst][:2] if var % 4 == 1 else pats[inst].replace("o", ".")
        for inst in ("kick", "softkick", "tom"):
            if inst in pats:
                pats[inst] = pats[inst][:14] + "x."
    if level == 2 and (var // 2) % 2 and "tom" in pats:  # the taiko pattern answers itself every other phrase
        pats["tom"] = "X.x.X..xX.x.X.x."
    if fill:
        roll = "snare" if "snare" in KITS[m.kit][2] else ("tom" if m.kit == "epic" else "shaker")
        pats[roll] = pats.get(roll, "." * 16)[:12] + "oxxX"
        if roll == "tom":
            pats["tom"] = pats["tom"][:8] + "x.x.xxXX"
    if crash and m.kit not in ("soft",):
        ev.append((0.0, "crash", -1, 0, DRUM_GAIN["crash"] * lvl, DRUM_PAN["crash"]))
    for inst, pat in pats.items():
        for s, c in enumerate(pat):
            if c == ".":
                continue
            beat = s / 4
            if m.swing and s % 4 == 2:
                beat += m.swing / 2
            vel = VEL[c] * DRUM_GAIN[inst] * (0.6 + 0.4 * lvl) * rng.uniform(0.9, 1.08)
            ev.append((beat, inst, -1, 0, vel, DRUM_PAN.get(inst, 0.0)))
