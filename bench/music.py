"""Music synthesis cost: time and peak memory for 30 s, 60 s and 10 min, each in a fresh process.

    python bench/music.py

generate() returns the whole track in memory (float32 stereo: 11.5 MB a minute);
make_track() streams to a WAV and holds only a few bars. Peak memory is the child's ru_maxrss,
which includes the interpreter and numpy (about 40 MB before any music).
"""

from __future__ import annotations

import json
import subprocess
import sys

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
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


def main() -> None:
    print(f"{'call':10s} {'length':>7s} {'time':>7s} {'x realtime':>10s} {'peak RSS':>9s} {'(import)':>9s}")
    for how in ("generate", "make_track"):
        for seconds in (30, 60, 600):
            r = subprocess.run(
                [sys.executable, "-c", CHILD, how, str(seconds)], capture_output=True, text=True, check=True
            )
            d = json.loads(r.stdout)
            print(
                f"{how:10s} {seconds:6d}s {d['s']:6.2f}s {seconds / d['s']:9.0f}x {d['rss']:7.0f}MB {d['base']:7.0f}MB"
            )


if __name__ == "__main__":
    main()
