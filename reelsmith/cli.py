"""reelsmith's command line: a thin layer over the core, with progress and one-line errors."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from reelsmith._version import __version__
from reelsmith.agent.io import IO
from reelsmith.protocol.facts import DEFAULT_QUALITY, QUALITIES

if TYPE_CHECKING:
    from reelsmith.agent.core import Agent
    from reelsmith.skill import Client

EXIT_USER, EXIT_BACKEND = 2, 3


class UserError(Exception):
    """Bad input: shown as one line, exit code 2."""


def _progress(console: Console, label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


def _engine_files(src: str) -> str:
    """A draft from the engine names its files `/files/<sha256>/<name>`: find them in its store."""
    from reelsmith.engine.service.server import data_dir_from_env
    from reelsmith.engine.storage.blobs import BlobStore
    from reelsmith.protocol.files import sha_of

    sha = sha_of(src)
    if sha is None:
        return src
    path = BlobStore(data_dir_from_env() / "files").path(sha)
    if not path.exists():
        raise UserError(f"{src}: not in the local engine's store; render drafts made on this machine")
    return str(path)


def _render_with_bar(console: Console, draft, out: Path, quality: str, preview: bool, resolve=str):
    from reelsmith.engine.render.render import render

    with _progress(console, "Preview" if preview else "Rendering") as bar:
        task = bar.add_task("render", total=1)
        return render(
            draft,
            out,
            quality=quality,
            preview=preview,
            resolve=resolve,
            progress=lambda done, total: bar.update(task, completed=done, total=total or 1),
        )


@contextmanager
def _client(args: argparse.Namespace, io: IO) -> Iterator[Client]:
    """`with _client(args, io) as client:` — the client is closed (its event loop thread and any
    in-process engine stopped) on every path, a failed start or connect included: otherwise the
    process would print its error and never exit."""
    from reelsmith import local
    from reelsmith.skill import Client, variants

    variant = variants.load(args.skill) if args.skill else None  # before an engine is started
    with io.status("Setting things up…"):
        client = Client(local.connect(args.backend), variant)  # owns the backend, even if it fails
    with client:
        with io.status("Setting things up…"):
            client.connect()
        yield client


def _output(path: str | Path, args: argparse.Namespace) -> Path:
    """An output path, checked before any work: not a folder, in a writable place, new unless --force."""
    from reelsmith.skill.export import check_output

    return check_output(path, getattr(args, "force", False))


def _agent(args: argparse.Namespace, io: IO, client: Client, new: bool = False) -> Agent:
    """The session named by --session, else (for follow-up commands) the last one on this backend."""
    from reelsmith.agent.core import Agent

    s = client.new_session() if new and not args.session else client.session(args.session)
    return Agent(
        client,
        s,
        io,
        out_dir=Path(getattr(args, "out_dir", None) or "."),
        quality=getattr(args, "quality", None) or "high",
        force=getattr(args, "force", False),
    )


def _export_facts(agent: Agent, summary: str) -> dict[str, Any]:
    assert agent.last_export is not None
    return {**agent.last_export.facts(), "session": agent.session.id, "summary": summary}


def cmd_make(args: argparse.Namespace, io: IO) -> int:
    """Upload, edit, export, download in one go (a new session)."""
    out = _output(args.output, args)
    draft_out = _output(args.draft_out, args) if args.draft_out else None
    with _client(args, io) as client:
        agent = _agent(args, io, client, new=True)
        io.info(agent.upload(args.inputs))
        res = agent.edit(args.prompt, follow=False, show=not args.json)
        if draft_out:
            draft_out.parent.mkdir(parents=True, exist_ok=True)
            draft_out.write_text(json.dumps(agent.session.state().draft, indent=2, ensure_ascii=False))
        saved = agent.export("preview" if args.preview else args.quality, out)
        if args.json:
            io.result(_export_facts(agent, res.get("summary", "")))
        else:
            io.ok(saved)
    return 0


def cmd_batch(args: argparse.Namespace, io: IO) -> int:
    """One session's uploads, several requests, one render each (each request continues from the last)."""
    out_dir = Path(args.out_dir).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"--out-dir {out_dir} is a file, not a folder; choose a folder")
    outs = [_output(out_dir / f"{i:02d}-{_slug(request)}.mp4", args) for i, request in enumerate(args.prompt, 1)]
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    with _client(args, io) as client:
        agent = _agent(args, io, client, new=True)
        io.info(agent.upload(args.inputs))
        for i, request in enumerate(args.prompt, 1):
            io.info(f"[{i}/{len(args.prompt)}] {request}")
            res = agent.edit(request, follow=False, show=not args.json)
            out = outs[i - 1]
            saved = agent.export(args.quality, out)
            results.append({**_export_facts(agent, res.get("summary", "")), "request": request})
            if not args.json:
                io.ok(saved)
    if args.json:
        io.result({"session": agent.session.id, "videos": results})
    return 0


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:6]) or "video"


def cmd_chat(args: argparse.Namespace, io: IO) -> int:
    from reelsmith.agent import claude_loop, repl

    with _client(args, io) as client:
        agent = _agent(args, io, client, new=True)
        agent.replace_fix = "move it away or delete it, then export again"
        agent.claude = claude_loop.from_env(client.aio.variant, args.model)
        if agent.claude is None:
            io.info("Direct mode (no ANTHROPIC_API_KEY): your words go straight to the editor.")
        repl.run(agent)
    return 0


def cmd_upload(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        agent = _agent(args, io, client)
        said = agent.upload(args.inputs)
        if args.json:
            io.result({"session": agent.session.id, "uploaded": said})
        else:
            io.say(said + f"  (session {agent.session.id})")
    return 0


def cmd_say(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        agent = _agent(args, io, client)
        res = agent.edit(" ".join(args.message), follow=not args.json, show=not args.json)
        if args.json:
            io.result(
                {
                    "session": agent.session.id,
                    "reply": res.get("reply", ""),
                    "changes": res.get("changes", []),
                    "summary": res.get("summary", ""),
                    "version": res.get("version"),
                }
            )
    return 0


def cmd_state(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        agent = _agent(args, io, client)
        st = agent.session.state()
        if args.json:
            io.result(
                {
                    "session": agent.session.id,
                    "version": st.version,
                    "summary": st.summary,
                    "ready": st.ready,
                    "draft": st.draft,
                }
            )
        else:
            io.say(st.summary)
    return 0


def cmd_export(args: argparse.Namespace, io: IO) -> int:
    out = _output(args.output, args) if args.output and not args.resume else None
    with _client(args, io) as client:
        if args.resume:
            from reelsmith.agent.core import resume_exports, resumed_text

            done = resume_exports(client, io)
            if args.json:
                io.result({"resumed": [{"output": str(r.path), "job": r.job_id, "size": r.size} for r in done]})
            else:
                io.say(resumed_text(done))
            return 0
        agent = _agent(args, io, client)
        saved = agent.export(args.quality, out)
        assert agent.last_export is not None
        if args.json:
            io.result({"session": agent.session.id, **agent.last_export.facts()})
        else:
            io.ok(saved)
    return 0


def cmd_credits(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        c = client.credits()
        if args.json:
            io.result(
                {"available": c.available, "frozen": c.frozen, "total": c.total, "unlimited": c.available is None}
            )
        else:
            from reelsmith.agent.core import credits_text

            io.say(credits_text(c))
    return 0


def cmd_mcp(args: argparse.Namespace, io: IO) -> int:
    from reelsmith import local
    from reelsmith.agent.mcp_server import serve

    serve(lambda: local.connect(args.backend), args.skill)
    return 0


def cmd_skills(args: argparse.Namespace, io: IO) -> int:
    from reelsmith.skill import variants

    found = variants.shipped()
    current = variants.load(args.skill).name if args.skill else variants.load().name
    rows = [
        {
            "name": v.name,
            "version": v.version,
            "max_size_mb": v.max_mb,
            "language": v.language,
            "accepted": list(v.accepted),
            "description": " ".join(v.description.split()),
            "active": v.name == current,
        }
        for v in found.values()
    ]
    if args.json:
        io.result({"skills": rows})
    else:
        for r in rows:
            io.say(
                f"{'*' if r['active'] else ' '} {r['name']} {r['version']}: {r['description']} "
                f"(files up to {r['max_size_mb']} MB)"
            )
    return 0


def cmd_render(args: argparse.Namespace, console: Console) -> int:
    from reelsmith.engine.model.draft import Draft

    out = _output(args.output, args)
    try:
        data = json.loads(Path(args.draft).read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise UserError(f"{args.draft}: not a readable draft JSON ({e}); export one with `make --draft-out`") from None
    draft = Draft.parse(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = _render_with_bar(console, draft, out, args.quality, args.preview, resolve=_engine_files)
    console.print(f"[green]Saved[/] {out} ({result.duration:.1f} s)")
    return 0


def cmd_serve(args: argparse.Namespace, console: Console) -> int:
    from reelsmith.engine.service.app import Settings
    from reelsmith.engine.service.server import check_data_dir, default_data_dir, is_loopback, serve

    if args.credits is not None and args.credits < 0:
        raise UserError("--credits must be 0 or more (leave it out for unlimited)")
    data_dir = Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()
    check_data_dir(data_dir, "pass --data-dir with a folder you can write to")
    if not is_loopback(args.host):
        console.print(
            f"[bold red]WARNING:[/] serving on {args.host}, not loopback: anyone who can reach this "
            "machine can get a token and use the engine. Use --host 127.0.0.1 unless you mean it.",
            soft_wrap=True,
        )
    from reelsmith.engine.model.limits import Limits

    for flag in ("max_video_seconds", "max_render_seconds", "turns_per_user", "tokens_per_hour", "workers"):
        value = getattr(args, flag)
        if value is not None and value <= 0:
            raise UserError(f"--{flag.replace('_', '-')} must be more than 0")
    base = Limits()
    limits = Limits(
        video_seconds=args.max_video_seconds or base.video_seconds,
        render_seconds=args.max_render_seconds or base.render_seconds,
        turns_per_user=args.turns_per_user or base.turns_per_user,
        tokens_per_address_hour=args.tokens_per_hour or base.tokens_per_address_hour,
    )
    if args.allow_private_urls:
        console.print(
            "[bold yellow]note:[/] URL uploads may reach loopback and private addresses "
            "(--allow-private-urls): use it only on a trusted network.",
            soft_wrap=True,
        )
    credits = "unlimited" if args.credits is None else args.credits
    settings = Settings(
        data_dir,
        credits=args.credits,
        workers=args.workers,
        limits=limits,
        allow_private_urls=args.allow_private_urls,
        keep_failed_renders=args.keep_failed_renders,
    )
    serve(
        settings,
        args.host,
        args.port,
        on_ready=lambda url: console.print(
            f"reelsmith engine listening on {url}  (data: {data_dir}, credits per token: {credits}; Ctrl-C stops)",
            soft_wrap=True,
        ),
    )
    return 0


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
