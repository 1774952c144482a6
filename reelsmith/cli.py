"""reelsmith's command line: a thin layer over the core, with progress and one-line errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from . import __version__

EXIT_USER, EXIT_BACKEND = 2, 3
MEDIA_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".heic", ".heif", ".mp4", ".mov", ".avi", ".webm",
                  ".mkv", ".mp3", ".wav", ".m4a", ".aac"}


class UserError(Exception):
    """Bad input: shown as one line, exit code 2."""


def expand_inputs(items: Sequence[str]) -> list[Path]:
    """Files as given; a folder expands to its media files in name order."""
    out: list[Path] = []
    for item in items:
        p = Path(item).expanduser()
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.suffix.lower() in MEDIA_SUFFIXES and f.is_file())
            if not found:
                raise UserError(f"{p}: folder has no photos, clips or audio; add some or name files directly")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise UserError(f"{p}: no such file or folder; check the path")
    return out


def _progress(console: Console, label: str) -> Progress:
    return Progress(TextColumn(f"[bold]{label}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                    TimeRemainingColumn(), console=console, transient=True)


def _engine_files(src: str) -> str:
    """A draft from the engine names its files `/files/<sha256>/<name>`: find them in its store."""
    from .engine.blobs import BlobStore
    from .engine.jobs import blob_ref
    from .engine.server import data_dir_from_env

    sha = blob_ref(src)
    if sha is None:
        return src
    path = BlobStore(data_dir_from_env() / "files").path(sha)
    if not path.exists():
        raise UserError(f"{src}: not in the local engine's store; render drafts made on this machine")
    return str(path)


def _render_with_bar(console: Console, draft, out: Path, quality: str, preview: bool,  # noqa: ANN001
                     resolve=str):  # noqa: ANN001, ANN202 - RenderResult
    from .engine.render import render

    with _progress(console, "Preview" if preview else "Rendering") as bar:
        task = bar.add_task("render", total=1)
        return render(draft, out, quality=quality, preview=preview, resolve=resolve,
                      progress=lambda done, total: bar.update(task, completed=done, total=total or 1))


def cmd_make(args: argparse.Namespace, console: Console) -> int:
    """Upload, edit, export, download: through the skill client, against the local engine
    (started in-process on an ephemeral loopback port) unless told otherwise."""
    from .skill import Client, backends

    files = expand_inputs(args.inputs)
    with console.status("Setting things up…"):
        client = Client(backends.connect(args.backend))
    with client:
        s = client.new_session()
        with _progress(console, "Uploading") as bar:
            task = bar.add_task("upload", total=1)
            s.upload(files, progress=lambda done, total: bar.update(task, completed=done, total=total or 1))
        summary = ""
        with console.status("Editing…"):
            for ev in s.say(args.prompt):
                if ev.kind == "done":
                    summary = ev.data.get("summary", "")
        draft = s.state().draft
        if args.draft_out:
            Path(args.draft_out).write_text(json.dumps(draft, indent=2, ensure_ascii=False))
        if not args.json:
            console.print(summary)
        out = Path(args.output)
        quality = "preview" if args.preview else args.quality
        with _progress(console, "Preview" if args.preview else "Rendering") as bar:
            task = bar.add_task("render", total=100)
            res = s.export(out, quality, on_status=lambda status, pct: bar.update(task, completed=pct))
    m = draft.get("m", {})
    secs = draft.get("d", 0) / 1000
    if args.json:
        print(json.dumps({"output": str(out), "duration": secs, "width": m.get("width"), "height": m.get("height"),
                          "fps": m.get("fps"), "frames": round(secs * (m.get("fps") or 30)), "session": s.id,
                          "summary": summary}, ensure_ascii=False))
    else:
        console.print(f"[green]Saved[/] {out} ({secs:.1f} s, {m.get('width')}x{m.get('height')}, "
                      f"{m.get('fps')} fps; {res.size / 2**20:.1f} MB)")
    return 0


def cmd_render(args: argparse.Namespace, console: Console) -> int:
    from .engine.draft import Draft

    try:
        data = json.loads(Path(args.draft).read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise UserError(f"{args.draft}: not a readable draft JSON ({e}); export one with `make --draft-out`") from None
    result = _render_with_bar(console, Draft.parse(data), Path(args.output), args.quality, args.preview,
                              resolve=_engine_files)
    console.print(f"[green]Saved[/] {args.output} ({result.duration:.1f} s)")
    return 0


def cmd_serve(args: argparse.Namespace, console: Console) -> int:
    from .engine.server import default_data_dir, is_loopback, serve
    from .engine.service import Settings

    if args.credits is not None and args.credits < 0:
        raise UserError("--credits must be 0 or more (leave it out for unlimited)")
    data_dir = Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()
    if not is_loopback(args.host):
        console.print(f"[bold red]WARNING:[/] serving on {args.host}, not loopback: anyone who can reach this "
                      "machine can get a token and use the engine. Use --host 127.0.0.1 unless you mean it.",
                      soft_wrap=True)
    credits = "unlimited" if args.credits is None else args.credits
    serve(Settings(data_dir, credits=args.credits, workers=args.workers), args.host, args.port,
          on_ready=lambda url: console.print(f"reelsmith engine listening on {url}  (data: {data_dir}, "
                                             f"credits per token: {credits}; Ctrl-C stops)", soft_wrap=True))
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="reelsmith", description="Photos and clips in, finished video out.")
    ap.add_argument("--version", action="version", version=f"reelsmith {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)
    mk = sub.add_parser("make", help="upload, edit and export in one go")
    mk.add_argument("inputs", nargs="+", help="photos, clips, a logo, a song, or folders of them")
    mk.add_argument("-p", "--prompt", default="turn my photos into a slideshow video with music and transitions")
    mk.add_argument("-o", "--output", default="reelsmith.mp4")
    mk.add_argument("--quality", choices=["best", "high", "standard", "draft"], default="high")
    mk.add_argument("--preview", action="store_true", help="a small, fast draft of the same timeline")
    mk.add_argument("--draft-out", help="also save the timeline JSON here")
    mk.add_argument("--json", action="store_true", help="print the result as JSON")
    mk.add_argument("--backend", choices=["local", "cloud"], help="default local (or $REELSMITH_BACKEND)")
    mk.set_defaults(func=cmd_make)
    rd = sub.add_parser("render", help="render a timeline JSON file to MP4")
    rd.add_argument("draft")
    rd.add_argument("-o", "--output", default="reelsmith.mp4")
    rd.add_argument("--quality", choices=["best", "high", "standard", "draft"], default="high")
    rd.add_argument("--preview", action="store_true")
    rd.set_defaults(func=cmd_render)
    sv = sub.add_parser("serve", help="run the local engine (the video backend) over HTTP")
    sv.add_argument("--host", default="127.0.0.1", help="default loopback; anything else is reachable by others")
    sv.add_argument("--port", type=int, default=8765)
    sv.add_argument("--data-dir", help="where sessions, uploads and renders are kept (default: user data dir)")
    sv.add_argument("--credits", type=int, help="credits per token, one charged per edit (default unlimited)")
    sv.add_argument("--workers", type=int, help="parallel renders (default: one per core)")
    sv.set_defaults(func=cmd_serve)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    from .engine.draft import DraftError
    from .engine.ffmpeg import FFmpegError
    from .engine.fonts import FontError
    from .engine.probe import ProbeError
    from .engine.render import RenderError

    args = build_parser().parse_args(argv)
    console = Console(stderr=True)
    from .skill.errors import SkillError

    try:
        return args.func(args, console)
    except SkillError as e:
        console.print(f"[red]error:[/] {e}", highlight=False, soft_wrap=True)
        return e.exit_code
    except (UserError, ProbeError, DraftError, FontError, ValueError) as e:
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
