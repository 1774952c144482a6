"""`reelsmith make` with timers around its phases, from outside the engine (nothing in reelsmith is
edited): the same `main()` the console script runs, with wrappers put on module attributes first.

    python bench/make_trace.py TRACE.json make PHOTOS... -p ... -o OUT.mp4

bench/render.py starts this as a child process after the plain, untimed-inside `reelsmith make` run,
and turns TRACE.json into the breakdown it prints. Each record is (name, start, end, thread) in
`time.monotonic()` seconds, a clock the parent process shares on Linux; `REELSMITH_BENCH_T0` is the
parent's monotonic time just before it started this process.
"""

from __future__ import annotations

import time

T_INTERPRETER = time.monotonic()  # the interpreter is up; nothing of reelsmith imported yet

import functools
import importlib
import inspect
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

RECORDS: list[tuple[str, float, float, str, dict[str, Any]]] = []
_LOCK = threading.Lock()

# (module, attribute path, record name): the phases a person waits through, outermost first
TARGETS = [
    ("reelsmith.cli.session_commands", "cmd_make", "make"),
    ("reelsmith.local", "start_engine", "engine start"),
    ("reelsmith.skill.sync", "Client.connect", "connect"),
    ("reelsmith.cli.session_commands", "_upload", "upload"),
    ("reelsmith.engine.storage.ingest", "receive", "upload: receive"),
    ("reelsmith.engine.storage.ingest", "probe", "upload: probe"),
    ("reelsmith.engine.storage.blobs", "BlobStore.add_file", "hash+store"),
    ("reelsmith.agent.core", "Agent.edit", "edit"),
    ("reelsmith.engine.media.music", "make_track", "music"),
    ("reelsmith.agent.core", "Agent.export", "export"),
    ("reelsmith.engine.service.jobs", "RenderWorkers._run", "render job"),
    ("reelsmith.engine.render.render", "render", "render"),
    ("reelsmith.engine.render.render", "compile_draft", "render: compile"),
    ("reelsmith.engine.render.render", "prepare_still", "render: still"),
    ("reelsmith.engine.render.sound", "mix", "render: audio mix"),
    ("reelsmith.engine.render.render", "prune_cache", "render: prune cache"),
    ("reelsmith.engine.media.ffmpeg", "run", "ffmpeg"),
    ("reelsmith.skill.export", "poll", "export: poll"),
    ("reelsmith.skill.export", "download", "export: download"),
    ("reelsmith.skill.sync", "Client.close", "close"),
]


def _record(name: str, t0: float, extra: dict[str, Any]) -> None:
    with _LOCK:
        RECORDS.append((name, t0, time.monotonic(), threading.current_thread().name, extra))


def _wrap(fn: Any, name: str) -> Any:
    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def awrapped(*a: Any, **k: Any) -> Any:
            t0 = time.monotonic()
            try:
                return await fn(*a, **k)
            finally:
                _record(name, t0, {})

        return awrapped

    @functools.wraps(fn)
    def wrapped(*a: Any, **k: Any) -> Any:
        t0 = time.monotonic()
        try:
            return fn(*a, **k)
        finally:
            # the render's own encode is the one ffmpeg run that reports frames
            _record(name, t0, {"encode": True} if name == "ffmpeg" and k.get("total_frames") else {})

    return wrapped


def install() -> None:
    for module, attr, name in TARGETS:
        obj: Any = importlib.import_module(module)
        *owners, last = attr.split(".")
        for o in owners:
            obj = getattr(obj, o)
        if hasattr(obj, last):  # a renamed function is left out of the breakdown, not an error
            setattr(obj, last, _wrap(getattr(obj, last), name))


def main() -> int:
    trace, argv = Path(sys.argv[1]), sys.argv[2:]
    t_start = float(os.environ.get("REELSMITH_BENCH_T0", T_INTERPRETER))
    install()
    t_imports = time.monotonic()
    from reelsmith.cli.main import main as cli_main

    code = 1
    try:
        code = cli_main(argv)
    finally:
        marks = {"spawn": t_start, "interpreter": T_INTERPRETER, "imports": t_imports, "main_end": time.monotonic()}
        out = {"marks": marks, "records": [list(r) for r in RECORDS]}
        trace.write_text(json.dumps(out, indent=1))
    return code


if __name__ == "__main__":
    sys.exit(main())
