"""The intent router and the GUI translation, table-driven."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from reelsmith.agent.repl import PathWords
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
    ("{a}", ["a"]),  # unquoted, spaces and all: a file manager's "copy path"
    ("'{a}'", ["a"]),  # quoted: a drop, or Tab completion of a file with a space
    ('"{a}"', ["a"]),
    ("{a_esc}", ["a"]),  # a shell-escaped path
    ("{a_url}", ["a"]),  # a file:// URL, percent-encoded
    ("file://localhost{a_path_url}", ["a"]),  # the same with the host spelled out
    ("{a_url}\n{b_url}", ["a", "b"]),  # a file manager's copy of two files: one URL a line
    ("{a} {b}", ["a", "b"]),  # two unquoted, one with spaces
    ("'{a}' {b}", ["a", "b"]),  # as a drop pastes them: quoted when needed
    ("{a}\n{b}", ["a", "b"]),  # a paste of several lines
    ("{folder}", ["folder"]),  # a folder with a space, unquoted
    ("{folder}/", ["folder"]),
    ("'{folder}/", ["folder"]),  # Tab completion of a folder with a space: its quote left open
    ("~/my photos/beach 3.jpg", ["a"]),  # from the home folder, unquoted
    ("{b}  ", ["b"]),
]


@pytest.mark.parametrize("typed,names", PASTES)
def test_pasted_paths_are_uploads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, typed: str, names: list[str]
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    folder = tmp_path / "my photos"
    folder.mkdir()
    a, b = folder / "beach 3.jpg", tmp_path / "IMG_20240612_143055.jpg"
    a.write_bytes(b"x")
    b.write_bytes(b"x")
    files = {"a": a, "b": b, "folder": folder}
    text = typed.format(
        a=a,
        b=b,
        folder=folder,
        a_esc=str(a).replace(" ", "\\ "),
        a_url=a.as_uri(),
        b_url=b.as_uri(),
        a_path_url=a.as_uri().removeprefix("file://"),
    )
    r = route(text)
    assert r.kind == "upload" and [Path(f) for f in r.files] == [files[n] for n in names]


COMPLETIONS = [
    # (typed before Tab, the line after Tab): paths with a space come out quoted, as one word
    ("{t}/my ph", "'{t}/my photos/"),  # a folder with a space: quoted, left open to go on
    ("{t}/my photos/bea", "'{t}/my photos/beach 3.jpg'"),  # typed with its space unquoted
    ("'{t}/my photos/bea", "'{t}/my photos/beach 3.jpg'"),  # inside it: the file, quote closed
    ("{t}/my\\ ph", "'{t}/my photos/"),  # shell-escaped as typed: quoted from here on
    ("add {t}/IMG", "add {t}/IMG_20240612_143055.jpg"),  # no space: left as it is
    ("{t}/pla", "{t}/plain/"),  # a folder: its slash, so the next Tab goes in
]


@pytest.mark.parametrize("typed,after", COMPLETIONS)
def test_tab_completion_quotes_paths_with_spaces(tmp_path: Path, typed: str, after: str) -> None:
    (tmp_path / "my photos").mkdir()
    (tmp_path / "plain").mkdir()
    (tmp_path / "my photos" / "beach 3.jpg").write_bytes(b"x")
    (tmp_path / "IMG_20240612_143055.jpg").write_bytes(b"x")
    text = typed.format(t=tmp_path)
    (c,) = PathWords().get_completions(Document(text, len(text)), CompleteEvent(completion_requested=True))
    line = text[: len(text) + c.start_position] + c.text
    assert line == after.format(t=tmp_path)
    assert route(line.removeprefix("add ")).kind == "upload"  # and the router takes it as one path


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
    (  # the person's own words, quoted in a reply, are never a GUI direction: the "Not done" vanished and
        # "move table sessions" was sent back to the editor, which made captions of it
        'Done: title "Porto". Not done: I didn\'t understand "drop table sessions"; I didn\'t understand "press on".',
        'Done: title "Porto". Not done: I didn\'t understand "drop table sessions"; I didn\'t understand "press on".',
        [],
    ),
    ("没有理解“拖到最后”。", "没有理解“拖到最后”。", []),
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
