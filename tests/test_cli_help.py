"""Help and usage errors: examples and defaults in every --help, the exit codes at the top, "did you
mean", each command's own usage, flags only where they mean something, log lines only with -v, and
shell completion. The real CLI, in this process and as a subprocess."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reelsmith.cli import build_parser, main
from reelsmith.cli.errors import EXIT_CODES


def commands() -> dict[str, argparse.ArgumentParser]:
    (sub,) = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


def test_every_help_has_examples_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    top = help_text(capsys)
    assert EXIT_CODES in top and "register-python-argcomplete reelsmith" in top
    for code in ("0", "1", "2", "3", "4", "5", "130"):
        assert f"\n  {code} " in top, code
    parsers = commands()
    assert set(parsers) >= {"make", "batch", "chat", "upload", "say", "state", "export", "credits", "skills"}
    for name, parser in parsers.items():
        text = help_text(capsys, name)
        examples = text.split("examples:\n", 1)[1].splitlines()
        assert any(line.startswith(f"  reelsmith {name}") for line in examples), name
        for action in parser._actions:
            if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
                assert "%(default)s" in (action.help or ""), f"{name} {action.option_strings[0]} hides its default"
    make = help_text(capsys, "make")
    assert "(default: reelsmith.mp4)" in make and "default high" in make
    assert "turn my photos into a slideshow" in " ".join(make.split())


@pytest.mark.parametrize(
    ("argv", "usage", "hint"),
    [
        (["mak", "photos"], "usage: reelsmith [-h]", "did you mean `reelsmith make`?"),
        (["expotr"], "usage: reelsmith [-h]", "did you mean `reelsmith export`?"),
        (["make", "photos", "--previw"], "usage: reelsmith make ", "did you mean --preview?"),
        (["export", "--qualty", "high"], "usage: reelsmith export ", "did you mean --quality?"),
        (["skills", "--session", "abc"], "usage: reelsmith skills ", "`reelsmith skills` does not take --session"),
        (["credits", "--session", "abc"], "usage: reelsmith credits ", "`reelsmith credits` does not take --session"),
        (["mcp", "--session", "abc"], "usage: reelsmith mcp ", "`reelsmith mcp` does not take --session"),
        (["render", "t.json", "--backend", "cloud"], "usage: reelsmith render ", "does not take --backend"),
        (["make"], "usage: reelsmith make ", "see `reelsmith make --help`"),
    ],
)
def test_usage_errors_name_the_command_and_the_fix(
    argv: list[str], usage: str, hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    got = capsys.readouterr()
    assert got.out == "" and got.err.startswith(usage), got.err
    assert hint in got.err and "error: reelsmith" in got.err


def test_a_typo_from_a_real_shell_exits_2_with_did_you_mean(tmp_path: Path) -> None:
    p = subprocess.run([sys.executable, "-m", "reelsmith", "mak", "photos"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.startswith("usage: reelsmith") and "did you mean `reelsmith make`?" in p.stderr


def test_log_lines_only_with_debug(tmp_path: Path) -> None:
    """The engine's warnings (`render render_… failed`) reach the terminal only with -v/--debug, then
    formatted; without it Python's last resort must not print them bare."""
    script = (
        "import logging, sys\n"
        "from reelsmith.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "logging.getLogger('reelsmith.engine').warning('render render_1 failed: boom')\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "REELSMITH_STATE_DIR": str(tmp_path / "s"), "REELSMITH_CONFIG_DIR": str(tmp_path / "c")}
    for argv, shown in ((["skills"], False), (["skills", "-v"], True), (["-v", "skills"], True)):
        p = subprocess.run([sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=60, env=env)
        assert p.returncode == 0, p.stderr
        assert ("render render_1 failed: boom" in p.stderr) is shown, (argv, p.stderr)
        if shown:
            assert "WARNING reelsmith.engine: render render_1 failed" in p.stderr


def test_shell_completion(tmp_path: Path) -> None:
    """What `eval "$(register-python-argcomplete reelsmith)"` asks of the program: the candidates for
    the word being typed."""
    answers = tmp_path / "completions"
    for line, expected in (("reelsmith ma", {"make"}), ("reelsmith make --pre", {"--preview"})):
        env = {
            **os.environ,
            "_ARGCOMPLETE": "1",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            "_ARGCOMPLETE_STDOUT_FILENAME": str(answers),
        }
        p = subprocess.run([sys.executable, "-m", "reelsmith"], capture_output=True, text=True, timeout=60, env=env)
        assert p.returncode == 0, p.stderr
        assert set(answers.read_text().split()) == expected
