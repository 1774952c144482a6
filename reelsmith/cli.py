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


def _render_with_bar(console: Console, draft, out: Path, quality: str, preview: bool,  # noqa: ANN001
                     work_dir: Path | None = None):  # noqa: ANN202 - RenderResult
    from .engine.render import render

    with _progress(console, "Preview" if preview else "Rendering") as bar:
        task = bar.add_task("render", total=1)
        return render(draft, out, quality=quality, preview=preview, work_dir=work_dir,
                      progress=lambda done, total: bar.update(task, completed=done, total=total or 1))


def cmd_make(args: argparse.Namespace, console: Console) -> int:
    from platformdirs import user_cache_dir

    from .engine import editor, music
    from .engine.probe import probe

    files = expand_inputs(args.inputs)
    infos = [probe(f) for f in files]
    cache = Path(user_cache_dir("reelsmith"))

    def generated(mood: str, seconds: float) -> str:
        track = cache / "music" / f"{mood}-{round(seconds * 1000)}.wav"
        if not track.exists():
            track.parent.mkdir(parents=True, exist_ok=True)
            music.make_track(mood, seconds, track)
        return str(track)

    draft = editor.build(infos, args.prompt, music=generated)
    if args.draft_out:
        Path(args.draft_out).write_text(json.dumps(draft.dump(), indent=2, ensure_ascii=False))
    out = Path(args.output)
    if not args.json:
        console.print(editor.summary(draft))
    result = _render_with_bar(console, draft, out, args.quality, args.preview, cache / "stills")
    if args.json:
        print(json.dumps({"output": str(out), "duration": result.duration, "width": result.width,
                          "height": result.height, "fps": result.fps, "frames": result.frames,
                          "summary": editor.summary(draft)}, ensure_ascii=False))
    else:
        console.print(f"[green]Saved[/] {out} ({result.duration:.1f} s, {result.width}x{result.height}, "
                      f"{result.fps} fps) in {result.seconds:.1f} s")
    return 0


def cmd_render(args: argparse.Namespace, console: Console) -> int:
    from .engine.draft import Draft

    try:
        data = json.loads(Path(args.draft).read_text())
    except (OSError, json.JSONDecodeError) as e:
        raise UserError(f"{args.draft}: not a readable draft JSON ({e}); export one with `make --draft-out`") from None
    result = _render_with_bar(console, Draft.parse(data), Path(args.output), args.quality, args.preview)
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
    try:
        return args.func(args, console)
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
