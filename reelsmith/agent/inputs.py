"""What a person hands over: files, folders (their media in natural name order) and URLs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

from natsort import natsorted, ns

from reelsmith.protocol.facts import MEDIA_SUFFIXES


class InputError(ValueError):
    """A path that is not there, or a folder with nothing in it: one line that says what to do."""


def is_url(item: str) -> bool:
    u = urlparse(item)
    return u.scheme in ("http", "https") and bool(u.netloc)


def expand_inputs(items: Sequence[str | Path]) -> list[str | Path]:
    """Files as given, URLs as given; a folder expands to its media files in natural name order, as a
    file manager shows them: `photo 2.jpg` before `photo 10.jpg`, case ignored."""
    out: list[str | Path] = []
    for item in items:
        if isinstance(item, str) and is_url(item):
            out.append(item)
            continue
        p = Path(item).expanduser()
        if p.is_dir():
            media = [f for f in p.iterdir() if f.suffix.lower() in MEDIA_SUFFIXES and f.is_file()]
            found = natsorted(media, alg=ns.PATH | ns.IGNORECASE)
            if not found:
                raise InputError(f"{p}: folder has no photos, clips or audio; add some or name files directly")
            out += found
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such file or folder; check the path")
    return out
