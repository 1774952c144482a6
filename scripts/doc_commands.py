"""Run every shell command shown in README.md and docs/*.md, as a user would, and fail on any that does not work.

    python scripts/doc_commands.py               # what CI runs (.ci/run), after the tests
    python scripts/doc_commands.py --list        # the commands and what is run for each, without running
    python scripts/doc_commands.py --as-written  # at the qualities the docs give (slower; see SPEED below)
    python scripts/doc_commands.py --slow        # also the render benchmark, 3 times (minutes more)
    python scripts/doc_commands.py --only cli.md --keep

What is a command. Fenced blocks marked bash, sh, shell or console, and `$ ` lines in text blocks:

- bash / sh / shell: every line is a command (a line ending in `\\` continues; `#` lines are comments).
- console and text: a line starting with `$ ` is a command, the rest is its output. The lines a
  transcript types at reelsmith chat's prompt (`› `) are fed to that command on stdin, and the replies
  it shows ("Uploaded", "Done:", "Timeline (", "Saved") must come back: word for word when shown in
  full, else (elided with `…`, or a "Saved" line naming the session) as many times as shown.
- Unmarked blocks are diagrams, file trees, wire formats and log lines: not run. One whose line looks
  like a command (a `$ ` prompt, or starting with reelsmith, python, pip, pytest, git, claude) fails
  the check: mark it bash to run it, or text to show it.
- json, python and other languages are not shell (the Python API page is run by examples/python_api.py).

Where it runs. Each block runs, line by line, in its own fresh scratch folder prepared like a user's
folder (see `user_folder`): a copy of examples/ and the bench/ scripts (the README's quick start and
docs/bench.md run from the repository root, where these are), a 1280x720 30 fps clip with sound named
the way a phone names it (CLIP), the files the docs' examples name (USER_FILES), and HOME set to a
`home/` inside it, so `~/Pictures/trip` is real, and reelsmith's sessions, credentials and engine data
start empty. REELSMITH_*, NEMO_*, XDG_* and ANTHROPIC_API_KEY are removed: the local engine and the
offline planner (the README's default, with no key and no network). Every command has a deadline
(--timeout). A failure prints the file, line, command, what was run and the tail of its output; the
rest of that block is skipped, the other blocks still run, and the script exits 1.

Substitution rules (a command is changed only by these, and the change is printed with any failure):

- PLACEHOLDERS (doc_blocks.py): `<this repo>` is this checkout. Any other `<name>`, and any `...` or `…` in a
  command, fails the check: write the command out in full, or add a rule here.
- `python3 -m venv .venv` is not run, and `.venv` in the folder is the virtual environment this
  script runs in: .ci/run made it with that very line, and a second one would need every dependency
  again from PyPI.
- `pip install` runs as `pip install --dry-run`: it resolves (a quick check that the path and extras
  install) and changes nothing in the shared environment. A `.` or `.[extra]` it installs is this
  checkout, where the docs' commands are run from.
- `reelsmith serve` is started, must print the address it listens on and answer /openapi.json
  there, and is then stopped with Ctrl-C (SIGINT) and must exit 0 or 130 (docs/cli.md's code for an
  interrupted command).
- SPEED: a `reelsmith make`, `export`, `batch`, `render` or `chat` that names no quality gets
  `--quality preview` (360p, 15 fps, ultrafast): the docs are checked for their flags, files, order
  and exit codes, and the pictures at each quality are the tests' job. --as-written drops this rule.

Commands that are not run are in NOT_RUN and SLOW (doc_blocks.py), with the reason for each. An entry that no
longer matches a command in the docs fails the check, so the lists stay reviewed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from doc_blocks import NOT_RUN, REPLIES, ROOT, SLOW, Command, DocError, Plan, code, extract, plan

CLIP = "VID_20240612_143055.mp4"  # 1280x720, 30 fps, 4 s, with sound: what a phone's camera folder holds

# The user's files the docs' examples name, made in each block's folder from the examples and CLIP.
# A command naming a file that is not here fails, as it would for a user who does not have it.
PHOTOS = sorted(p.name for p in (ROOT / "examples" / "photos").glob("*.jpg"))
USER_FILES: dict[str, list[str]] = {
    "photo1.jpg": ["examples/photos/01-astronaut.jpg"],
    "photo2.jpg": ["examples/photos/02-coffee.jpg"],
    "clip.mp4": [CLIP],
    "logo.png": ["examples/logo.png"],
    "photos/": [f"examples/photos/{p}" for p in PHOTOS],
    "products/": ["examples/photos/02-coffee.jpg", "examples/photos/04-rocket.jpg", CLIP],
    "home/Pictures/trip/": [f"examples/photos/{p}" for p in PHOTOS] + [CLIP],
    "home/Pictures/beach one.jpg": ["examples/photos/03-cat.jpg"],  # the README's chat transcript
    "home/Pictures/sunset.jpg": ["examples/photos/05-deep-field.jpg"],
    "home/Videos/": [],
}
INTERRUPTED_OK = (0, 130)  # docs/cli.md: 130 is the exit code of an interrupted command
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def make_clip(out: Path) -> None:
    """A phone-like clip: 1280x720 H.264 at 30 fps with AAC sound, 4 s."""
    import imageio_ffmpeg

    subprocess.run(
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y"]
        + ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine=frequency=440:r=48000"]
        + ["-t", "4", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-r", "30"]
        + ["-c:a", "aac", "-b:a", "128k", "-ac", "2", "-movflags", "+faststart"]
        + ["-metadata", "creation_time=2024-06-12T14:30:55Z", str(out)],
        check=True,
        timeout=60,
    )


def user_folder(template: Path) -> None:
    """The folder every block starts from (copied fresh for each block)."""
    template.mkdir(parents=True)
    shutil.copytree(ROOT / "examples", template / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (template / "bench").mkdir()
    for script in (ROOT / "bench").glob("*.py"):
        shutil.copy2(script, template / "bench" / script.name)
    make_clip(template / CLIP)
    for name, sources in USER_FILES.items():
        dest = template / name
        if name.endswith("/"):
            dest.mkdir(parents=True, exist_ok=True)
            for src in sources:
                shutil.copy2(template / src, dest / Path(src).name)
        else:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(template / sources[0], dest)
    (template / ".venv").symlink_to(sys.prefix)  # `. .venv/bin/activate`: this script's environment


def environment(home: Path) -> dict[str, str]:
    drop = ("REELSMITH_", "NEMO_", "XDG_")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(drop) and k not in ("ANTHROPIC_API_KEY", "SKILL_SOURCE")
    }
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "pip"
    env.update(
        HOME=str(home),
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        NO_COLOR="1",
        PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR", str(cache)),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    return env


def tail(output: str, lines: int = 25) -> str:
    clean = [ANSI.sub("", line).rstrip() for line in output.replace("\r", "\n").splitlines()]
    return "\n".join([line for line in clean if line.strip()][-lines:]) or "(no output)"


def run_shell(cmd: str, cwd: Path, env: dict[str, str], timeout: float, stdin: str | None) -> tuple[str, str]:
    """(problem or "", output)."""
    p = subprocess.Popen(
        ["bash", "-o", "pipefail", "-c", cmd],
        cwd=cwd,
        env=env,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = p.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, _ = p.communicate()
        return f"no answer within the deadline ({timeout:.0f} s)", out
    return ("" if p.returncode == 0 else f"exit code {p.returncode}"), out


def run_server(cmd: str, cwd: Path, env: dict[str, str], timeout: float) -> tuple[str, str]:
    """Start it, wait for its address, GET /openapi.json there, stop it with Ctrl-C: it must exit 0 or 130."""
    log = cwd / ".server.log"
    with log.open("w") as sink:
        p = subprocess.Popen(
            ["bash", "-c", f"exec {cmd}"],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=sink,
            start_new_session=True,
        )
        problem = ""
        try:
            deadline = time.monotonic() + timeout
            url = None
            while url is None and p.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
                m = re.search(r"listening on (http://\S+)", ANSI.sub("", log.read_text()))
                url = m.group(1) if m else None
            if url is None:
                problem = "it never said where it listens" if p.poll() is None else f"exit code {p.returncode}"
            else:
                with urllib.request.urlopen(f"{url.rstrip('/')}/openapi.json", timeout=10) as r:
                    if "paths" not in json.load(r):
                        problem = f"{url}/openapi.json is not an OpenAPI description"
        except OSError as e:
            problem = f"it did not answer: {e}"
        finally:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole foreground group
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.wait()
                    problem = problem or "Ctrl-C did not stop it within 20 s"
        if not problem and p.returncode not in INTERRUPTED_OK:
            problem = f"exit code {p.returncode} after Ctrl-C"
    return problem, log.read_text()


def run_help(cmd: str, cwd: Path, env: dict[str, str], timeout: float) -> tuple[str, str]:
    """SLOW commands without --slow: the program's --help must list every --flag the command uses."""
    words = shlex.split(cmd, comments=True)
    program = words[: next((i for i, w in enumerate(words) if w.startswith("-")), len(words))]
    problem, out = run_shell(shlex.join(program + ["--help"]), cwd, env, timeout, None)
    missing = [w for w in words if w.startswith("--") and w not in out]
    if not problem and "usage" not in out:
        problem = "--help printed no usage"
    elif not problem and missing:
        problem = f"--help does not list {', '.join(missing)}"
    return problem, out


def check_replies(cmd: Command, out: str) -> str:
    """A reply the transcript shows in full must come back word for word; one it elides (`…`), or a
    "Saved" line (its name holds the session id), must come back as many times as it is shown."""
    for reply in cmd.replies:
        if "…" not in reply and not reply.startswith("Saved ") and reply not in out:
            return f"the transcript shows the reply {reply!r}, and the run did not give it"
    for prefix in REPLIES:
        shown = sum(r.startswith(prefix) for r in cmd.replies)
        if out.count(prefix) < shown:
            return f"the transcript shows {shown} {prefix!r} replies, the run gave {out.count(prefix)}"
    if cmd.stdin and re.search(r"^/?export\b", cmd.stdin, re.M) and "Saved " not in out:
        return "the transcript exports, and nothing was saved"
    return ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--list", action="store_true", help="show the commands and what is run, run nothing")
    ap.add_argument("--as-written", action="store_true", help="no --quality preview (the SPEED rule)")
    ap.add_argument("--slow", action="store_true", help="run the benchmarks too")
    ap.add_argument("--only", help="only blocks whose file:line or commands contain this text")
    ap.add_argument("--timeout", type=float, default=240, help="seconds for each command (default 240)")
    ap.add_argument("--keep", action="store_true", help="keep the scratch folders")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every command's output")
    args = ap.parse_args(argv)
    if sys.prefix == sys.base_prefix:
        print("run this in the project's virtual environment (. .venv/bin/activate)", file=sys.stderr)
        return 2

    blocks, problems = extract([ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])
    shown = {code(c.text) for b in blocks for c in b.commands}
    problems += [f"NOT_RUN / SLOW entry matches no command in the docs: {t!r}" for t in {*NOT_RUN, *SLOW} - shown]
    if args.only:
        blocks = [
            b for b in blocks if args.only in f"{b.file}:{b.line}" or any(args.only in c.text for c in b.commands)
        ]
    plans: dict[int, Plan | DocError] = {}
    for b in blocks:
        for c in b.commands:
            try:
                plans[id(c)] = plan(c, as_written=args.as_written, slow=args.slow)
            except DocError as e:
                plans[id(c)] = e
    if args.list:
        for b in blocks:
            for c in b.commands:
                p = plans[id(c)]
                what = f"ERROR {p}" if isinstance(p, DocError) else f"{p.kind}: {p.run or p.note}"
                print(f"{c.file}:{c.line}: {c.text}\n    {what}" + (f"\n    stdin: {c.stdin!r}" if c.stdin else ""))
        for problem in problems:
            print(f"PROBLEM {problem}")
        return 1 if problems else 0

    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix="reelsmith-doc-commands-"))
    failures = list(problems)
    counts = {"shell": 0, "server": 0, "help": 0, "skip": 0}
    try:
        user_folder(scratch / "template")
        for n, b in enumerate(blocks):
            folder = scratch / f"{n:02d}-{b.file.replace('/', '-')}-{b.line}"
            shutil.copytree(scratch / "template", folder, symlinks=True)
            env = environment(folder / "home")
            for c in b.commands:
                p = plans[id(c)]
                where = f"{c.file}:{c.line}"
                if isinstance(p, DocError):
                    failures.append(f"{where}: {c.text}\n    {p}")
                    print(f"FAIL  {where}  {c.text}\n    {p}", flush=True)
                    break
                counts[p.kind] += 1
                if p.kind == "skip":
                    print(f"skip  {where}  {c.text}\n    not run: {p.note}", flush=True)
                    continue
                t = time.monotonic()
                if p.kind == "server":
                    problem, out = run_server(p.run, folder, env, min(args.timeout, 60))
                elif p.kind == "help":
                    problem, out = run_help(p.run, folder, env, 60)
                else:
                    problem, out = run_shell(p.run, folder, env, args.timeout, c.stdin)
                    problem = problem or check_replies(c, ANSI.sub("", out))
                took = time.monotonic() - t
                if args.verbose:
                    print("\n".join("      | " + line for line in tail(out, 10_000).splitlines()), flush=True)
                label = {"server": "served", "help": "--help"}.get(p.kind, "ok")
                if not problem:
                    print(f"{label:6s}{took:5.1f}s  {where}  {c.text}", flush=True)
                    continue
                ran = "" if p.run == c.text else f"\n    run as: {p.run}"
                report = f"{where}: {c.text}{ran}\n    {problem}; output (tail):\n" + "\n".join(
                    "      | " + line for line in tail(out).splitlines()
                )
                failures.append(report)
                print(f"FAIL {took:5.1f}s  {report}", flush=True)
                rest = b.commands[b.commands.index(c) + 1 :]
                if rest:
                    print(f"      the rest of the block ({len(rest)} commands) is not run", flush=True)
                break
    finally:
        if args.keep:
            print(f"scratch folders kept in {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    total = time.monotonic() - started
    print(
        f"\n{counts['shell']} commands run, {counts['server']} servers started and stopped, "
        f"{counts['help']} checked against --help (--slow runs them), {counts['skip']} not run; "
        f"{len(failures)} failed; {total:.0f} s"
        + ("" if args.as_written else " (renders at --quality preview; --as-written for the docs' qualities)")
    )
    if failures:
        print("\nFailed:\n" + "\n".join(f"- {f}" for f in failures), file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
