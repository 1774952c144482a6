"""The parser and `main`: every command's flags, and each kind of failure mapped to one line and an
exit code."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from reelsmith._version import __version__
from reelsmith.agent.io import IO
from reelsmith.protocol.facts import DEFAULT_QUALITY, QUALITIES

if TYPE_CHECKING:
    pass
from reelsmith.cli.engine_commands import cmd_render, cmd_serve
from reelsmith.cli.errors import EXIT_BACKEND, EXIT_USER, UserError
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


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="reelsmith", description="Photos and clips in, finished video out.")
    ap.add_argument("--version", action="version", version=f"reelsmith {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print the result as one JSON object on stdout")
    common.add_argument("--backend", choices=["local", "cloud"], help="default local (or $REELSMITH_BACKEND)")
    common.add_argument("--skill", help="skill variant name or SKILL .md path (see `reelsmith skills`)")
    common.add_argument("--session", help="session id (default: a new one for make/chat/batch, else the last used)")
    quality = list(QUALITIES)

    mk = sub.add_parser("make", parents=[common], help="upload, edit and export in one go")
    mk.add_argument("inputs", nargs="+", help="photos, clips, a logo, a song, folders of them, or URLs")
    mk.add_argument("-p", "--prompt", default="turn my photos into a slideshow video with music and transitions")
    mk.add_argument("-o", "--output", default="reelsmith.mp4")
    mk.add_argument("--quality", choices=quality, default="high")
    mk.add_argument("--preview", action="store_true", help="a small, fast draft of the same timeline")
    mk.add_argument("--draft-out", help="also save the timeline JSON here")
    mk.add_argument("--force", action="store_true", help="replace the output (and --draft-out) if they exist")
    mk.set_defaults(func=cmd_make)
    bt = sub.add_parser("batch", parents=[common], help="one upload, several requests, one video each")
    bt.add_argument("inputs", nargs="+")
    bt.add_argument("-p", "--prompt", action="append", required=True, help="a request; repeat for more videos")
    bt.add_argument("--out-dir", default=".")
    bt.add_argument("--quality", choices=quality, default="high")
    bt.add_argument("--force", action="store_true", help="replace videos of the same name in --out-dir")
    bt.set_defaults(func=cmd_batch)
    ch = sub.add_parser("chat", parents=[common], help="a conversation in the terminal")
    ch.add_argument("--model", help="Claude model when ANTHROPIC_API_KEY is set: sonnet (default), haiku, or a name")
    ch.add_argument("--out-dir", default=".", help="where exports are saved")
    ch.add_argument("--quality", choices=quality, default="high")
    ch.set_defaults(func=cmd_chat)
    up = sub.add_parser("upload", parents=[common], help="add files or URLs to the session")
    up.add_argument("inputs", nargs="+")
    up.set_defaults(func=cmd_upload)
    sy = sub.add_parser("say", parents=[common], help="send one edit request")
    sy.add_argument("message", nargs="+")
    sy.set_defaults(func=cmd_say)
    st = sub.add_parser("state", parents=[common], help="the timeline summary")
    st.set_defaults(func=cmd_state)
    ex = sub.add_parser("export", parents=[common], help="render and download the MP4")
    ex.add_argument("-o", "--output", help="default reelsmith-<session>-v<version>.mp4")
    ex.add_argument("--quality", choices=quality, default="high")
    ex.add_argument("--resume", action="store_true", help="finish exports an earlier run left unfinished")
    ex.add_argument("--force", action="store_true", help="replace the output file if it exists")
    ex.set_defaults(func=cmd_export)
    cr = sub.add_parser("credits", parents=[common], help="the credit balance")
    cr.set_defaults(func=cmd_credits)
    sk = sub.add_parser("skills", parents=[common], help="the skill variants reelsmith can speak as")
    sk.set_defaults(func=cmd_skills)
    mc = sub.add_parser("mcp", help="serve reelsmith's tools to an MCP client over stdio")
    mc.add_argument("--backend", choices=["local", "cloud"], help="default local (or $REELSMITH_BACKEND)")
    mc.add_argument("--skill", help="skill variant name or SKILL .md path")
    mc.set_defaults(func=cmd_mcp)

    rd = sub.add_parser("render", help="render a timeline JSON file to MP4")
    rd.add_argument("draft")
    rd.add_argument("-o", "--output", default="reelsmith.mp4")
    rd.add_argument("--quality", choices=quality, default=DEFAULT_QUALITY)
    rd.add_argument("--preview", action="store_true")
    rd.add_argument("--force", action="store_true", help="replace the output file if it exists")
    rd.set_defaults(func=cmd_render)
    sv = sub.add_parser("serve", help="run the local engine (the video backend) over HTTP")
    sv.add_argument("--host", default="127.0.0.1", help="default loopback; anything else is reachable by others")
    sv.add_argument("--port", type=int, default=8765)
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
        help="keep the scratch folders of the last N failed renders, for debugging (default 0)",
    )
    sv.set_defaults(func=cmd_serve)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    from reelsmith.engine.media.ffmpeg import FFmpegError
    from reelsmith.engine.media.fonts import FontError
    from reelsmith.engine.media.probe import ProbeError
    from reelsmith.engine.model.draft import DraftError
    from reelsmith.engine.render.render import RenderError
    from reelsmith.engine.service.server import DataDirError

    args = build_parser().parse_args(argv)
    console = Console(stderr=True)
    from reelsmith.agent.inputs import InputError
    from reelsmith.skill.errors import SkillError

    try:
        if args.func in (cmd_render, cmd_serve):
            return args.func(args, console)
        return args.func(args, IO(console, json_mode=getattr(args, "json", False)))
    except SkillError as e:
        console.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
        return e.exit_code
    except (UserError, InputError, ProbeError, DraftError, FontError, DataDirError, ValueError) as e:
        console.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
        return EXIT_USER
    except (RenderError, FFmpegError, OSError) as e:
        console.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
        return EXIT_BACKEND
    except KeyboardInterrupt:
        console.print("cancelled")
        return 130


if __name__ == "__main__":
    sys.exit(main())
