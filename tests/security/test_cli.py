"""The real CLI, as a subprocess: every bad input or unreachable backend is one line on stderr, the
right exit code, and the process ends (no event loop thread or engine left running)."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..media import photo

pytestmark = pytest.mark.slow  # each test runs the real `reelsmith` command in a new process

EXIT_USER, EXIT_BACKEND = 2, 3
TIMEOUT = 60  # far more than any of these needs; a hang fails here instead of blocking the suite


def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("NEMO_", "REELSMITH_", "ANTHROPIC_"))}
    return {
        **base,
        "REELSMITH_CONFIG_DIR": str(tmp_path / "config"),
        "REELSMITH_STATE_DIR": str(tmp_path / "state"),
        "REELSMITH_DATA_DIR": str(tmp_path / "engine-data"),
        "COLUMNS": "300",
    }


def run(env: dict[str, str], *args: str, cwd: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reelsmith", *args],
        env={**env, **extra},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def one_line_error(p: subprocess.CompletedProcess[str], code: int, *names: str) -> str:
    err = p.stderr.strip()
    assert p.returncode == code, (p.returncode, err)
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    for name in names:
        assert name in err, (name, err)
    return err


# --- the backend is not there, or not a backend -----------------------------------------------
@pytest.mark.parametrize("command", ["credits", "state"])
def test_unreachable_engine_url_exits(env: dict[str, str], command: str) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    err = one_line_error(run(env, command, REELSMITH_ENGINE_URL=url), EXIT_BACKEND, url)
    assert "cannot reach" in err


def test_unreachable_cloud_exits(env: dict[str, str]) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    one_line_error(run(env, "credits", "--backend", "cloud", NEMO_API_URL=url), EXIT_BACKEND, url)


@pytest.fixture
def not_a_backend() -> Iterator[str]:
    """A loopback HTTP server that answers 501 to everything (no do_GET, no do_POST)."""

    class Quiet(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()


def test_a_server_answering_501_exits(env: dict[str, str], not_a_backend: str) -> None:
    one_line_error(run(env, "credits", REELSMITH_ENGINE_URL=not_a_backend), EXIT_BACKEND, "501", not_a_backend)


# --- the client's own files ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "what"), [("[]", "list"), ('"x"', "string"), ("{not json", "not valid JSON"), (None, "folder")]
)
def test_malformed_credentials_file(env: dict[str, str], tmp_path: Path, content: str | None, what: str) -> None:
    creds = tmp_path / "config" / "credentials.json"
    creds.parent.mkdir()
    if content is None:
        creds.mkdir()
    else:
        creds.write_text(content)
    # a closed port: the file must be the error, found before any connection is tried
    url = f"http://127.0.0.1:{closed_port()}"
    err = one_line_error(run(env, "credits", REELSMITH_ENGINE_URL=url), EXIT_USER, str(creds), what)
    assert "delete" in err or "remove" in err
    if content is not None:
        assert creds.read_text() == content  # reported, never silently replaced


def test_malformed_state_file(env: dict[str, str], tmp_path: Path) -> None:
    state = tmp_path / "state" / "state.json"
    state.parent.mkdir()
    state.write_text("[]")
    err = one_line_error(run(env, "state"), EXIT_USER, str(state), "list")
    assert "delete" in err


# --- the engine's data folder ---------------------------------------------------------------------
def test_serve_with_an_unusable_data_dir(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    bad = tmp_path / "a-file" / "engine"  # under a regular file: nobody, root included, can create it
    one_line_error(
        run(env, "serve", "--port", str(closed_port()), "--data-dir", str(bad)), EXIT_USER, str(bad), "--data-dir"
    )


def test_in_process_engine_with_an_unusable_data_dir(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    bad = tmp_path / "a-file" / "engine"
    one_line_error(run(env, "credits", REELSMITH_DATA_DIR=str(bad)), EXIT_USER, str(bad), "REELSMITH_DATA_DIR")


# --- output paths, checked before any work ---------------------------------------------------------
def test_make_refuses_an_existing_output_before_rendering(env: dict[str, str], tmp_path: Path) -> None:
    pic = photo(tmp_path / "a.jpg", (320, 180))
    out = tmp_path / "out.mp4"
    out.write_bytes(b"keep me")
    started = time.monotonic()
    one_line_error(run(env, "make", str(pic), "-o", str(out), "--quality", "preview"), EXIT_USER, str(out), "--force")
    assert time.monotonic() - started < 15  # refused up front: no engine, no upload, no render
    assert out.read_bytes() == b"keep me"
    assert not (tmp_path / "engine-data").exists()


def test_make_with_force_replaces_it(env: dict[str, str], tmp_path: Path) -> None:
    pic = photo(tmp_path / "a.jpg", (320, 180))
    out = tmp_path / "out.mp4"
    out.write_bytes(b"old")
    p = run(env, "make", str(pic), "-p", "a 1 second clip, no music", "-o", str(out), "--quality", "preview", "--force")
    assert p.returncode == 0, p.stderr
    assert out.read_bytes()[4:8] == b"ftyp"


def test_output_naming_a_folder(env: dict[str, str], tmp_path: Path) -> None:
    pic = photo(tmp_path / "a.jpg", (320, 180))
    folder = tmp_path / "videos"
    folder.mkdir()
    for args in (
        ["make", str(pic), "-o", str(folder)],
        ["export", "-o", str(folder)],
        ["render", str(pic), "-o", str(folder)],
    ):
        err = one_line_error(run(env, *args, "--force"), EXIT_USER, str(folder))
        assert "is a folder" in err


def test_output_in_an_unwritable_place(env: dict[str, str], tmp_path: Path) -> None:
    pic = photo(tmp_path / "a.jpg", (320, 180))
    (tmp_path / "a-file").write_text("x")
    out = tmp_path / "a-file" / "sub" / "out.mp4"  # its folder can never be made: a file is in the way
    for args in (
        ["make", str(pic), "-o", str(out)],
        ["export", "-o", str(out)],
        ["render", str(pic), "-o", str(out)],
        ["batch", str(pic), "-p", "x", "--out-dir", str(out.parent)],
    ):
        one_line_error(run(env, *args), EXIT_USER, str(tmp_path / "a-file"))
    assert (tmp_path / "a-file").read_text() == "x"


def test_batch_refuses_existing_videos_in_its_folder(env: dict[str, str], tmp_path: Path) -> None:
    pic = photo(tmp_path / "a.jpg", (320, 180))
    (tmp_path / "videos").mkdir()
    taken = tmp_path / "videos" / "02-make-it-vertical.mp4"
    taken.write_bytes(b"keep me")
    one_line_error(
        run(
            env, "batch", str(pic), "-p", "a slideshow", "-p", "make it vertical", "--out-dir", str(tmp_path / "videos")
        ),
        EXIT_USER,
        str(taken),
        "--force",
    )
    assert taken.read_bytes() == b"keep me" and not (tmp_path / "engine-data").exists()


def test_export_refuses_an_existing_output(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "out.mp4"
    out.write_bytes(b"keep me")
    one_line_error(run(env, "export", "-o", str(out)), EXIT_USER, str(out), "--force")
    assert out.read_bytes() == b"keep me"


def test_render_refuses_an_existing_output(env: dict[str, str], tmp_path: Path) -> None:
    draft = tmp_path / "t.json"
    draft.write_text("{}")
    out = tmp_path / "out.mp4"
    out.write_bytes(b"keep me")
    one_line_error(run(env, "render", str(draft), "-o", str(out)), EXIT_USER, str(out), "--force")
    assert out.read_bytes() == b"keep me"
