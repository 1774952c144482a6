"""The commands that use the engine directly: `render` a saved timeline, `serve` the engine over HTTP."""

from __future__ import annotations

import argparse
import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from reelsmith.cli.errors import UserError

if TYPE_CHECKING:
    from reelsmith.agent.io import IO
    from reelsmith.engine.storage.music_store import GeneratedMusic
from reelsmith.cli.session_commands import output_path


def _progress(console: Console, label: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )


@functools.cache
def _engine_store(data: Path) -> GeneratedMusic:
    """The local engine's files and records in `data`, opened once."""
    from reelsmith.engine.model.limits import Limits
    from reelsmith.engine.storage.blobs import BlobStore
    from reelsmith.engine.storage.music_store import GeneratedMusic
    from reelsmith.engine.storage.store import Store

    return GeneratedMusic(Store(data / "engine.sqlite3"), BlobStore(data / "files"), Limits().music_cache_bytes)


def _engine_files(src: str) -> str:
    """A draft from the engine names its files `/files/<sha256>/<name>`: find them in its store."""
    from reelsmith.engine.service.server import data_dir_from_env
    from reelsmith.protocol.files import sha_of

    sha = sha_of(src)
    if sha is None:
        return src
    music = _engine_store(data_dir_from_env())
    # a generated track is named by the edit and made by its first reader: this render may be it
    if not music.ensure(sha):
        raise UserError(f"{src}: not in the local engine's store; render drafts made on this machine")
    return str(music.blobs.path(sha))


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


def cmd_render(args: argparse.Namespace, io: IO) -> int:
    from reelsmith.engine.model.draft import Draft
    from reelsmith.protocol.written import read

    out = output_path(args.output, args)
    try:
        data = json.loads(Path(args.draft).read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise UserError(f"{args.draft}: not a readable draft JSON ({e}); export one with `make --draft-out`") from None
    draft = Draft.parse(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    result = _render_with_bar(io.console, draft, out, args.quality, args.preview, resolve=_engine_files)
    if args.json:
        w = read(out)  # the file's own facts, as every other command reports them
        facts = w.to_dict() if w else {"seconds": result.duration, "width": 0, "height": 0, "fps": 0, "frames": 0}
        seconds = facts.pop("seconds")
        io.result({"video": {"path": str(out.resolve()), "duration": seconds, **facts, "size": out.stat().st_size}})
    else:
        io.console.print(f"[green]Saved[/] {out} ({result.duration:.1f} s)")
    return 0


def cmd_serve(args: argparse.Namespace, io: IO) -> int:
    console = io.console
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
