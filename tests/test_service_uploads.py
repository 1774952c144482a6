"""The engine's upload endpoints over a real loopback socket: every accepted type, the type checked by
content, size limits per skill, safe file names, uploads by URL."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import httpx
import pytest
from PIL import Image

from .api import Api
from .media import ff, make_clip, photo


def _each_type(media: Path) -> list[Path]:
    src = make_clip(media / "src.mp4", seconds=1.0)
    out = [src]
    for ext, args in {
        "mov": [],
        "mkv": [],
        "avi": ["-c:v", "mpeg4", "-c:a", "mp3"],
        "webm": ["-c:v", "libvpx", "-b:v", "200k", "-c:a", "libvorbis"],
    }.items():
        ff("-y", "-i", str(src), *args, str(media / f"clip.{ext}"))
        out.append(media / f"clip.{ext}")
    for ext in ("mp3", "wav", "m4a", "aac"):
        ff("-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", str(media / f"tone.{ext}"))
        out.append(media / f"tone.{ext}")
    img = Image.open(photo(media / "p.jpg"))
    out.append(media / "p.jpg")
    for ext in ("png", "gif", "webp"):
        img.save(media / f"p.{ext}")
        out.append(media / f"p.{ext}")
    from pillow_heif import from_pillow

    from_pillow(img).save(media / "p.heic")
    out.append(media / "p.heic")
    return out


def test_upload_of_each_accepted_type(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    paths = _each_type(media)
    r = api.upload(sid, *paths)
    assert r.status_code == 200, r.text
    files = r.json()["data"]["files"]
    assert [f["filename"] for f in files] == [p.name for p in paths]
    kinds = {f["filename"].rsplit(".", 1)[1]: f["file_type"] for f in files}
    assert kinds == {
        "mp4": "video",
        "mov": "video",
        "mkv": "video",
        "avi": "video",
        "webm": "video",
        "mp3": "audio",
        "wav": "audio",
        "m4a": "audio",
        "aac": "audio",
        "jpg": "image",
        "png": "image",
        "gif": "image",
        "webp": "image",
        "heic": "image",
    }
    for f in files:
        assert set(f) >= {"filename", "file_type", "cdn_url", "duration", "width", "height", "fps", "hash"}
        if f["file_type"] != "image":
            assert f["duration"] == pytest.approx(1.0, abs=0.1)
        if f["file_type"] != "audio":
            assert (f["width"], f["height"]) in ((320, 240), (640, 480))
    # what was uploaded is in the session state, and its cdn_url serves the same bytes
    infos = api.state(sid)["state"]["video_infos"]
    assert [i["hash"] for i in infos] == [f["hash"] for f in files]
    assert httpx.get(files[0]["cdn_url"]).content == paths[0].read_bytes()


def test_type_is_checked_by_content_not_name(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    fake = media / "holiday.jpg"
    fake.write_text("this is a text file wearing a .jpg name")
    r = api.upload(sid, fake)
    assert r.status_code == 415 and r.json()["code"] == 4001
    assert r.json()["message"].startswith("holiday.jpg: ") and "content" in r.json()["message"]
    # a real JPEG named .png is accepted as the image it is
    real = photo(media / "x.jpg")
    named = media / "renamed.png"
    named.write_bytes(real.read_bytes())
    assert api.upload(sid, named).json()["data"]["files"][0]["file_type"] == "image"
    assert len(api.state(sid)["state"]["video_infos"]) == 1


def test_size_limits_follow_the_skill(engine_factory, media: Path) -> None:
    from reelsmith.engine.storage.ingest import MB

    api = Api(engine_factory(size_limits={"photo-video-maker-easy": MB, "ai-video-maker-ai": 3 * MB}).url)
    sid = api.session()
    big = photo(media / "big.png", size=(1200, 900))  # noise makes a PNG of a couple of MB
    assert MB < big.stat().st_size < 3 * MB
    r = api.upload(sid, big, headers={"X-Skill-Source": "photo-video-maker-easy"})
    assert r.status_code == 413 and r.json()["code"] == 4002 and "1 MB" in r.json()["message"]
    assert api.upload(sid, big, headers={"X-Skill-Source": "ai-video-maker-ai"}).status_code == 200


def test_filenames_are_sanitised_and_never_overwrite(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    data = photo(media / "a.jpg").read_bytes()
    files = [
        ("files", ("../../etc/passwd.jpg", data)),
        ("files", ("..\\..\\x.jpg", data)),
        ("files", ("passwd.jpg", data)),
        ("files", (".hidden.jpg", data)),
    ]
    r = api.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files)
    assert [f["filename"] for f in r.json()["data"]["files"]] == ["passwd.jpg", "x.jpg", "passwd-2.jpg", "hidden.jpg"]


def test_upload_by_url_with_limits(engine_factory, media: Path) -> None:
    # an engine on a trusted LAN may fetch from loopback (by default it may not: tests/security/test_ssrf.py)
    srv = engine_factory(url_timeout=1.0, allow_private_urls=True)
    api = Api(srv.url)
    a, b = api.session(), api.session()
    cdn = api.upload(a, photo(media / "beach.jpg")).json()["data"]["files"][0]["cdn_url"]
    r = api.post(f"/api/upload-video/nemo_agent/me/{b}", json={"urls": [cdn], "source_type": "url"})
    assert r.status_code == 200 and r.json()["data"]["files"][0]["filename"] == "beach.jpg"
    r = api.post(f"/api/upload-video/nemo_agent/me/{b}", json={"urls": ["file:///etc/passwd"], "source_type": "url"})
    assert r.status_code == 422 and "only http:// and https://" in r.json()["message"]
    # a 404 and a server that accepts and never answers get the same answer (no hint of what is there)
    r = api.post(
        f"/api/upload-video/nemo_agent/me/{b}",
        json={"urls": [srv.url + "/files/" + "0" * 64 + "/x.jpg"], "source_type": "url"},
    )
    could_not = (
        ": could not download that URL; check that it is a public http(s) link to the file, or upload the file itself"
    )
    assert r.status_code == 422 and r.json()["message"] == "x.jpg" + could_not
    silent = socket.create_server(("127.0.0.1", 0))
    silent.settimeout(10)
    held: list[socket.socket] = []
    accepter = threading.Thread(target=lambda: held.append(silent.accept()[0]), daemon=True)
    accepter.start()
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/slow.jpg"
    start = time.monotonic()
    r = api.post(f"/api/upload-video/nemo_agent/me/{b}", json={"urls": [url], "source_type": "url"})
    assert r.status_code == 422 and r.json()["message"] == "slow.jpg" + could_not
    assert time.monotonic() - start < 5  # the engine gave up at its 1 s limit
    accepter.join(timeout=10)
    assert len(held) == 1  # it had connected: the time limit, not a refusal, ended the fetch
    held[0].close()
    silent.close()
    assert len(api.state(b)["state"]["video_infos"]) == 1
