"""One conversation turn: what is saved and said when a request asks for what is already so."""

from __future__ import annotations

from pathlib import Path

import pytest

from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.store import Store

from .rows import PHOTOS, converse


@pytest.mark.parametrize(
    "ask,said",
    [
        ("make it landscape", "Nothing changed: the canvas is already 1920x1080"),
        ("make it more professional", "Nothing changed:"),  # asked a second time, below
        ("做成横屏", "没有修改："),
    ],
)
def test_a_request_for_what_is_already_so_saves_no_version(tmp_path: Path, ask: str, said: str) -> None:
    parts = Store(tmp_path / "engine.sqlite3"), BlobStore(tmp_path / "files")
    steps = ["make a slideshow", *(["make it more professional"] if "professional" in ask else []), ask]
    _, replies, versions = converse(parts, f"already-{ask}", PHOTOS, steps)
    assert replies[-1].startswith(said) and "Done" not in replies[-1]
    assert versions[-1] == versions[-2]  # no new version for nothing


def test_the_length_asked_again_is_already_so(tmp_path: Path) -> None:
    parts = Store(tmp_path / "engine.sqlite3"), BlobStore(tmp_path / "files")
    _, replies, versions = converse(parts, "length-again", PHOTOS, ["make a 20 second slideshow", "make it 20 seconds"])
    assert replies[-1].startswith("Nothing changed: the length is already 20s") and versions == [1, 1]
