"""One-shot commands as a script or host agent runs them: `say`, `state` and `credits`, each a new
process that starts the engine in-process, does one thing and exits.

    python bench/oneshot.py [--runs 5]

A session is made first (an upload of the example photos and one edit), so the machine is warm:
the interpreter, the packages and the data folder are in the page cache. Each command then runs
`--runs` times; the median wall time counts, against the target of under 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 1.0
COMMANDS = {
    "say": ["say", "title says 'Summer Sale'", "--json"],  # an edit that changes no length: no new music
    "state": ["state", "--json"],
    "credits": ["credits", "--json"],
}


def run(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reelsmith", *argv], env=env, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if done.returncode != 0:
        raise SystemExit(f"reelsmith {' '.join(argv)} failed ({done.returncode}): {done.stdout}{done.stderr}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reelsmith-oneshot-"))
    env = {
        **os.environ,
        "REELSMITH_DATA_DIR": str(work / "data"),
        "REELSMITH_STATE_DIR": str(work / "state"),
        "ANTHROPIC_API_KEY": "",
    }
    try:
        photos = sorted(str(p) for p in (ROOT / "examples" / "photos").glob("*.jpg"))
        run(["upload", *photos, "--json"], env)
        run(["say", "a 20 second slideshow with music", "--json"], env)
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {args.runs} runs each")
        results = {}
        for name, argv in COMMANDS.items():
            times = [run(argv, env) for _ in range(args.runs)]
            med = statistics.median(times)
            results[name] = {"median_s": round(med, 3), "min_s": round(min(times), 3), "max_s": round(max(times), 3)}
            verdict = "met" if med < TARGET_S else "MISSED"
            print(
                f"  reelsmith {name:8s} median {med:.2f} s (min {min(times):.2f}, max {max(times):.2f})   "
                f"target < {TARGET_S:g} s {verdict}"
            )
        out = ROOT / "bench" / "out"
        out.mkdir(parents=True, exist_ok=True)
        (out / "oneshot.json").write_text(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
