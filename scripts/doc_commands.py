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

- PLACEHOLDERS: `<this repo>` is this checkout. Any other `<name>`, and any `...` or `…` in a
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

Commands that are not run are in NOT_RUN and SLOW below, with the reason for each. An entry that no
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
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHELL_LANGS = frozenset({"bash", "sh", "shell", "console"})
TRANSCRIPT_LANGS = frozenset({"console", "text"})
COMMAND_WORDS = ("reelsmith", "python", "python3", "pip", "pytest", "git", "claude")
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
PLACEHOLDERS = {
    "<this repo>": str(ROOT),  # `git clone <this repo> …`: this checkout (its committed tree)
}
TRANSCRIPT_HOME = "/home/me"  # a transcript's example home is the folder's home

# Commands that are not run: the exact text in the docs, and why.
NOT_RUN: dict[str, str] = {
    "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && pytest": (
        "the README's test command: .ci/run runs it before this script (the same venv, install and pytest); "
        "a second pytest would cost 5 minutes"
    ),
}
# Too long for CI: without --slow, the program's --help must list every --flag they use instead.
SLOW: dict[str, str] = {
    "python bench/render.py": "the render benchmark: over a minute a run on 2 cores, more the first time",
    "python bench/render.py --skip-moviepy": "the render benchmark again, leaving out only MoviePy",
    "python bench/render.py --out bench/out": "the render benchmark again, with the default --out",
}
RENDERING = re.compile(r"\breelsmith\s+(make|export|batch|render|chat)\b")
REPLIES = ("Uploaded ", "Done:", "Timeline (", "Saved ")  # a chat transcript's replies that are checked
INTERRUPTED_OK = (0, 130)  # docs/cli.md: 130 is the exit code of an interrupted command
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Command:
    file: str
    line: int
    text: str  # as the docs show it (continuations joined)
    stdin: str | None = None  # what a transcript types at the program's prompt
    replies: list[str] = field(default_factory=list)  # the replies a transcript shows


@dataclass
class Block:
    file: str
    line: int
    commands: list[Command]


@dataclass
class Plan:
    run: str  # what is run ("" when not run)
    kind: str  # "shell", "server", "help" (flags checked against --help), "skip"
    note: str = ""


class DocError(Exception):
    """A command the docs show that this script cannot run as written and has no rule for."""


def fences(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line of the first content line, language, lines) for each fenced block."""
    out = []
    lines = path.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)", lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = len(m.group(1)), m.group(2), m.group(3).lower()
        start, body = i + 1, []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
            i += 1
        out.append((start + 1, lang, body))
        i += 1
    return out


def join_continuations(lines: list[str], first: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pending, at = "", first
    for n, raw in enumerate(lines, first):
        line = raw.rstrip()
        if not pending:
            at = n
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        out.append((at, pending + line))
        pending = ""
    if pending:
        out.append((at, pending))
    return out


def looks_like_command(line: str) -> bool:
    s = line.strip()
    return s.startswith("$ ") or s.split(" ", 1)[0] in COMMAND_WORDS and " " in s


def extract(paths: list[Path]) -> tuple[list[Block], list[str]]:
    """The blocks to run, and the problems found (unmarked blocks that hold commands)."""
    blocks: list[Block] = []
    problems: list[str] = []
    for path in paths:
        rel = str(path.relative_to(ROOT))
        for first, lang, body in fences(path):
            if lang in SHELL_LANGS - TRANSCRIPT_LANGS:
                cmds = [
                    Command(rel, n, text.strip().removeprefix("$ "))
                    for n, text in join_continuations(body, first)
                    if text.strip() and not text.strip().startswith("#")
                ]
                if cmds:
                    blocks.append(Block(rel, first - 1, cmds))
            elif lang in TRANSCRIPT_LANGS:
                blocks.extend(transcripts(rel, first, body))
            elif lang == "":
                for n, line in enumerate(body, first):
                    if looks_like_command(line):
                        problems.append(
                            f"{rel}:{n}: an unmarked block holds what looks like a command ({line.strip()!r}): "
                            "mark the block bash (to run it) or text (to show it)"
                        )
                        break
    return blocks, problems


def transcripts(rel: str, first: int, body: list[str]) -> list[Block]:
    """Each `$ ` line of a console or text block, with the lines typed at its prompt (`› `) as stdin."""
    out: list[Block] = []
    cmd: Command | None = None
    typed: list[str] = []

    def close() -> None:
        if cmd is not None:
            if typed:
                cmd.stdin = "".join(t.replace(TRANSCRIPT_HOME, "~") + "\n" for t in typed)
            out.append(Block(rel, cmd.line, [cmd]))

    for n, line in enumerate(body, first):
        if line.startswith("$ "):
            close()
            cmd, typed = Command(rel, n, line[2:].strip()), []
        elif cmd is not None and line.startswith("› "):
            typed.append(line[2:].strip())
        elif cmd is not None and line.startswith(REPLIES):
            cmd.replies.append(line.strip())
    close()
    return out


def plan(cmd: Command, *, as_written: bool, slow: bool) -> Plan:
    """What is run for a command the docs show, by the rules in the module docstring."""
    text = code(cmd.text)
    if text in NOT_RUN:
        return Plan("", "skip", NOT_RUN[text])
    if text in SLOW and not slow:
        return Plan(text, "help", SLOW[text])
    for name, value in PLACEHOLDERS.items():
        text = text.replace(name, shlex.quote(value))
    unknown = re.search(r"<[A-Za-z][\w .-]*>", text)
    if unknown:
        raise DocError(f"placeholder {unknown.group(0)} has no substitution rule (PLACEHOLDERS in {__file__})")
    if "..." in text or "…" in text:
        raise DocError("an elided command (`...`): write it out in full, or add a substitution rule")
    text = re.sub(r"\bpython3? -m venv \.venv\b", "true", text)
    text = re.sub(r"\bpip install\b", "pip install --dry-run", text)
    text = re.sub(
        r"(pip install --dry-run(?: -\S+)* -e )(['\"]?)\.(\[[\w,-]+\])?\2(?=\s|$)",
        lambda m: m.group(1) + shlex.quote(str(ROOT) + (m.group(3) or "")),
        text,
    )
    if not as_written:
        text = add_preview_quality(text)
    kind = "server" if re.match(r"reelsmith\s+serve\b", text) else "shell"
    if kind == "server" and re.search(r"&&|\|\||;|\|", text):
        raise DocError("a server command in a chain: give `reelsmith serve` its own line")
    return Plan(text, kind)


def add_preview_quality(text: str) -> str:
    """SPEED: `--quality preview` after each rendering reelsmith command that names no quality."""
    parts = re.split(r"(&&|\|\||;|\|)", text)
    for i, part in enumerate(parts):
        m = RENDERING.search(part)
        if m and "--quality" not in part and "--preview" not in part:
            parts[i] = part[: m.end()] + " --quality preview" + part[m.end() :]
    return "".join(parts)


def code(text: str) -> str:
    """A command without its trailing `# comment` (a `#` outside quotes, after a space)."""
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or text[i - 1].isspace()):
            return text[:i].rstrip()
    return text.strip()


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
