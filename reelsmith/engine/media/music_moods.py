"""The moods the generated music comes in: key, tempo, chords, voices and drum kits for each, plus
the patterns (bass, comping, melodic rhythms) the score draws on. Data, read by music_score.py."""

from __future__ import annotations

from dataclasses import dataclass

# part of every generated track's name (engine/storage/music_store.py): change it when the same mood
# and length would sound different, so a track the old synthesiser made is not reused
RECIPE_VERSION = "3"

Event = tuple[float, str, int, float, float, float]
MAJOR, MINOR = (0, 2, 4, 5, 7, 9, 11), (0, 2, 3, 5, 7, 8, 10)
MAJ, MIN, MAJ7, MIN7, DOM7, SUS = (0, 4, 7), (0, 3, 7), (0, 4, 7, 11), (0, 3, 7, 10), (0, 4, 7, 10), (0, 5, 7)


def _ch(root: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(root + s for s in shape)


@dataclass(frozen=True)
class Mood:
    bpm: int
    key: int  # MIDI note of the tonic (bass octave)
    progression: tuple[tuple[int, ...], ...]  # section A, one chord a bar, semitones from the key
    progression_b: tuple[tuple[int, ...], ...]  # section B
    chords: str  # instrument for the harmony
    comp: str  # rhythm of the harmony: "hold", "offbeat", "pulse", "broken", "lazy"
    arp: str | None
    bass: str
    bass_style: str  # "drive", "walk", "long", "pop"
    lead: str
    kit: str
    scale: tuple[int, ...] = MAJOR
    swing: float = 0.0
    bright: float = 1.0
    space: float = 0.2  # reverb send
    rt60: float = 1.6
    levels: tuple[tuple[str, float], ...] = ()  # per-mood gain of an instrument (the mix's balance)
    # effects (music_fx.py): chorus on the harmony, a presence lift and the bus compressor's ratio
    chorus: float = 0.2  # wet share of the chorus on pads, strings, keys and stabs
    presence_db: float = 0.0  # a broad bell at 3 kHz: the band a phone speaker plays
    air_db: float = 0.0  # a high shelf from 8 kHz: softer (or brighter) cymbals and breath
    glue: float = 2.0  # bus compressor ratio: how much the loud parts are held together


MOODS: dict[str, Mood] = {
    "upbeat": Mood(
        120,
        43,
        (_ch(0, MAJ), _ch(7, MAJ), _ch(9, MIN), _ch(5, MAJ)),
        (_ch(9, MIN), _ch(5, MAJ), _ch(0, MAJ), _ch(7, MAJ)),
        "stab",
        "offbeat",
        "pluck",
        "bass",
        "drive",
        "lead",
        "four",
        space=0.15,
        rt60=1.3,
        chorus=0.15,
        glue=2.0,
    ),
    "lofi": Mood(
        80,
        41,
        (_ch(0, MAJ7), _ch(9, MIN7), _ch(2, MIN7), _ch(7, DOM7)),
        (_ch(5, MAJ7), _ch(4, MIN7), _ch(2, MIN7), _ch(7, DOM7)),
        "epiano",
        "lazy",
        None,
        "sub",
        "walk",
        "pluck",
        "lofi",
        swing=0.16,
        bright=0.6,
        space=0.22,
        rt60=1.4,
        chorus=0.3,
        glue=2.0,
    ),
    "calm": Mood(
        72,
        40,
        (_ch(0, MAJ7), _ch(5, MAJ7), _ch(9, MIN7), _ch(5, MAJ)),
        (_ch(9, MIN7), _ch(5, MAJ7), _ch(0, MAJ7), _ch(7, SUS)),
        "pad",
        "hold",
        "harp",
        "sub",
        "long",
        "bell",
        "soft",
        bright=0.6,
        space=0.35,
        rt60=2.6,
        chorus=0.35,
        glue=1.5,
    ),
    "cinematic": Mood(
        90,
        38,
        (_ch(0, MIN), _ch(8, MAJ), _ch(3, MAJ), _ch(10, MAJ)),
        (_ch(5, MIN), _ch(8, MAJ), _ch(10, MAJ), _ch(0, MIN)),
        "strings",
        "hold",
        "pluck",
        "bass",
        "long",
        "horn",
        "epic",
        scale=MINOR,
        bright=0.7,
        space=0.3,
        rt60=2.8,
        levels=(("snare", 0.6), ("hat", 0.7)),
        chorus=0.25,
        glue=1.8,
    ),
    "corporate": Mood(
        110,
        45,
        (_ch(0, MAJ), _ch(9, MIN), _ch(5, MAJ), _ch(7, MAJ)),
        (_ch(5, MAJ), _ch(0, MAJ), _ch(7, MAJ), _ch(9, MIN)),
        "epiano",
        "pulse",
        "pluck",
        "bass",
        "pop",
        "bell",
        "backbeat",
        space=0.18,
        rt60=1.5,
        levels=(("epiano", 0.6), ("bass", 1.3), ("kick", 1.3)),
        chorus=0.2,
        glue=2.5,
    ),
    "festive": Mood(
        126,
        48,
        (_ch(0, MAJ), _ch(9, MIN), _ch(2, MIN7), _ch(7, DOM7)),
        (_ch(5, MAJ), _ch(5, MIN), _ch(0, MAJ), _ch(7, DOM7)),
        "stab",
        "offbeat",
        "bell",
        "bass",
        "drive",
        "bell",
        "jingle",
        space=0.18,
        rt60=1.4,
        levels=(("bell", 0.5), ("bells", 0.7)),
        chorus=0.15,
        glue=2.5,
    ),
    "romantic": Mood(
        70,
        41,
        (_ch(0, MAJ7), _ch(4, MIN7), _ch(5, MAJ7), _ch(7, SUS)),
        (_ch(9, MIN7), _ch(4, MIN7), _ch(5, MAJ7), _ch(7, DOM7)),
        "epiano",
        "broken",
        "harp",
        "sub",
        "long",
        "lead",
        "ballad",
        bright=0.9,
        space=0.3,
        rt60=2.2,
        levels=(("shaker", 1.8), ("hat", 1.6), ("rim", 1.4), ("sub", 0.8)),
        chorus=0.2,
        air_db=-3.0,
        glue=1.5,
    ),
}
ALIASES = {
    "happy": "upbeat",
    "energetic": "upbeat",
    "pop": "upbeat",
    "fun": "upbeat",
    "promo": "upbeat",
    "grand opening": "upbeat",
    "opening": "upbeat",
    "launch": "upbeat",
    "lo-fi": "lofi",
    "chill": "lofi",
    "relaxed": "lofi",
    "relaxing": "calm",
    "soft": "calm",
    "peaceful": "calm",
    "ambient": "calm",
    "epic": "cinematic",
    "dramatic": "cinematic",
    "business": "corporate",
    "inspiring": "corporate",
    "motivational": "corporate",
    "party": "festive",
    "celebration": "festive",
    "birthday": "festive",
    "christmas": "festive",
    "holiday": "festive",
    "xmas": "festive",
    "love": "romantic",
    "wedding": "romantic",
    "valentine": "romantic",
    "valentines": "romantic",
    "anniversary": "romantic",
}

# Drum patterns, 16 steps a bar: X = accent, x = normal, o = ghost. Levels: 0 intro/outro, 1 A, 2 B.
KITS: dict[str, dict[int, dict[str, str]]] = {
    "four": {
        0: {"kick": "X...X...X...X...", "hat": "..x...x...x...x."},
        1: {"kick": "X...X...X...X...", "clap": "....X.......X...", "hat": "..X...X...X...X."},
        2: {
            "kick": "X...X...X...X...",
            "clap": "....X.......X...",
            "hat": "xoxoxoxoxoxoxoxo",
            "ohat": "..x...x...x...x.",
        },
    },
    "jingle": {
        0: {"bells": "x.o.x.o.x.o.x.o."},
        1: {"kick": "X...X...X...X...", "snare": "....X.......X...", "bells": "XoxoXoxoXoxoXoxo"},
        2: {
            "kick": "X...X...X..xX...",
            "clap": "....X.......X...",
            "bells": "XoxoXoxoXoxoXoxo",
            "ohat": "..x...x...x...x.",
        },
    },
    "backbeat": {
        0: {"hat": "x.x.x.x.x.x.x.x."},
        1: {"kick": "X.....x...X.....", "snare": "....X.......X...", "hat": "x.x.x.x.x.x.x.x."},
        2: {
            "kick": "X.....x.X.x.....",
            "snare": "....X.......X...",
            "clap": "....x.......x...",
            "hat": "xoxoxoxoxoxoxoxo",
            "ohat": "......x.......x.",
        },
    },
    "lofi": {
        0: {"hat": "x.x.x.x.x.x.x.x."},
        1: {"kick": "X......x..X.....", "snare": "....X.......X...", "hat": "x.x.x.x.x.x.x.x."},
        2: {
            "kick": "X......x.xX.....",
            "snare": "....X.......X..o",
            "hat": "xoxoxoxoxoxoxoxo",
            "ohat": "..............x.",
        },
    },
    "epic": {
        0: {"tom": "X..............."},
        1: {"tom": "X.......x.x.....", "shaker": "x.x.x.x.x.x.x.x."},
        2: {"tom": "X..x..x.X..x..x.", "snare": "....X.......X...", "hat": "x.x.x.x.x.x.x.x."},
    },
    "soft": {
        0: {},
        1: {"shaker": "..x...x...x...x."},
        2: {"softkick": "X.......X.......", "shaker": "x.x.x.x.x.x.x.x."},
    },
    "ballad": {  # quarter-note hats: at 70 BPM eighths would be heard (and measured) as 140
        0: {},
        1: {"rim": "....x.......x...", "shaker": "x.o.x.o.x.o.x.o."},
        2: {"softkick": "X.......X.......", "snare": "....x.......x...", "hat": "x...x...x...x..."},
    },
}
DRUM_GAIN = {
    "kick": 0.26,
    "softkick": 0.2,
    "tom": 0.2,
    "snare": 0.45,
    "clap": 0.5,
    "rim": 0.35,
    "hat": 0.12,
    "ohat": 0.08,
    "shaker": 0.2,
    "crash": 0.1,
    "bells": 0.1,
}
DRUM_PAN = {"hat": 0.3, "ohat": 0.35, "shaker": -0.3, "bells": 0.25, "rim": -0.15, "clap": 0.05, "crash": -0.2}
VEL = {"X": 1.0, "x": 0.72, "o": 0.45}
BASS: dict[str, tuple[tuple[tuple[float, float, int], ...], ...]] = {  # (beat, beats held, interval) for A, B
    "drive": (
        ((0, 1, 0), (1.5, 0.5, 0), (2, 1, 0), (3, 0.5, 12), (3.5, 0.5, 7)),
        tuple((i / 2, 0.45, 12 * (i % 2)) for i in range(8)),
    ),
    "walk": (
        ((0, 1.5, 0), (1.75, 0.25, 0), (2.5, 1.5, 7)),
        ((0, 1, 0), (1, 0.5, 7), (1.5, 0.5, 12), (2, 1.5, 0), (3.5, 0.5, 7)),
    ),
    "long": (((0, 4, 0),), ((0, 2.5, 0), (2.5, 1.5, 7))),
    "pop": (
        ((0, 0.75, 0), (0.75, 0.75, 0), (1.5, 1, 0), (2.5, 0.5, 0), (3, 1, 7)),
        tuple((i / 2, 0.4, 0 if i % 4 else 12 * (i // 4)) for i in range(8)),
    ),
}
COMP = {  # (beat, beats held) for A, B
    "hold": (((0, 4),), ((0, 2), (2, 2))),
    "offbeat": (((0, 1.5), (2.5, 1.5)), ((0.5, 0.4), (1.5, 0.4), (2.5, 0.4), (3.5, 0.4))),
    "pulse": (tuple((i / 2, 0.45) for i in range(8)), tuple((i / 2, 0.45) for i in range(8))),
    "lazy": (((0, 1.8), (2.5, 1.4)), ((0, 1.2), (1.5, 0.8), (2.75, 1.2))),
    "broken": (((0, 4),), ((0, 1.5), (2, 2))),
}
RHYTHMS = {  # one-bar melodic rhythms: (beat, beats held)
    "sparse": (((0, 2), (2, 1), (3, 1)), ((0, 1.5), (1.5, 0.5), (2, 2)), ((0.5, 1.5), (2, 1.5), (3.5, 0.5))),
    "medium": (
        ((0, 1), (1, 0.5), (1.5, 0.5), (2, 1), (3, 1)),
        ((0, 0.5), (0.5, 0.5), (1, 1), (2, 1.5), (3.5, 0.5)),
        ((0.5, 0.5), (1, 1), (2, 0.5), (2.5, 0.5), (3, 1)),
        ((0, 0.75), (0.75, 0.75), (1.5, 1.5), (3, 1)),
    ),
}
