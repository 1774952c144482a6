"""Every command's flags, help with examples and defaults, and usage errors that say "did you mean"
and show the usage of the command they are about (not the top level's)."""

from __future__ import annotations

import argparse
import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from reelsmith._version import __version__
from reelsmith.cli.errors import EXIT_CODES, UsageError
from reelsmith.protocol.facts import DEFAULT_QUALITY, QUALITIES

RAW = argparse.RawDescriptionHelpFormatter
QUALITY_HELP = "render quality, best to preview (higher is slower): %(choices)s; default %(default)s"


class Parser(argparse.ArgumentParser):
    """Raises UsageError (main prints it, or its JSON) instead of printing and exiting; an argument the
    chosen command does not take is reported by that command, with its usage."""

    other_flags: frozenset[str] = frozenset()  # the flags of the other commands: "X does not take --session"

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}", self.format_usage(), _suggest(self, message))

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        ns, extras = self.parse_known_args(args, namespace)
        if extras:
            sub = _subparser(self, getattr(ns, "command", None)) or self
            sub.error(f"unrecognized arguments: {' '.join(extras)}")
        return ns


def _subparser(ap: argparse.ArgumentParser, name: str | None) -> Parser | None:
    for action in ap._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            found = action.choices[name]
            return found if isinstance(found, Parser) else None
    return None


def _suggest(ap: argparse.ArgumentParser, message: str) -> str:
    """The fix: the nearest command or flag, and where the full help is."""
    more = f"see `{ap.prog} --help`"
    m = re.search(r"invalid choice: '([^']*)'", message)
    if m:
        choices = [c for a in ap._actions for c in (a.choices or []) if isinstance(c, str)]
        near = difflib.get_close_matches(m[1], choices, n=1, cutoff=0.5)
        return f"did you mean `{ap.prog} {near[0]}`? {more}" if near else more
    m = re.search(r"unrecognized arguments: (\S+)", message)
    if m:
        flag = m[1].split("=")[0]
        own = {o for a in ap._actions for o in a.option_strings}
        near = difflib.get_close_matches(flag, [*own, *getattr(ap, "other_flags", frozenset())], n=1, cutoff=0.6)
        if near and near[0] not in own:  # a flag of other commands (or a typo of one)
            return f"`{ap.prog}` does not take {near[0]}; {more}"
        return f"did you mean {near[0]}? {more}" if near else more
    return more


def _command(
    sub: Any, name: str, func: Callable[..., int], summary: str, examples: str, parents: list[Parser]
) -> Parser:
    p: Parser = sub.add_parser(
        name,
        parents=parents,
        help=summary,
        description=summary[0].upper() + summary[1:] + ".",
        epilog="examples:\n" + examples.strip("\n"),
        formatter_class=RAW,
    )
    p.set_defaults(func=func)
    return p


def _flags(*, json: bool = True, backend: bool = True, skill: bool = True, session: str | None = None) -> list[Parser]:
    """The shared flags a command takes: only those that mean something for it."""
    p = Parser(add_help=False)
    p.add_argument("-v", "--debug", action="store_true", default=argparse.SUPPRESS, help="show log lines on stderr")
    if json:
        p.add_argument("--json", action="store_true", help="print the result (or the error) as one JSON line on stdout")
    if backend:
        p.add_argument("--backend", choices=["local", "cloud"], help="default: $REELSMITH_BACKEND, else local")
    if skill:
        p.add_argument("--skill", help="skill variant name or SKILL .md path (`reelsmith skills`; $REELSMITH_SKILL)")
    if session:
        p.add_argument("--session", metavar="ID", help=session)
    return [p]


def build_parser() -> Parser:
    from reelsmith.cli.engine_commands import cmd_render, cmd_serve
    from reelsmith.cli.session_commands import (
        cmd_batch,
        cmd_chat,
        cmd_credits,
        cmd_export,
        cmd_make,
        cmd_mcp,
        cmd_say,
        cmd_skills,
        cmd_state,
        cmd_upload,
    )

    ap = Parser(
        prog="reelsmith",
        description="Photos and clips in, finished video out.",
        formatter_class=RAW,
        epilog=f"""examples:
  reelsmith make photos/ logo.png -p "a 30 second promo with music, title 'Summer Sale'" -o promo.mp4
  reelsmith upload photos/ && reelsmith say "make it vertical" && reelsmith export -o final.mp4
  reelsmith chat

`reelsmith COMMAND --help` shows a command's flags, defaults and examples.

{EXIT_CODES}

shell completion: eval "$(register-python-argcomplete reelsmith)" """,
    )
    ap.add_argument("--version", action="version", version=f"reelsmith {__version__}")
    ap.add_argument("-v", "--debug", action="store_true", help="show log lines on stderr")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)
    last = "the session to work on (default: the last one used on this backend)"
    new = "continue this session instead of starting a new one"
    quality = list(QUALITIES)

    mk = _command(
        sub,
        "make",
        cmd_make,
        "upload, edit and export in one go (a new session)",
        """  reelsmith make photos/ -o slideshow.mp4
  reelsmith make a.jpg b.jpg clip.mp4 logo.png -p "a 15 second vertical video for Reels" -o reel.mp4
  reelsmith make photos/ --preview -o quick.mp4 --draft-out timeline.json""",
        _flags(session=new),
    )
    mk.add_argument("inputs", nargs="+", help="photos, clips, a logo, a song, folders of them, or http(s) URLs")
    mk.add_argument(
        "-p",
        "--prompt",
        default="turn my photos into a slideshow video with music and transitions",
        help='what to make, in plain words (default: "%(default)s")',
    )
    mk.add_argument("-o", "--output", default="reelsmith.mp4", help="the MP4 to write (default: %(default)s)")
    mk.add_argument("--quality", choices=quality, default="high", help=QUALITY_HELP)
    mk.add_argument("--preview", action="store_true", help="a small, fast draft (360p, 15 fps) of the same timeline")
    mk.add_argument("--draft-out", metavar="FILE", help="also save the timeline JSON here (for `reelsmith render`)")
    mk.add_argument("--force", action="store_true", help="replace the output (and --draft-out) if they exist")

    bt = _command(
        sub,
        "batch",
        cmd_batch,
        "one upload, several requests, one video each (each continues from the last)",
        """  reelsmith batch products/ -p "a 15 second vertical teaser" -p "now 30 s, landscape" --out-dir videos""",
        _flags(session=new),
    )
    bt.add_argument("inputs", nargs="+", help="photos, clips, a logo, a song, folders of them, or http(s) URLs")
    bt.add_argument("-p", "--prompt", action="append", required=True, help="a request; repeat for more videos")
    bt.add_argument(
        "--out-dir", default=".", help="where the videos go, as NN-request-words.mp4 (default: %(default)s)"
    )
    bt.add_argument("--quality", choices=quality, default="high", help=QUALITY_HELP)
    bt.add_argument("--force", action="store_true", help="replace videos of the same name in --out-dir")

    ch = _command(
        sub,
        "chat",
        cmd_chat,
        "a conversation in the terminal",
        """  reelsmith chat
  reelsmith chat --session 3953362dbb254be58e8c428fea4e2c31 --out-dir ~/Videos""",
        _flags(json=False, session="continue this session (default: a new one)"),
    )
    ch.add_argument("--model", help="Claude model when ANTHROPIC_API_KEY is set: sonnet (default), haiku, or a name")
    ch.add_argument("--out-dir", default=".", help="where exports are saved (default: %(default)s)")
    ch.add_argument("--quality", choices=quality, default="high", help=QUALITY_HELP)

    up = _command(
        sub,
        "upload",
        cmd_upload,
        "add files or URLs to the session (a new session the first time)",
        """  reelsmith upload photos/ logo.png --json
  reelsmith upload https://example.com/song.mp3 --session 3953362dbb254be58e8c428fea4e2c31""",
        _flags(session=last),
    )
    up.add_argument("inputs", nargs="+", help="photos, clips, a logo, a song, folders of them, or http(s) URLs")

    sy = _command(
        sub,
        "say",
        cmd_say,
        "send one edit request to the session",
        """  reelsmith say "turn my photos into a slideshow with music"
  reelsmith say make it vertical for Reels --json
  reelsmith say "title says 'Summer Sale'" """,
        _flags(session=last),
    )
    sy.add_argument("message", nargs="+", help="the request, in plain words (quoted text goes on screen as written)")

    _command(
        sub,
        "state",
        cmd_state,
        "the timeline: summary, version, and (with --json) the timeline JSON",
        """  reelsmith state
  reelsmith state --json --session 3953362dbb254be58e8c428fea4e2c31""",
        _flags(session=last),
    )

    ex = _command(
        sub,
        "export",
        cmd_export,
        "render the timeline and save the MP4",
        """  reelsmith export -o final.mp4
  reelsmith export --quality preview --json
  reelsmith export --resume                  # finish renders an interrupted run left behind
  reelsmith export --resume -o elsewhere.mp4 # save one that could not be written where asked""",
        _flags(session=last),
    )
    ex.add_argument("-o", "--output", help="the MP4 to write (default: reelsmith-<session>-v<version>.mp4 here)")
    ex.add_argument("--quality", choices=quality, default="high", help=QUALITY_HELP)
    ex.add_argument("--resume", action="store_true", help="finish exports an earlier run left unfinished")
    ex.add_argument("--force", action="store_true", help="replace the output file if it exists")

    _command(
        sub,
        "credits",
        cmd_credits,
        "the credit balance",
        """  reelsmith credits
  reelsmith credits --backend cloud --json""",
        _flags(skill=False),
    )
    _command(
        sub,
        "skills",
        cmd_skills,
        "the skill variants reelsmith can speak as",
        """  reelsmith skills
  reelsmith skills --skill photo-video-maker-easy --json""",
        _flags(backend=False),
    )
    _command(
        sub,
        "mcp",
        cmd_mcp,
        "serve reelsmith's tools to an MCP client over stdio",
        """  reelsmith mcp
  claude mcp add reelsmith -- reelsmith mcp""",
        _flags(json=False),
    )

    rd = _command(
        sub,
        "render",
        cmd_render,
        "render a timeline JSON file (from `make --draft-out`) to MP4",
        """  reelsmith render timeline.json -o again.mp4
  reelsmith render timeline.json --preview -o quick.mp4 --json""",
        _flags(backend=False, skill=False),
    )
    rd.add_argument("draft", help="the timeline JSON file (format: docs/draft.md)")
    rd.add_argument("-o", "--output", default="reelsmith.mp4", help="the MP4 to write (default: %(default)s)")
    rd.add_argument("--quality", choices=quality, default=DEFAULT_QUALITY, help=QUALITY_HELP)
    rd.add_argument("--preview", action="store_true", help="a small, fast draft (360p, 15 fps)")
    rd.add_argument("--force", action="store_true", help="replace the output file if it exists")

    _serve_parser(
        _command(
            sub,
            "serve",
            cmd_serve,
            "run the local engine (the video backend) over HTTP",
            """  reelsmith serve
  reelsmith serve --port 9000 --credits 100 --data-dir engine-data""",
            _flags(json=False, backend=False, skill=False),
        )
    )
    commands = [p for a in ap._actions if isinstance(a, argparse._SubParsersAction) for p in a.choices.values()]
    every = {o for p in commands for a in p._actions for o in a.option_strings}
    for p in commands:
        p.other_flags = frozenset(every - {o for a in p._actions for o in a.option_strings})
    return ap


def _serve_parser(sv: Parser) -> None:
    sv.add_argument("--host", default="127.0.0.1", help="default %(default)s; anything else is reachable by others")
    sv.add_argument("--port", type=int, default=8765, help="default %(default)s")
    sv.add_argument("--data-dir", help="where sessions, uploads and renders are kept (default: user data dir)")
    sv.add_argument("--credits", type=int, help="credits per token, one charged per edit (default unlimited)")
    sv.add_argument("--workers", type=int, help="parallel renders (default: one per core)")
    sv.add_argument("--max-video-seconds", type=float, help="longest video an edit or render may make (default 600)")
    sv.add_argument("--max-render-seconds", type=float, help="one render's wall-time limit (default 1800)")
    sv.add_argument("--turns-per-user", type=int, help="edits running at once per token (default 2)")
    sv.add_argument("--tokens-per-hour", type=int, help="new anonymous tokens per client address an hour (default 30)")
    sv.add_argument(
        "--allow-private-urls",
        action="store_true",
        help="let URL uploads reach loopback and private addresses (trusted networks only)",
    )
    sv.add_argument(
        "--keep-failed-renders",
        type=int,
        default=0,
        metavar="N",
        help="keep the scratch folders of the last N failed renders, for debugging (default %(default)s)",
    )
