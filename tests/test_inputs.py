"""What a person hands over: a folder expands in the order their file manager shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from reelsmith.agent.inputs import InputError, expand_inputs


def test_a_folder_expands_in_natural_order(tmp_path: Path) -> None:
    names = [
        "photo 10.jpg",
        "photo 2.jpg",
        "Photo 1.JPG",
        "IMG_20240612_143055.jpg",
        "IMG_9.heic",
        "clip.MOV",
        "notes.txt",
        "song.m4a",
    ]
    for n in names:
        (tmp_path / n).write_bytes(b"x")
    (tmp_path / "sub.jpg").mkdir()  # a folder named like a photo is not a photo
    got = [Path(p).name for p in expand_inputs([tmp_path])]
    assert got == [
        "clip.MOV",
        "IMG_9.heic",
        "IMG_20240612_143055.jpg",
        "Photo 1.JPG",
        "photo 2.jpg",
        "photo 10.jpg",
        "song.m4a",
    ]


def test_nothing_usable_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(InputError, match="folder has no photos, clips or audio"):
        expand_inputs([tmp_path])
    with pytest.raises(InputError, match="no such file or folder"):
        expand_inputs([tmp_path / "missing.jpg"])
