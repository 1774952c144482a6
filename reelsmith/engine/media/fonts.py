"""Locate real fonts: shipped as Python packages (OFL), so text renders on a bare machine.

Each family a draft may name (choices.FONTS) is one static file in one package: ffmpeg's drawtext draws
a variable font at its default instance, so a weight other than the default needs its own static file.
Chinese and Japanese text is always drawn with a CJK face, and text in a script a face lacks (Cyrillic in
a Latin-only handwriting face) with the family's fallback, so no line turns into empty boxes."""

from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from reelsmith.engine.model.choices import FONTS, FontName
from reelsmith.protocol.facts import needs_cjk


class FontError(LookupError):
    pass


@dataclass(frozen=True)
class Face:
    name: str  # what a reply calls it
    package: str  # the Python package that ships it (import name)
    file: str  # inside that package
    cjk: FontName  # the family that draws Chinese and Japanese text for this one
    scripts: frozenset[str]  # the scripts beyond basic Latin it covers (SCRIPTS)
    fallback: FontName  # the family for text in a script it lacks


_ALL = frozenset({"cyrillic", "greek", "vietnamese"})
FACES: dict[FontName, Face] = {
    "sans": Face("Noto Sans", "fontpkg_noto_sans", "files/NotoSans[wdth,wght].ttf", "cjk", _ALL, "cjk"),
    "bold": Face("Fira Sans Bold", "fontpkg_fira_sans", "files/FiraSans-Bold.ttf", "cjk_bold", _ALL, "sans"),
    "serif": Face(
        "Playfair Display",
        "fontpkg_playfair_display",
        "files/PlayfairDisplay[wght].ttf",
        "cjk",
        frozenset({"cyrillic", "vietnamese"}),
        "sans",
    ),
    "display": Face("Anton", "fontpkg_anton", "files/Anton-Regular.ttf", "cjk_bold", frozenset({"vietnamese"}), "bold"),
    "handwriting": Face("Kalam", "fontpkg_kalam", "files/Kalam-Regular.ttf", "cjk", frozenset(), "sans"),
    "cjk": Face(
        "Noto Sans CJK",
        "cvttf_NotoSansCJK_Regular",
        "NotoSansCJKtc-Regular.otf",
        "cjk",
        frozenset({"cyrillic", "greek"}),
        "sans",
    ),
    "cjk_bold": Face(
        "Noto Sans CJK Bold",
        "cvttf_NotoSansCJK_Bold",
        "NotoSansCJKtc-Bold.otf",
        "cjk_bold",
        frozenset({"cyrillic", "greek"}),
        "bold",
    ),
}
assert tuple(FACES) == FONTS, "every registered family has its face"
# the installed face a missing package falls back to, before the system's fonts
_MISSING: dict[FontName, FontName] = {"bold": "sans", "serif": "sans", "display": "bold", "handwriting": "sans"}
_MISSING |= {"cjk_bold": "cjk", "sans": "cjk"}
SCRIPTS: dict[str, re.Pattern[str]] = {
    "cyrillic": re.compile("[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]"),
    "greek": re.compile("[\u0370-\u03ff\u1f00-\u1fff]"),
    "vietnamese": re.compile("[\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]"),
}


def scripts(text: str) -> set[str]:
    """The scripts beyond basic and extended Latin (and CJK) that `text` uses."""
    return {name for name, pat in SCRIPTS.items() if pat.search(text)}


def family_for(font: str, text: str = "") -> FontName:
    """The registered family that really draws `text` when a draft asks for `font`: a CJK face for Chinese
    and Japanese, and the fallback for a script the face lacks."""
    if font not in FACES:
        raise FontError(f"font {font[:60]!r} is not one of {', '.join(FONTS)}")
    fam: FontName = font  # a registered family: checked just above
    if needs_cjk(text):
        return FACES[fam].cjk
    used = scripts(text)
    for _ in FONTS:  # a fallback chain ends at a face that covers the text (sans covers every script here)
        if used <= FACES[fam].scripts:
            break
        fam = FACES[fam].fallback
    return fam


@functools.cache
def packaged(font: FontName) -> Path | None:
    """The file a family's package ships, or None when the package is not installed."""
    face = FACES[font]
    try:
        spec = importlib.util.find_spec(face.package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    f = Path(next(iter(spec.submodule_search_locations))) / face.file
    return f if f.is_file() else None


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
    """The font file for a registered family (choices.FONTS) and the text it must draw.

    Never a path from a draft: a draft comes from anywhere, and a font file is read by ffmpeg."""
    fam: FontName | None = family_for(font, text)
    seen: set[FontName] = set()
    while fam is not None and fam not in seen:
        if found := packaged(fam):
            return found
        seen.add(fam)
        fam = _MISSING.get(fam)
    kind = "cjk" if needs_cjk(text) or font in ("cjk", "cjk_bold") else "sans"
    found = _system(kind)
    if found is None:
        raise FontError(f"no {kind} font found; reinstall reelsmith (it ships Noto fonts)")
    return found
