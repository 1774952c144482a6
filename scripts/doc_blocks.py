"""The commands README.md and docs/*.md show, found and planned: fenced blocks and transcripts, the
substitution rules, and what is run for each (the rules are in doc_commands.py's docstring)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHELL_LANGS = frozenset({"bash", "sh", "shell", "console"})
TRANSCRIPT_LANGS = frozenset({"console", "text"})
COMMAND_WORDS = ("reelsmith", "python", "python3", "pip", "pytest", "git", "claude")

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
