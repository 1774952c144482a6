"""The whole `reelsmith make` as a person runs it, timed against the pure encode of its own output.

Six 12 MP phone photos and "turn these photos into a 30-second slideshow with music and
transitions" go to the `reelsmith` console script in a child process, with a fresh, empty data folder
(a first run: the engine starts, the photos are uploaded, the editor plans and generates the music,
the render prepares every photo, encodes, and the client downloads the MP4). It is timed from just
before the process starts to the moment the output file appears (the client writes it atomically),
and to the process's exit. b is the pure encode of that output (`shared.pure_encoder`). render.py runs
it three times, in turn with the pure encode, and each side counts its fastest (`shared.in_turn`).

A fourth run of the same command goes through bench/make_trace.py, which wraps the phases in
timers from outside the engine; its trace is cut into consecutive intervals that add up to its total.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROMPT = "turn these photos into a 30-second slideshow with music and transitions"
NAMES = [f"IMG_20240612_1430{s:02d}.jpg" for s in (5, 17, 29, 41, 48, 56)]
# settings that would send make elsewhere, or through Claude, are not passed on
DROPPED_ENV = ("ANTHROPIC_API_KEY", "REELSMITH_BACKEND", "REELSMITH_ENGINE_URL", "REELSMITH_SKILL", "NEMO_API_URL")


def make_inputs(reference_photos: list[Path], out: Path) -> list[Path]:
    """Six of the reference job's 12 MP photos, under the names a phone gives them."""
    out.mkdir(parents=True, exist_ok=True)
    photos = []
    for src, name in zip(reference_photos, NAMES, strict=False):
        p = out / name
        if not p.exists():
            shutil.copyfile(src, p)
        photos.append(p)
    return photos


def _command() -> list[str]:
    script = Path(sys.executable).parent / "reelsmith"  # the console script a person types
    return [str(script)] if script.exists() else [sys.executable, "-m", "reelsmith"]


def run(photos: list[Path], work: Path, out: Path, trace: Path | None = None) -> dict[str, Any]:
    """One `reelsmith make` with an empty data folder: seconds to the file written and to its exit, and
    the CPU seconds it used (with its ffmpeg runs)."""
    data = work / ("data-traced" if trace else "data")
    shutil.rmtree(data, ignore_errors=True)
    out.unlink(missing_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    env.update(
        REELSMITH_DATA_DIR=str(data),
        REELSMITH_STATE_DIR=str(work / "state"),
        REELSMITH_CONFIG_DIR=str(work / "config"),
    )
    args = ["make", *map(str, photos), "-p", PROMPT, "-o", str(out)]
    cmd = [sys.executable, str(HERE / "make_trace.py"), str(trace), *args] if trace else [*_command(), *args]
    log = (work / ("traced.log" if trace else "make.log")).open("w")
    cpu0 = _children_cpu()
    t0 = time.monotonic()
    env["REELSMITH_BENCH_T0"] = repr(t0)
    proc = subprocess.Popen(cmd, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT)
    written = None
    while proc.poll() is None:
        if written is None and out.exists():
            written = time.monotonic() - t0
        time.sleep(0.005)
    t_exit = time.monotonic() - t0
    cpu = _children_cpu() - cpu0  # the child and the ffmpeg runs it waited for
    log.close()
    if proc.returncode != 0:
        raise RuntimeError(f"reelsmith make failed ({proc.returncode}); see {log.name}")
    if written is None:  # appeared in the last few milliseconds
        written = t_exit
    return {"written_s": written, "exit_s": t_exit, "cpu_s": cpu, "t0": t0}


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


# consecutive intervals: (label, the record whose start or end closes it, "a" start | "b" end)
CUTS = [
    ("Python start, imports, arguments", "make", "a"),
    ("engine start, connect, new session", "upload", "a"),
    ("upload: copy, probe, hash (6 photos)", "upload", "b"),
    ("edit: plan the timeline", "edit", "b"),
    ("export: submit the job", "render", "a"),
    ("render: compile, prepare photos (the sound starts after)", "encode", "a"),
    ("render: the encode run (filter graph + x264)", "encode", "b"),
    ("render: read the output back, store it", "render job", "b"),
    ("client: waiting for its next poll", "export: poll", "b"),
    ("download (loopback HTTP)", "export: download", "b"),
]


def breakdown(trace: Path, t_exit: float, t0: float) -> dict[str, Any]:
    """The traced run cut into consecutive intervals (seconds) that add up to the file written, and
    the details inside them: music, photo preparation, probing, the audio mix."""
    d = json.loads(trace.read_text())
    recs: dict[str, list[tuple[float, float]]] = {}
    for name, a, b, _thread, extra in d["records"]:
        recs.setdefault("encode" if extra.get("encode") else name, []).append((a - t0, b - t0))

    def at(name: str, end: str) -> float:
        spans = recs[name]
        return min(a for a, _ in spans) if end == "a" else max(b for _, b in spans)

    def total(name: str) -> float:
        return sum(b - a for a, b in recs.get(name, []))

    def wall(name: str) -> float:
        spans = recs.get(name, [])
        return max(b for _, b in spans) - min(a for a, _ in spans) if spans else 0.0

    phases, last = [], 0.0
    for label, name, end in CUTS:
        t = at(name, end)
        phases.append((label, round(t - last, 3)))
        last = t
    detail = {
        "music_s": round(total("music"), 3),
        "photos_prepared_wall_s": round(wall("render: still"), 3),
        "photos_prepared_cpu_s": round(total("render: still"), 3),
        "audio_mix_s": round(total("render: audio mix"), 3),
        "probe_s": round(total("upload: probe"), 3),
        "hash_store_s": round(total("hash+store"), 3),
        "engine_start_s": round(total("engine start"), 3),
    }
    return {
        "phases": phases,
        "written_s": round(last, 3),
        "after_written_s": round(t_exit - last, 3),  # closing the client and engine, interpreter exit
        "encode_run_s": round(total("encode"), 3),
        "detail": detail,
    }
