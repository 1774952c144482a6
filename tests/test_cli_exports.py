"""Exports that recover: output paths checked before a render, a render that could not be saved kept
for `export --resume -o`, and no unfinished job ever standing in the way of the next export. The real
CLI against the real in-process engine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reelsmith import local
from reelsmith.cli import main
from reelsmith.engine.media.probe import probe
from reelsmith.skill import Client, LocalFileError
from reelsmith.skill.credentials import State

from .media import photo
from .test_cli_json import valid

pytestmark = pytest.mark.slow  # the real commands, with renders


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any, str]:
    """(exit code, the --json answer, stderr)."""
    code = main([*argv, "--json"])
    got = capsys.readouterr()
    return code, json.loads(got.out), got.err


@pytest.fixture
def session(media: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A session with a 1 second timeline, made through the CLI; the last session from here on."""
    assert main(["upload", str(photo(media / "a.jpg", (320, 180))), "--json"]) == 0
    assert main(["say", "a 1 second clip, no music", "--json"]) == 0
    return str(json.loads(capsys.readouterr().out.splitlines()[-1])["session_id"])


def test_a_bad_path_is_refused_before_the_render_and_blocks_nothing(
    session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    for bad, says in (
        ("/proc/x.mp4", "/proc/x.mp4 cannot be saved: /proc is not writable"),
        (str(a_file / "x.mp4"), f"{a_file} is a file, not a folder"),
        (str(tmp_path), f"{tmp_path} is a folder; name the video file in it"),
    ):
        code = main(["export", "-o", bad, "--quality", "preview"])
        err = capsys.readouterr().err.strip()
        assert code == 2 and err.startswith("error: ") and says in err and "\n" not in err, err
        assert ".partial" not in err
    assert State().jobs(parked=True) == []  # refused before a render: no job left behind
    code, ok, _ = cli(capsys, "export", "-o", str(tmp_path / "new" / "good.mp4"), "--quality", "preview")
    assert code == 0 and probe(ok["video"]["path"]).duration == pytest.approx(1.0, abs=0.1)
    assert cli(capsys, "export", "--resume")[:2] == (0, {"resumed": [], "not_saved": []})


def test_a_render_that_could_not_be_saved_is_kept_for_resume_to_another_path(
    session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    target = folder / "v.mp4"

    def unplug(status: str, progress: int) -> None:
        if folder.is_dir():  # the folder goes away while the render runs (a drive unplugged)
            shutil.rmtree(folder)
            folder.write_text("not a folder any more")

    with Client(local.connect()) as c:  # the same engine data and state file the CLI uses
        with pytest.raises(LocalFileError) as caught:
            c.session(session).export(target, "preview", on_status=unplug)
    said = str(caught.value)
    assert said.startswith("the video was rendered but not saved: ") and str(folder) in said
    assert "`reelsmith export --resume -o OTHER.mp4`" in said and ".partial" not in said
    (parked,) = State().jobs(parked=True)
    assert parked["out"] == str(target) and State().jobs() == []  # parked: plain `export` does not pick it up

    monkeypatch.chdir(tmp_path)
    code, fresh, _ = cli(capsys, "export", "--quality", "preview")  # a new render, to the default name
    assert code == 0 and Path(fresh["video"]["path"]).parent == tmp_path

    code, again, err = cli(capsys, "export", "--resume")  # its path still cannot be written: said, and kept
    valid(again, "export_resume")
    assert code == 2 and again["resumed"] == [] and again["not_saved"][0]["path"] == str(target)
    assert again["not_saved"][0]["error"]["code"] == "not_saved" and len(State().jobs(parked=True)) == 1

    rescued = tmp_path / "rescued.mp4"
    code, done, _ = cli(capsys, "export", "--resume", "-o", str(rescued))
    assert code == 0 and valid(done, "export_resume")["not_saved"] == []
    assert done["resumed"][0]["session_id"] == session and done["resumed"][0]["video"]["path"] == str(rescued)
    assert probe(rescued).duration == pytest.approx(1.0, abs=0.1)
    assert State().jobs(parked=True) == []
    assert cli(capsys, "export", "--resume")[:2] == (0, {"resumed": [], "not_saved": []})


def test_a_job_the_backend_no_longer_has_is_dropped_not_retried_forever(
    session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (job,) = [{"id": "render_1", "session_id": session, "out": str(tmp_path / "gone.mp4"), "quality": "preview"}]
    with Client(local.connect()) as c:
        State().add_job({**job, "backend": c.aio.backend.key})
    code, failed, _ = cli(capsys, "export", "--resume")
    assert code == 3 and failed["not_saved"][0]["error"]["code"] == "render_failed"
    assert "not on the backend any more" in failed["not_saved"][0]["error"]["message"]
    assert State().jobs(parked=True) == []
    code, ok, _ = cli(capsys, "export", "-o", str(tmp_path / "ok.mp4"), "--quality", "preview")
    assert code == 0 and Path(ok["video"]["path"]).exists()


def test_output_files_are_never_replaced_without_force(
    session: str, media: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "taken.mp4"
    taken.write_bytes(b"keep me")
    draft = tmp_path / "draft.json"
    draft.write_text("{}")
    a = str(media / "a.jpg")
    for argv in (
        ["export", "-o", str(taken)],
        ["export", "--resume", "-o", str(taken)],
        ["make", a, "-o", str(taken)],
        ["make", a, "-o", str(tmp_path / "new.mp4"), "--draft-out", str(draft)],
        ["render", str(draft), "-o", str(taken)],
    ):
        code = main(argv)
        assert code == 2 and "already exists; pass --force" in capsys.readouterr().err, argv
    assert taken.read_bytes() == b"keep me" and draft.read_text() == "{}" and not (tmp_path / "new.mp4").exists()
    out_dir = tmp_path / "videos"
    out_dir.mkdir()
    (out_dir / "01-x.mp4").write_bytes(b"mine")
    assert main(["batch", a, "-p", "x", "--out-dir", str(out_dir)]) == 2
    assert "already exists" in capsys.readouterr().err and (out_dir / "01-x.mp4").read_bytes() == b"mine"
    code, ok, _ = cli(capsys, "export", "-o", str(taken), "--quality", "preview", "--force")
    assert code == 0 and probe(taken).duration == pytest.approx(1.0, abs=0.1)


def test_export_picks_up_an_interrupted_render_of_its_session(
    session: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    class Crash(Exception):
        pass

    def crash(status: str, progress: int) -> None:
        raise Crash()  # the process "dies" right after the job was submitted

    first = tmp_path / "first.mp4"
    with Client(local.connect()) as c, pytest.raises(Crash):
        c.session(session).export(first, "preview", on_status=crash)
    code, got, _ = cli(capsys, "export")  # no -o: the interrupted render is finished, not started again
    assert code == 0 and valid(got, "export")["video"]["path"] == str(first.resolve())
    assert probe(first).duration == pytest.approx(1.0, abs=0.1) and State().jobs(parked=True) == []
