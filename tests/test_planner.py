"""The editor, table-driven (the tables are test_requests_*.py, the harness rows.py): the reply in the
person's language, generated music following the length, and operations that fail changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from reelsmith.engine.media import music
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.music_store import GeneratedMusic
from reelsmith.engine.storage.store import Store

from .rows import (  # noqa: F401  (fixtures are found by name)
    PHOTOS,
    REAL_MAKE_TRACK,
    SLIDESHOW_SEED,
    _ed,
    _track,
    converse,
    engine_parts,
    silent_music,
)


def test_reply_says_what_changed_in_the_users_language(engine_parts: tuple[Store, BlobStore]) -> None:  # noqa: F811
    _, replies, _ = converse(engine_parts, "reply-lang", PHOTOS, [SLIDESHOW_SEED, "做成竖屏", "make it 20 seconds"])
    assert replies[0].startswith("Done: made a") and "Timeline (" in replies[0]
    assert replies[1].startswith("完成：画面 1080x1920")
    assert replies[1].splitlines()[0].endswith("。")  # Chinese punctuation in a Chinese reply
    _, zh, _ = converse(engine_parts, "reply-zh", PHOTOS, ["把我的照片做成带音乐的幻灯片，标题“你好”", "不要转场"])
    assert "；" in zh[0].splitlines()[0] and "; " not in zh[0].splitlines()[0], zh[0]
    assert all(r.splitlines()[0].endswith("。") for r in zh), zh
    assert "length" in replies[2] and "→ 20s" in replies[2]


def test_generated_music_follows_the_length(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(music, "make_track", REAL_MAKE_TRACK)  # the real generator, even after the table ran
    parts = Store(tmp_path / "engine.sqlite3"), BlobStore(tmp_path / "files")
    store, blobs = parts
    d, _, _ = converse(parts, "music-len", PHOTOS, ["make a slideshow video, 20 seconds", "make it 12 seconds"])
    a = _track(d, 1)[0]
    assert _ed(a)["made_for"] == 12000 == a["d"] and _ed(a)["mood"] == "calm"
    sha = a["src"].split("/")[2]
    assert not blobs.has(sha)  # named by the edit, made when first read
    assert GeneratedMusic(store, blobs, 1 << 30).ensure(sha) and blobs.has(sha)
    import wave

    with wave.open(str(blobs.path(sha))) as f:
        assert f.getnframes() / f.getframerate() == pytest.approx(12.0, abs=0.05)


def test_operations_are_named_after_their_tools() -> None:
    from typing import get_args

    from reelsmith.engine.edit import ops
    from reelsmith.engine.media.music import MOODS

    for name, cls in ops.OPS.items():
        assert cls.__name__ == "".join(part.title() for part in name.split("_")), name
    assert get_args(ops.MoodName) == tuple(MOODS)  # the set_music tool offers exactly the moods the generator has


def test_a_failed_operation_leaves_the_draft_as_it_was() -> None:
    """Claude goes on after a tool error, so an operation that fails part way must change nothing."""
    from reelsmith.engine.edit import ops
    from reelsmith.engine.edit.work import Context, OpError, Work
    from reelsmith.engine.media.probe import MediaInfo

    w = Work(None, Context([MediaInfo(f"/files/{i}/p{i}.jpg", "image", 4000, 3000) for i in range(5)]))
    ops.apply(w, ops.Build())
    before = w.dump()
    with pytest.raises(OpError, match="greater than 0"):  # too short to share out: the last photo would be < 0 s
        ops.apply(w, ops.SetDuration(seconds=0.3))
    with pytest.raises(OpError, match="control characters"):
        ops.apply(w, ops.SetText(text="bad\x01text"))
    assert w.dump() == before
