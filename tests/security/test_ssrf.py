"""URL uploads through the real service cannot be turned against the engine's own network (SSRF).

Attacks go through the service over loopback with default settings, or with an engine allowed to
fetch from loopback where a slow or endless answer must be cut off. The fetch's own rules (redirects,
pinning, the address classes) are in test_fetch_guard.py.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from tests.api import Api
from tests.media import photo

from .loopback import (
    ANSWER,
    Connects,
    Listener,
    answer,
    endless,
    fetch,
    not_http,
    silent,
    trickle,
)

SOURCE = "ai-video-maker-ai"  # the X-Skill-Source the test Api sends, so the size limit tests set


def upload_url(api: Api, sid: str, url: str):
    return api.post(f"/api/upload-video/nemo_agent/me/{sid}", json={"urls": [url], "source_type": "url"})


def refused(r) -> bool:
    return r.status_code == 422 and r.json()["code"] == 422 and r.json()["message"].endswith(": " + ANSWER)


# --- through the service, default settings ------------------------------------------------------
LOOPBACK_FORMS = [
    "http://127.0.0.1:{port}/x.jpg",
    "http://localhost:{port}/",
    "http://0.0.0.0:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://127.1:{port}/",
    "http://[::1]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "https://127.0.0.1:{port}/x.jpg",
]


def test_loopback_in_any_spelling_is_refused_unconnected(
    engine,
    listener: Listener,
    connects: Connects,
) -> None:
    api = Api(engine.url)
    sid = api.session()
    for form in LOOPBACK_FORMS:
        url = form.format(port=listener.port)
        r = upload_url(api, sid, url)
        assert refused(r), (url, r.text)
        assert not listener.connected(), url
    assert connects.by_engine() == []
    assert api.state(sid)["state"]["video_infos"] == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/x.jpg",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://[fc00::1]/",
    ],
)
def test_private_addresses_are_refused_before_any_connection(
    engine,
    url: str,
    connects: Connects,
) -> None:
    api = Api(engine.url)
    sid = api.session()
    start = time.monotonic()
    r = upload_url(api, sid, url)
    assert refused(r), r.text
    assert time.monotonic() - start < 2
    assert connects.by_engine() == []


def test_open_and_closed_ports_answer_alike(engine, listener: Listener) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    api = Api(engine.url)
    sid = api.session()
    for path in ("/x.jpg", "/"):
        a = upload_url(api, sid, f"http://127.0.0.1:{listener.port}{path}")
        b = upload_url(api, sid, f"http://127.0.0.1:{closed_port}{path}")
        assert refused(a) and a.content == b.content


def test_the_engines_own_files_cannot_be_taken_by_url(engine, media: Path, connects: Connects) -> None:
    owner, thief = Api(engine.url, client_id="owner"), Api(engine.url, client_id="thief")
    assert owner.user_id != thief.user_id
    cdn = owner.upload(owner.session(), photo(media / "private.jpg")).json()["data"]["files"][0]["cdn_url"]
    sid = thief.session()
    r = upload_url(thief, sid, cdn)
    assert refused(r) and r.json()["message"].startswith("private.jpg: "), r.text
    assert thief.state(sid)["state"]["video_infos"] == []
    assert connects.by_engine() == []


# --- through the service, an engine allowed to fetch from loopback --------------------------------
def test_a_trickle_is_cut_off_at_the_whole_fetch_deadline(
    engine_factory,
    servers,
    connects: Connects,
) -> None:
    api = Api(engine_factory(url_timeout=1.0, allow_private_urls=True).url)
    sid = api.session()
    srv = servers(trickle)
    start = time.monotonic()
    r = upload_url(api, sid, f"http://127.0.0.1:{srv.port}/slow.jpg")
    took = time.monotonic() - start
    assert refused(r) and r.json()["message"].startswith("slow.jpg: "), r.text
    assert 0.9 < took < 3, took
    assert connects.by_engine() == [("127.0.0.1", srv.port)]  # the recorder sees what the engine connects to


def test_the_listener_sees_a_connection(tmp_path: Path, listener: Listener) -> None:
    """The probe the refusal tests rely on: a fetch allowed to reach the listener is seen."""
    assert fetch(tmp_path, f"http://127.0.0.1:{listener.port}/x.jpg", 0.5, allow_private=True) == "x.jpg: " + ANSWER
    assert listener.connected()


def test_a_body_past_the_limit_is_refused_while_streaming(engine_factory, servers) -> None:
    api = Api(engine_factory(allow_private_urls=True, size_limits={SOURCE: 256 * 1024}).url)
    sid = api.session()
    start = time.monotonic()
    r = upload_url(api, sid, f"http://127.0.0.1:{servers(endless).port}/big.jpg")
    assert r.status_code == 413 and r.json()["code"] == 4002, r.text
    assert "0.25 MB limit" in r.json()["message"] and time.monotonic() - start < 10
    # a declared length past the limit is refused before the body is read
    declared = servers(answer("200 OK", {"Content-Length": str(10 * 1024 * 1024)}))
    r = upload_url(api, sid, f"http://127.0.0.1:{declared.port}/big.jpg")
    assert r.status_code == 413 and r.json()["code"] == 4002, r.text
    assert api.state(sid)["state"]["video_infos"] == []


def test_every_failure_reads_the_same(engine_factory, servers) -> None:
    """Closed port, HTTP error, something that is not HTTP, silence past the deadline: one answer."""
    api = Api(engine_factory(url_timeout=1.0, allow_private_urls=True).url)
    sid = api.session()
    closed = socket.create_server(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    ports = [closed_port] + [
        servers(h).port
        for h in (answer("404 Not Found"), answer("500 Oops"), answer("401 Unauthorized"), not_http, silent)
    ]
    bodies = {upload_url(api, sid, f"http://127.0.0.1:{p}/x.jpg").content for p in ports}
    assert len(bodies) == 1
    assert refused(upload_url(api, sid, f"http://127.0.0.1:{closed_port}/x.jpg"))
