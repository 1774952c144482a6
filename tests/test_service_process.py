"""The engine as a separate process: `reelsmith serve`, a hard kill mid-render, and a
schemathesis run against its OpenAPI."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from reelsmith.engine.media.probe import probe

from .api import ATTRIBUTION, Api
from .media import photo

pytestmark = pytest.mark.slow  # the engine as its own process: restarts, kills, fuzzing


class Served:
    def __init__(self, data_dir: Path, host: str = "127.0.0.1", *flags: str) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "reelsmith.cli",
                "serve",
                "--host",
                host,
                "--port",
                "0",
                "--data-dir",
                str(data_dir),
                "--workers",
                "1",
                *flags,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stderr is not None
        self.log: list[str] = []
        for line in self.proc.stderr:  # wait for the line that says the socket listens
            self.log.append(line)
            if m := re.search(r"listening on (http://\S+)", line):
                self.url = m[1]
                break
        else:
            raise AssertionError("serve did not start:\n" + "".join(self.log))
        threading.Thread(target=lambda: self.log.extend(self.proc.stderr), daemon=True).start()  # type: ignore[arg-type]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[list[Served]]:
    procs: list[Served] = []
    yield procs
    for s in procs:
        s.proc.kill()
        s.proc.wait()


def _exits(pid: int, timeout: float) -> None:
    """Wait for a process that is not our child to end: its pidfd turns readable when it does."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return  # gone already
    try:
        ready, _, _ = select.select([fd], [], [], timeout)
        assert ready, f"process {pid} still runs {timeout:g} s after its engine was killed"
    finally:
        os.close(fd)


def _children_using(data_dir: Path) -> list[int]:
    """Processes (ffmpeg) whose command line mentions the data dir."""
    found = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                if str(data_dir).encode() in (p / "cmdline").read_bytes() and b"ffmpeg" in (p / "cmdline").read_bytes():
                    found.append(int(p.name))
            except OSError:
                pass
    return found


def test_a_killed_server_resumes_the_render_on_restart(tmp_path: Path, served: list[Served]) -> None:
    data = tmp_path / "data"
    served.append(Served(data))
    api = Api(served[0].url)
    sid = api.session()
    api.upload(sid, *(photo(tmp_path / f"{i}.jpg", seed=i) for i in range(3)))
    api.say(sid, "a 20 second 720p slideshow with music")
    api.render(sid, "render_crash", quality="standard")
    deadline = time.monotonic() + 120
    while (job := api.poll("render_crash"))["progress"] == 0:
        assert job["status"] in ("pending", "processing") and time.monotonic() < deadline, job
    served[0].proc.kill()  # no goodbye: SIGKILL mid-render
    served[0].proc.wait()
    # the encoder dies with it (no orphan ffmpeg burning the CPU)
    for pid in _children_using(data):
        _exits(pid, timeout=10)
    assert not _children_using(data)

    served.append(Served(data))
    again = Api(served[1].url, token=api.token)  # the token survived: it is on disk (hashed)
    job = again.wait("render_crash")
    assert job["status"] == "completed"
    out = tmp_path / "out.mp4"
    out.write_bytes(httpx.get(job["outputUrl"]).content)
    info = probe(out)
    assert (info.width, info.height) == (1280, 720) and info.duration == pytest.approx(20.0, abs=0.1)
    # and nothing else was lost: the session, its uploads and its draft versions
    st = again.state(sid)
    assert st["version"] == 1 and len(st["state"]["video_infos"]) == 3


def test_schemathesis_finds_no_server_errors(tmp_path: Path, engine) -> None:
    api = Api(engine.url)
    sid = api.session()
    up = api.upload(sid, photo(tmp_path / "a.jpg")).json()["data"]["files"][0]
    api.say(sid, "a 3 second slideshow")
    api.render(sid, "render_fuzz")
    api.wait("render_fuzz")
    # real identifiers, so the fuzzer reaches the logic behind the 404s
    (tmp_path / "schemathesis.toml").write_text(
        f'[parameters]\nsid = "{sid}"\nrid = "render_fuzz"\nsha = "{up["hash"]}"\nname = "a.jpg"\n'
    )
    headers = [
        x for k, v in {"Authorization": f"Bearer {api.token}", **ATTRIBUTION}.items() for x in ("-H", f"{k}: {v}")
    ]
    exe = Path(sys.executable).with_name("schemathesis")
    p = subprocess.run(
        [
            str(exe),
            "run",
            engine.url + "/openapi.json",
            "--checks",
            "not_a_server_error",
            *headers,
            "--max-examples",
            "25",
            "--seed",
            "7",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert p.returncode == 0, p.stdout[-4000:]
    assert re.search(r"\d+ generated, \d+ passed", p.stdout), p.stdout[-2000:]


def test_serve_binds_loopback_and_warns_loudly_otherwise(tmp_path: Path, served: list[Served]) -> None:
    served.append(Served(tmp_path / "a"))
    assert served[0].url.startswith("http://127.0.0.1:") and not any("WARNING" in x for x in served[0].log)
    served.append(Served(tmp_path / "b", host="0.0.0.0"))
    assert any("WARNING: serving on 0.0.0.0, not loopback" in x for x in served[1].log)
    assert httpx.get(served[1].url.replace("0.0.0.0", "127.0.0.1") + "/healthz").json()["data"]["engine"] == "reelsmith"
