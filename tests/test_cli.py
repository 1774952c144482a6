"""The one-shot CLI, run as a user would (the real engine, real ffmpeg)."""

import json
import subprocess
import sys

import pytest
from PIL import Image

from reelsmith.cli import EXIT_USER, main
from reelsmith.engine.media.probe import probe

from .media import frames_rgb, photo

pytestmark = pytest.mark.slow  # the real command, with renders


def test_make_from_a_folder_with_title_and_music(media, tmp_path, capsys):
    for i, name in enumerate(["b.jpg", "a.jpg", "c.jpg"]):
        photo(media / name, (480, 270), seed=i)
    Image.new("RGBA", (200, 100), (255, 255, 255, 255)).save(media / "logo.png")
    out, draft = tmp_path / "promo.mp4", tmp_path / "draft.json"
    code = main(
        [
            "make",
            str(media),
            "-p",
            'a 6 second vertical promo with music, title "Summer Sale"',
            "-o",
            str(out),
            "--quality",
            "draft",
            "--json",
            "--draft-out",
            str(draft),
        ]
    )
    assert code == 0
    res = json.loads(capsys.readouterr().out)
    v = res["video"]
    assert (v["width"], v["height"], v["duration"]) == (1080, 1920, 6.0)
    assert 'Title: "Summer Sale"' in res["summary"] and "BGM:" in res["summary"] and "Logo:" in res["summary"]
    d = json.loads(draft.read_text())
    names = [s["name"] for s in d["t"][0]["sg"]]
    assert names == ["a", "b", "c"]  # a folder expands in name order; the logo is not a slide
    assert len(frames_rgb(out, 1080, 1920)) == 180


def test_a_preview_reports_the_file_it_wrote(media, tmp_path, capsys):
    """--preview writes 640x360 at 15 fps; the message and --json say so, not the timeline's 1080p30."""
    photo(media / "IMG_20240612_143055.jpg", (800, 600))
    out = tmp_path / "p.mp4"
    assert main(["make", str(media), "-p", "a 2 second video", "-o", str(out), "--preview", "--json"]) == 0
    res = json.loads(capsys.readouterr().out)["video"]
    info = probe(out)
    assert (res["width"], res["height"], res["fps"]) == (info.width, info.height, info.fps) == (640, 360, 15)
    assert res["frames"] == len(frames_rgb(out, 640, 360)) == 30 and res["duration"] == 2.0


def test_bad_input_is_one_line_and_exit_2(media, tmp_path, capsys):
    fake = media / "holiday.jpg"
    fake.write_text("not really a photo")
    assert main(["make", str(fake), "-o", str(tmp_path / "x.mp4")]) == EXIT_USER
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: holiday.jpg: not a photo") and "Traceback" not in err
    assert main(["make", str(media / "missing"), "-o", str(tmp_path / "x.mp4")]) == EXIT_USER
    assert "no such file or folder" in capsys.readouterr().err
    assert not (tmp_path / "x.mp4").exists()


def test_console_script_is_installed():
    p = subprocess.run([sys.executable, "-m", "reelsmith.cli", "--version"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith("reelsmith ")


def test_render_a_saved_timeline_and_refuse_a_broken_one(media, tmp_path, capsys):
    photo(media / "a.jpg", (480, 270))
    saved, first, again = tmp_path / "t.json", tmp_path / "1.mp4", tmp_path / "2.mp4"
    assert (
        main(
            [
                "make",
                str(media / "a.jpg"),
                "-p",
                "a 2 second clip, no music",
                "-o",
                str(first),
                "--quality",
                "draft",
                "--draft-out",
                str(saved),
            ]
        )
        == 0
    )
    assert main(["render", str(saved), "-o", str(again), "--quality", "draft"]) == 0
    assert len(frames_rgb(again, 1920, 1080)) == 60
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    capsys.readouterr()
    assert main(["render", str(broken), "-o", str(tmp_path / "3.mp4")]) == EXIT_USER
    assert capsys.readouterr().err.startswith("error: ") and not (tmp_path / "3.mp4").exists()
    # a draft naming a file that is not media is the user's input to fix (exit 2), not an engine failure
    hostile = tmp_path / "hostile.json"
    hostile.write_text('{"t": [{"tt": 0, "sg": [{"kind": "image", "src": "/etc/passwd", "d": 2000}]}]}')
    assert main(["render", str(hostile), "-o", str(tmp_path / "4.mp4")]) == EXIT_USER
    assert "/etc/passwd: not a photo, clip or audio file" in capsys.readouterr().err


def test_render_makes_the_music_a_saved_timeline_names(media, tmp_path):
    """An edit only names its generated track; `reelsmith render` of the saved timeline makes it when
    it is not in the store (a timeline saved before any export, or a pruned track)."""
    from reelsmith.engine.service.server import data_dir_from_env

    photo(media / "a.jpg", (480, 270))
    saved, first, again = tmp_path / "t.json", tmp_path / "1.mp4", tmp_path / "2.mp4"
    argv = ["make", str(media / "a.jpg"), "-p", "a 2 second clip with calm music", "-o", str(first)]
    assert main([*argv, "--quality", "draft", "--draft-out", str(saved)]) == 0
    src = next(s["src"] for t in json.loads(saved.read_text())["t"] if t["tt"] == 1 for s in t["sg"])
    sha = src.split("/")[2]
    stored = data_dir_from_env() / "files" / sha[:2] / sha[2:]
    stored.unlink()
    assert main(["render", str(saved), "-o", str(again), "--quality", "draft"]) == 0
    assert stored.exists() and probe(again).has_audio


def test_progress_off_a_terminal_is_said_in_lines(media, tmp_path, capsys, monkeypatch):
    """Run from a script, a CI log or a host agent reading stderr, a bar cannot redraw: each tenth of
    the upload and the render is said in a line, in order, ending at 100%. (Lines start after a few
    seconds of work, so a quick step stays quiet: here from the start, so that a short render shows.)"""
    import re

    from reelsmith.agent import io

    monkeypatch.setattr(io, "LINES_AFTER", 0.0)
    photo(media / "IMG_20240612_143055.jpg", (800, 600))
    out = tmp_path / "v.mp4"
    assert main(["make", str(media), "-p", "a 4 second video", "-o", str(out), "--quality", "draft"]) == 0
    err = capsys.readouterr().err
    lines = err.splitlines()
    for step in ("Uploading", "Rendering"):
        pcts = [int(m[1]) for line in lines if (m := re.fullmatch(rf"{step}: (\d+)%", line))]
        assert pcts and pcts == sorted(set(pcts)) and pcts[-1] == 100, (step, pcts)
    assert lines.index("Rendering: 100%") < next(i for i, line in enumerate(lines) if line.startswith("Saved "))
