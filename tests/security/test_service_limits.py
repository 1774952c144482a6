"""The engine's service, attacked over loopback with only anonymous tokens: private files, capped bodies,
bombs, lengths, turns, token minting, render time, a fair queue and a full disk."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from reelsmith.engine.model.limits import Limits

from ..api import Api
from ..media import make_clip, photo
from ..test_service_process import Served


def _ref(api: Api, sid: str, path: Path) -> dict:
    r = api.upload(sid, path)
    assert r.status_code == 200, r.text
    return r.json()["data"]["files"][0]


# --- files are private -------------------------------------------------------------------------
def test_files_need_the_owner_or_a_signed_link(engine, media: Path) -> None:
    owner, stranger = Api(engine.url, "owner"), Api(engine.url, "stranger")
    sid = owner.session()
    f = _ref(owner, sid, photo(media / "IMG_20240612_143055.jpg"))
    plain = f"/files/{f['hash']}/x.html"
    anon = httpx.get(engine.url + plain)
    missing = httpx.get(engine.url + f"/files/{'0' * 64}/x.html")
    assert anon.status_code == missing.status_code == 404
    assert anon.json()["message"] == missing.json()["message"]  # a hash confirms nothing to strangers
    assert stranger.get(plain).status_code == 404
    mine = owner.get(plain)
    assert mine.status_code == 200 and mine.content == (media / "IMG_20240612_143055.jpg").read_bytes()
    # served by what the bytes are, never as the page the URL's name asks for
    assert mine.headers["content-type"] == "image/jpeg"
    assert mine.headers["x-content-type-options"] == "nosniff"
    assert mine.headers["content-disposition"].startswith("attachment")
    signed = httpx.get(f["cdn_url"])  # the link the upload answered with works without a token
    assert signed.status_code == 200 and signed.headers["content-type"] == "image/jpeg"
    forged = f["cdn_url"].replace("sig=", "sig=0")
    assert httpx.get(forged).status_code == 404
    other = f["cdn_url"].replace(f["hash"], "f" * 64)
    assert httpx.get(other).status_code == 404


def test_a_signed_link_expires(engine_factory, media: Path) -> None:
    api = Api(engine_factory(link_ttl=-1).url)
    f = _ref(api, api.session(), photo(media / "a.jpg"))
    assert httpx.get(f["cdn_url"]).status_code == 404


# --- bodies are capped before they are read ------------------------------------------------------
def _raw(url: str, head: bytes, body: bytes = b"", deadline: float = 10.0) -> tuple[int, bytes]:
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=deadline) as s:
        s.sendall(head + body)
        data = b""
        while chunk := s.recv(65536):  # the engine closes the connection after its refusal
            data += chunk
    return int(data.split(b" ", 2)[1]), data


def test_an_announced_huge_body_is_refused_before_it_is_read(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    for path in (f"/api/upload-video/nemo_agent/me/{sid}", "/api/render/proxy/lambda", "/run_sse"):
        head = (
            f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {api.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {1 << 30}\r\n\r\n"
        ).encode()
        status, data = _raw(engine.url, head)  # no body sent at all: the answer cannot have waited for it
        assert status == 413 and b"4002" in data, data


def test_a_streamed_body_is_cut_off_at_the_limit(engine_factory, tmp_path: Path) -> None:
    srv = engine_factory(size_limits={"ai-video-maker-ai": 1 << 20})
    api = Api(srv.url)
    sid = api.session()
    spooled: list[int] = []

    def body():
        yield b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n\r\n'
        for _ in range(64):
            spooled.append(sum(f.stat().st_size for f in (tmp_path / "engine-data").rglob("*") if f.is_file()))
            yield b"\xff" * (256 << 10)

    r = api.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        content=body(),
        headers={"Content-Type": "multipart/form-data; boundary=b"},
    )
    assert r.status_code == 413 and r.json()["code"] == 4002
    assert max(spooled) < 4 << 20  # nothing near the 16 MB sent was kept


def test_a_huge_json_body_is_refused(engine) -> None:
    api = Api(engine.url)
    big = {"id": "r", "sessionId": api.session(), "draft": {"t": [], "pad": "x" * (9 << 20)}}
    r = api.post(
        "/api/render/proxy/lambda", content=json.dumps(big).encode(), headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 413 and r.json()["code"] == 4002


# --- a pixel bomb costs nothing ------------------------------------------------------------------
def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


def test_a_pixel_bomb_is_refused_from_its_header(tmp_path: Path) -> None:
    bomb = tmp_path / "IMG_20240612_143055.png"
    Image.new("1", (14000, 14000)).save(bomb, optimize=True)  # 196 MP in a file of well under a MB
    assert bomb.stat().st_size < 2 << 20
    srv = Served(tmp_path / "data")
    try:
        api = Api(srv.url)
        sid = api.session()
        before = _peak_rss_kb(srv.proc.pid)
        for _ in range(3):
            r = api.upload(sid, bomb)
            assert r.status_code == 415 and "megapixels" in r.json()["message"]
        assert _peak_rss_kb(srv.proc.pid) - before < 150_000, "decoding the bomb would take 200 MB to 1.5 GB"
    finally:
        srv.proc.kill()
        srv.proc.wait()


# --- lengths, counts and music -------------------------------------------------------------------
def test_a_video_past_the_length_limit_is_refused_without_making_music(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    _ref(api, sid, photo(media / "a.jpg"))
    api.say(sid, "make a slideshow")
    events = api.say(sid, "make it 1200 seconds with upbeat music")
    reply = [e for e in events if e and e.get("turnComplete")][-1]["content"]["parts"][0]["text"]
    assert "Nothing changed" in reply and "600 s" in reply
    assert not any(
        m.get("kind") == "music" and m.get("duration", 0) > 600 for m in api.state(sid)["state"]["generated_media"]
    )
    draft = api.state(sid)["state"]["draft"]
    for d in (10**9, 2 * 3600 * 1000):
        long = {**draft, "d": d}
        r = api.render(sid, f"r{d}", long)
        assert r.status_code == 422 and ("600 s" in r.json()["message"] or "less than or equal" in r.json()["message"])


def test_serve_flags_set_the_limits(tmp_path: Path, media: Path) -> None:
    srv = Served(tmp_path / "data", "127.0.0.1", "--max-video-seconds", "20", "--tokens-per-hour", "2")
    try:
        api = Api(srv.url)
        sid = api.session()
        _ref(api, sid, photo(media / "a.jpg"))
        api.say(sid, "make a slideshow")
        events = api.say(sid, "make it 30 seconds")
        reply = [e for e in events if e and e.get("turnComplete")][-1]["content"]["parts"][0]["text"]
        assert "Nothing changed" in reply and "at most 20 s" in reply
        Api(srv.url, "second")
        assert httpx.post(srv.url + "/api/auth/anonymous-token", headers={"X-Client-Id": "third"}).status_code == 429
    finally:
        srv.proc.kill()
        srv.proc.wait()


def test_too_many_segments_are_refused(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    ref = _ref(api, sid, photo(media / "a.jpg"))["cdn_url"]
    draft = {"t": [{"tt": 0, "sg": [{"src": ref, "d": 1000}] * (Limits().segments + 1)}], "d": 0, "m": {}}
    r = api.render(sid, "many", draft)
    assert r.status_code == 422 and "at most" in r.json()["message"]


# --- one turn at a time --------------------------------------------------------------------------
def _start_turn(api: Api, sid: str, text: str) -> httpx.Response:
    """Send a turn and return once its stream has begun (the edit is running), without reading it."""
    body = {
        "app_name": "nemo_agent",
        "user_id": "me",
        "session_id": sid,
        "new_message": {"role": "user", "parts": [{"text": text}]},
        "streaming": True,
    }
    req = api.http.build_request("POST", "/run_sse", json=body, headers=api.h)
    r = api.http.send(req, stream=True)
    assert r.status_code == 200
    return r


def _held_claude() -> tuple[Any, threading.Event]:
    """An editor whose Claude API answers only when the test says so: a turn that runs exactly as long
    as the test needs (then the API is "overloaded" and the offline editor does the edit)."""
    import httpx2

    from reelsmith.engine.edit.claude import ClaudeConfig

    release = threading.Event()

    def overloaded(request: httpx2.Request) -> httpx2.Response:
        release.wait(30)  # a deadline: a test that forgets to release still ends
        return httpx2.Response(529, json={"type": "error", "error": {"type": "overloaded_error", "message": "busy"}})

    return ClaudeConfig(api_key="k", http_client=httpx2.Client(transport=httpx2.MockTransport(overloaded))), release


def test_a_second_turn_on_a_busy_session_is_refused_and_nothing_is_lost(engine_factory, media: Path) -> None:
    cfg, release = _held_claude()
    api = Api(engine_factory(claude=cfg).url)
    sid = api.session()
    _ref(api, sid, photo(media / "a.jpg"))
    release.set()
    api.say(sid, "make a slideshow")
    release.clear()
    slow = _start_turn(api, sid, "make it 12 seconds with upbeat music")  # held at the Claude API
    t0 = time.monotonic()
    second = api.post("/run_sse", json={"session_id": sid, "new_message": {"parts": [{"text": "black and white"}]}})
    assert second.status_code == 409 and "still running" in second.json()["message"]
    health = httpx.get(api.url + "/healthz", timeout=5)
    assert health.status_code == 200 and time.monotonic() - t0 < 5
    release.set()
    slow.read()
    slow.close()
    api.say(sid, "black and white")
    draft = api.state(sid)["state"]["draft"]
    assert draft["d"] == 12000 and draft["m"]["filter"] == "bw"  # both changes kept


def test_edits_at_once_per_user_are_bounded(engine_factory, media: Path) -> None:
    cfg, release = _held_claude()
    api = Api(engine_factory(limits=Limits(turns_per_user=1), claude=cfg).url)
    a, b = api.session(), api.session()
    for sid in (a, b):
        _ref(api, sid, photo(media / "a.jpg"))
    slow = _start_turn(api, a, "make a slideshow")  # held at the Claude API
    r = api.post("/run_sse", json={"session_id": b, "new_message": {"parts": [{"text": "make a slideshow"}]}})
    assert r.status_code == 429 and "wait" in r.json()["message"]
    release.set()
    slow.read()
    slow.close()


def test_new_client_ids_do_not_mint_unlimited_tokens(engine_factory) -> None:
    srv = engine_factory(limits=Limits(tokens_per_address_hour=3))
    for i in range(3):
        Api(srv.url, f"fresh-{i}")
    r = httpx.post(srv.url + "/api/auth/anonymous-token", headers={"X-Client-Id": "fresh-4"})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0


# --- renders: a time limit, and a fair queue -----------------------------------------------------
def _slideshow(api: Api, media: Path, seconds: int) -> tuple[str, dict]:
    sid = api.session()
    ref = _ref(api, sid, make_clip(media / f"VID_{seconds}.mp4", seconds=1, fps=30))["cdn_url"]
    return sid, {
        "t": [{"tt": 0, "sg": [{"src": ref, "kind": "video", "d": seconds * 1000}]}],
        "d": seconds * 1000,
        "m": {"width": 640, "height": 360, "fps": 30},
    }


def test_a_render_is_stopped_at_its_time_limit(engine_factory, media: Path) -> None:
    api = Api(engine_factory(limits=Limits(render_seconds=0.5)).url)
    sid, draft = _slideshow(api, media, 60)
    assert api.render(sid, "long", draft, quality="draft").status_code == 200
    job = api.wait("long")
    assert job["status"] == "failed" and "limit" in job["error"]


def test_one_users_many_renders_do_not_starve_another(engine_factory, media: Path) -> None:
    srv = engine_factory(workers=1)
    greedy, other = Api(srv.url, "greedy"), Api(srv.url, "other")
    sid, draft = _slideshow(greedy, media, 2)
    osid, odraft = _slideshow(other, media, 2)  # ready first: its upload must not race the greedy renders
    for i in range(4):
        assert greedy.render(sid, f"g{i}", draft).status_code == 200
    assert other.render(osid, "o", odraft).status_code == 200
    assert other.wait("o")["status"] == "completed"
    waiting = [greedy.poll(f"g{i}")["status"] for i in range(4)]
    assert waiting.count("completed") <= 2, waiting  # g0, g1, then the other user, then g2, g3


# --- a full disk ---------------------------------------------------------------------------------
@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 6 MB tmpfs as the engine's data folder (the tests run as root, as CI does)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(mnt)], check=True)
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def test_a_full_disk_answers_in_the_envelope_and_keeps_nothing_half_written(tiny_disk: Path, media: Path) -> None:
    from reelsmith.engine.service.app import Settings
    from reelsmith.engine.service.server import EngineServer

    with EngineServer(Settings(tiny_disk / "data")) as url:
        api = Api(url)
        sid = api.session()
        fill = tiny_disk / "filler"
        free = os.statvfs(tiny_disk).f_bavail * os.statvfs(tiny_disk).f_frsize
        fill.write_bytes(b"\0" * max(0, free - (1 << 20)))  # leave 1 MB
        big = photo(media / "big.png", (1500, 1100))  # about 3 MB of noise
        r = api.upload(sid, big)
        assert r.status_code == 507 and r.json()["code"] == 507 and "disk is full" in r.json()["message"]
        blobs = [f for f in (tiny_disk / "data" / "files").rglob("*") if f.is_file()]
        assert blobs == [], blobs  # no half-written file kept
        assert httpx.get(url + "/healthz").status_code == 200
        fill.unlink()
        assert api.upload(sid, big).status_code == 200  # space again: it works again


# --- scratch and caches do not grow without bound ------------------------------------------------
def test_renders_leave_no_scratch_and_caches_are_pruned(engine_factory, tmp_path: Path, media: Path) -> None:
    from reelsmith.engine.render.render import prune_cache

    api = Api(engine_factory().url)
    sid, draft = _slideshow(api, media, 2)
    draft["t"].append({"tt": 7, "sg": [{"text": "Summer Sale", "d": 2000}]})
    assert api.render(sid, "clean", draft).status_code == 200
    assert api.wait("clean")["status"] == "completed"
    jobs = tmp_path / "engine-data" / "work" / "jobs"
    assert jobs.is_dir() and not any(jobs.iterdir())  # text files, graphs and the sound mix are gone
    cache = tmp_path / "cache"
    cache.mkdir()
    now = time.time()
    for name, age_days, size in [("old", 9, 10), ("a", 1, 400), ("b", 2, 400), ("fresh", 0, 400)]:
        f = cache / name
        f.write_bytes(b"x" * size)
        os.utime(f, (now - age_days * 86400 - 3600, now - age_days * 86400 - 3600))
    os.utime(cache / "fresh")  # used just now: a render may still be reading it
    prune_cache(cache, max_bytes=900, max_days=7, in_use=600)
    assert sorted(f.name for f in cache.iterdir()) == ["a", "fresh"]  # too old, then least recently used


def test_the_music_cache_forgets_the_least_used_tracks_no_draft_names(tmp_path: Path) -> None:
    from reelsmith.engine.storage.store import Store

    store = Store(tmp_path / "db.sqlite3")
    store.add_session("s", "u", "t", "n", "en")
    for key, sha in (("calm:1", "a" * 64), ("calm:2", "b" * 64), ("calm:3", "c" * 64)):
        store.cache_music(key, sha, 100)
    store.add_draft("s", {"t": [{"tt": 1, "sg": [{"src": f"/files/{'a' * 64}/calm.wav"}]}]}, "edit")
    store.music_cached("calm:3")  # the latest use
    gone = store.prune_music(max_bytes=100)
    assert gone == ["b" * 64]  # "a" is evicted from the cache but a draft still names its file
    assert store.music_cached("calm:1") is None and store.music_cached("calm:3") == "c" * 64
