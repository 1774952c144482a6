"""Locate real fonts: shipped as Python packages, so text renders on a bare machine."""

from __future__ import annotations

import functools
from pathlib import Path

from reelsmith.protocol.facts import needs_cjk


class FontError(LookupError):
    pass


@functools.cache
def _latin() -> Path | None:
    try:
        import fontpkg_noto_sans

        files = sorted((Path(fontpkg_noto_sans.ROOT) / "files").glob("NotoSans[[]*.ttf"))
        return files[0] if files else None
    except ImportError:
        return None


@functools.cache
def _cjk() -> Path | None:
    try:
        import cvttf_NotoSansCJK_Regular as cjk

        return Path(cjk.get_TTF_path())
    except (ImportError, FileNotFoundError):
        return None


@functools.cache
def _system(kind: str) -> Path | None:
    roots = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".fonts",
        Path("/System/Library/Fonts"),
        Path("C:/Windows/Fonts"),
    ]
    wanted = (
        ("NotoSansCJK", "wqy", "SourceHanSans", "PingFang", "msyh", "Droid")
        if kind == "cjk"
        else ("NotoSans-Regular", "DejaVuSans.ttf", "Arial", "Helvetica")
    )
    for root in roots:
        if not root.is_dir():
            continue
        for f in sorted(root.rglob("*")):
            if f.suffix.lower() in (".ttf", ".otf", ".ttc") and any(w in f.name for w in wanted):
                return f
    return None


def resolve(font: str, text: str = "") -> Path:
    """The font file for a registered family (`sans`, `cjk`) and the text it must draw.

    Never a path from a draft: a draft comes from anywhere, and a font file is read by ffmpeg."""
    if font not in ("sans", "cjk"):
        raise FontError(f"font {font[:60]!r} is not one of sans, cjk")
    kind = "cjk" if font == "cjk" or needs_cjk(text) else "sans"
    found = (_cjk() if kind == "cjk" else _latin() or _cjk()) or _system(kind)
    if found is None:
        raise FontError(f"no {kind} font found; reinstall reelsmith (it ships Noto fonts)")
    return found
