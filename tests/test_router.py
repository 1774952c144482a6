"""The intent router and the GUI translation, table-driven."""

from __future__ import annotations

from pathlib import Path

import pytest

from reelsmith.agent.router import route
from reelsmith.agent.translate import translate

ROUTES = [
    ("export", "export"),
    ("Export it", "export"),
    ("download", "export"),
    ("send me the video", "export"),
    ("please send me the mp4", "export"),
    ("导出", "export"),
    ("下载视频", "export"),
    ("export in draft quality", "export"),
    ("render it now", "export"),
    ("credits", "credits"),
    ("what's my balance?", "credits"),
    ("积分", "credits"),
    ("还有多少余额", "credits"),
    ("status", "status"),
    ("show tracks", "status"),
    ("show me the timeline", "status"),
    ("状态", "status"),
    ("what's on the timeline?", "status"),
    ("upload", "upload"),
    ("上传", "upload"),
    # near misses: these are edits, or an edit and then an export
    ("don't export yet", "edit"),
    ("do not download anything, just make it slower", "edit"),
    ("先不要导出，标题改成「夏季促销」", "edit"),
    ("export it as vertical", "edit+export"),
    ("make it 20 seconds and then export", "edit+export"),
    ("导出竖屏版本", "edit+export"),
    ("add upbeat music", "edit"),
    ("make it vertical", "edit"),
    ("turn my photos into a slideshow", "edit"),
    ("what's the status of the music? make it louder", "edit"),
    ("title says Summer Sale", "edit"),
    ("balance the music with the clips", "edit"),  # balance the verb, not the credit balance
    ("how many credits do I have left?", "credits"),
    ("check my balance", "credits"),
    ("use fewer credits: make it shorter", "edit"),
]


@pytest.mark.parametrize("text,kind", ROUTES)
def test_route(text: str, kind: str) -> None:
    assert route(text).kind == kind


PASTES = [
    # (how it is typed or pasted, which of the files it names)
    ("{a}", ["a"]),  # unquoted, spaces and all: a file manager's "copy path", or Tab completion
    ("'{a}'", ["a"]),
    ('"{a}"', ["a"]),
    ("{a_esc}", ["a"]),  # a shell-escaped path
    ("{a_url}", ["a"]),  # a file:// URL, percent-encoded
    ("{a} {b}", ["a", "b"]),  # two unquoted, one with spaces
    ("'{a}' {b}", ["a", "b"]),  # as a drop pastes them: quoted when needed
    ("{a}\n{b}", ["a", "b"]),  # a paste of several lines
    ("{folder}", ["folder"]),  # a Tab-completed folder with a space, unquoted
    ("{folder}/", ["folder"]),
    ("{b}  ", ["b"]),
]


@pytest.mark.parametrize("typed,names", PASTES)
def test_pasted_paths_are_uploads(tmp_path: Path, typed: str, names: list[str]) -> None:
    folder = tmp_path / "my photos"
    folder.mkdir()
    a, b = folder / "beach 3.jpg", tmp_path / "IMG_20240612_143055.jpg"
    a.write_bytes(b"x")
    b.write_bytes(b"x")
    files = {"a": a, "b": b, "folder": folder}
    text = typed.format(a=a, b=b, folder=folder, a_esc=str(a).replace(" ", "\\ "), a_url=a.as_uri())
    r = route(text)
    assert r.kind == "upload" and [Path(f) for f in r.files] == [files[n] for n in names]


def test_paths_and_urls_are_uploads(tmp_path: Path) -> None:
    a, b = tmp_path / "a b.jpg", tmp_path / "c.png"
    a.write_bytes(b"x")
    b.write_bytes(b"x")
    assert route(f"'{a}' {b}").files == [str(a), str(b)]  # quoted paths with spaces, as a drop pastes them
    assert route(f"{a}\n{b}").files == [str(a), str(b)]  # a paste of several lines
    assert route("https://example.org/x.jpg").files == ["https://example.org/x.jpg"]
    assert route(f"upload {b}").files == [str(b)]
    assert route(f"{b} make it vertical").kind == "edit"  # a path inside a sentence is not an upload
    assert route("export draft").quality == "draft"


TRANSLATIONS = [
    ("Added the title. Click the Export button when ready.", "Added the title.", ["export"]),
    ("I've added a lo-fi track. Open the Audio panel to adjust the volume.", "I've added a lo-fi track.", ["status"]),
    ("Done! You can preview it in the timeline.", "Done!", ["status"]),
    ("Drag the second clip to the start of the timeline.", "", ["edit"]),
    ("Please check your account billing page for credits.", "", ["credits"]),
    ("Click Apply to confirm. The video is 10s long.", "The video is 10s long.", []),
    ("已添加标题。点击导出按钮即可下载。", "已添加标题。", ["export"]),
    ("音乐已替换。打开音频面板调整音量。", "音乐已替换。", ["status"]),
    ("把第二段拖拽到开头。", "", ["edit"]),
    (
        'The title "Summer Sale" runs 0-3s.\nTimeline (2 tracks): 1. Video: a (0-9.7s)',
        'The title "Summer Sale" runs 0-3s.\nTimeline (2 tracks): 1. Video: a (0-9.7s)',
        [],
    ),
]


@pytest.mark.parametrize("text,kept,actions", TRANSLATIONS)
def test_translate(text: str, kept: str, actions: list[str]) -> None:
    t = translate(text)
    assert t.text == kept
    assert [a for a, _ in t.actions] == actions


def test_drag_becomes_the_edit() -> None:
    assert translate("Drag the second clip to the start of the timeline.").actions == [
        ("edit", "move the second clip to the start")
    ]
