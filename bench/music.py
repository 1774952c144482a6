"""Generated music: what it costs, and the reference figures its targets come from.

    python bench/music.py                  # synthesis time and peak memory, 30 s / 60 s / 10 min
    python bench/music.py reference DIR    # band shares, tempo and section figures of reference tracks

Cost: each run is a fresh process pinned to one core (the budget is per core). generate() returns the
whole track in memory (float32 stereo: 11.5 MB a minute); make_track() streams to a WAV, which is
what the engine calls. Peak memory is the child's ru_maxrss, including the interpreter and numpy.
Targets (issue 18): 60 s of music in under 1.5 s and under 200 MB; the ratio columns are the
measured figure over the target, scaled to the length (time per 60 s of music), so <= 1 passes.

Reference: DIR holds open-licence audio files in folders named by genre (e.g. the `tracks` folder of
the immich-memories-music package: `pip download immich-memories-music --no-deps`, unzip). Figures
only are kept (reelsmith/engine/media/music_measure.py REFERENCE); the audio is not.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, os, resource, sys, tempfile, time
from pathlib import Path
if hasattr(os, "sched_setaffinity"):
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
from reelsmith.engine.media import music
how, seconds = sys.argv[1], float(sys.argv[2])
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
if how == "generate":
    music.generate("upbeat", seconds)
else:
    with tempfile.TemporaryDirectory() as d:
        music.make_track("upbeat", seconds, Path(d) / "m.wav")
dt = time.perf_counter() - t
print(json.dumps({"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "base": base / 1024}))
"""
TIME_PER_MINUTE = 1.5  # s of synthesis per 60 s of music, on one core
RSS_MB = 200.0


def cost() -> None:
    print(f"{'call':10s} {'length':>7s} {'time':>7s} {'x realtime':>10s} {'time/target':>11s} {'peak RSS':>9s}", end="")
    print(f" {'RSS/target':>10s} {'(import)':>9s}")
    for how in ("make_track", "generate"):
        for seconds in (30, 60, 600):
            r = subprocess.run(
                [sys.executable, "-c", CHILD, how, str(seconds)], capture_output=True, text=True, check=True
            )
            d = json.loads(r.stdout)
            budget = TIME_PER_MINUTE * seconds / 60
            print(
                f"{how:10s} {seconds:6d}s {d['s']:6.2f}s {seconds / d['s']:9.0f}x {d['s'] / budget:10.2f} "
                f"{d['rss']:7.0f}MB {d['rss'] / RSS_MB:10.2f} {d['base']:7.0f}MB"
            )


def reference(folder: Path) -> None:
    from reelsmith.engine.media import beats
    from reelsmith.engine.media.music_measure import BANDS, band_shares, section_correlations

    sr = 48000
    groups: dict[str, list[dict[str, float]]] = {}
    licence = next(folder.parent.glob("**/LICENSE-MUSIC"), None) or next(folder.parent.parent.glob("**/LICENSE*"), None)
    bpms = {}
    if licence is not None:  # the package lists each track's tempo
        bpms = {m[1]: int(m[2]) for m in re.finditer(r"(\S+)\.\w+\s+(\d+) bpm", licence.read_text())}
    hits = 0
    for path in sorted(folder.glob("*/*")):
        x = beats.load(path, sr)
        b = band_shares(x, sr)
        kind = "electronic" if "electronic" in path.stem else "acoustic" if "acoustic" in path.stem else ""
        group = (
            path.parent.name if path.parent.name in ("calm", "nostalgic", "tender") else f"{path.parent.name} {kind}"
        )
        groups.setdefault(group.strip(), []).append(b)
        got = beats.analyse(x, sr)
        want = bpms.get(path.stem, 0)
        hits += abs(got.tempo - want) < 2
        corr = section_correlations(x, sr, want or got.tempo)
        print(
            f"{path.stem:30s} {len(x) / sr:5.1f}s tempo {got.tempo:6.1f}/{want:3d} "
            + " ".join(f"{k} {v:.3f}" for k, v in b.items())
            + f" max 4-bar corr {corr.max() if len(corr) else 0:.2f}"
        )
    print(f"tempo within 2 BPM of the listed tempo: {hits}/{sum(len(g) for g in groups.values())}")
    print("REFERENCE = {")
    for g, rows in groups.items():
        inner = ", ".join(f'"{k}": ({min(r[k] for r in rows):.3f}, {max(r[k] for r in rows):.3f})' for k in BANDS)
        print(f'    "{g}": {{{inner}}},')
    print("}")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "reference":
        reference(Path(sys.argv[2]))
    else:
        cost()


if __name__ == "__main__":
    main()
