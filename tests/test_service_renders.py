"""The engine's render endpoints over a real loopback socket: the lifecycle, held polls, refusals,
cancelling, and renders side by side."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from reelsmith.engine.media.probe import probe

from .api import ATTRIBUTION, Api
from .media import photo


def test_render_lifecycle(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    api.upload(sid, photo(media / "a.jpg"), photo(media / "b.jpg", seed=1))
    api.say(sid, "a 4 second slideshow with music")
    r = api.render(sid, "render_1")
    assert r.json() == {
        "success": True,
        "data": {"id": "render_1", "status": "pending", "progress": 0, "sessionId": sid},
    }
    job = api.wait("render_1")
    assert job["status"] == "completed" and job["progress"] == 100
    body = httpx.get(job["outputUrl"]).content
    dl = api.get("/api/render/proxy/render_1/download")
    assert dl.headers["content-type"] == "video/mp4" and dl.content == body
    out = media / "out.mp4"
    out.write_bytes(body)
    info = probe(out)
    assert info.duration == pytest.approx(4.0, abs=0.1) and info.has_audio
    # a retried submit with the same id is the same job, not a second render
    assert api.render(sid, "render_1").json()["data"]["status"] == "completed"


def test_a_held_poll_answers_when_the_status_changes(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    api.upload(sid, photo(media / "a.jpg"))
    api.say(sid, "a 3 second slideshow")
    api.render(sid, "held")
    path = "/api/render/proxy/lambda/held"
    seen = api.poll("held")["status"]
    while seen != "completed":
        # held while the status is the one seen; the render takes far less than the 5 s cap, so every
        # answer but the cap's brings a new status
        job = api.get(path, params={"status": seen, "wait": 5}).json()["data"]
        assert job["status"] != seen, job
        seen = job["status"]
    assert api.get(path, params={"status": "completed", "wait": 1}).status_code == 422  # only unfinished ones
    assert api.get(path, params={"status": "pending", "wait": 60}).status_code == 422  # capped at 5 s


def test_render_refusals(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    api.upload(sid, photo(media / "a.jpg"))
    api.say(sid, "a 3 second slideshow")
    draft = api.state(sid)["state"]["draft"]
    body = {"id": "render_x", "sessionId": sid, "draft": draft, "output": {"format": "mp4", "quality": "high"}}
    no_attr = {"Authorization": f"Bearer {api.token}"}
    r = api.http.post("/api/render/proxy/lambda", json=body, headers=no_attr)
    assert r.status_code == 402 and r.json()["code"] == 402 and r.json()["success"] is False
    r = api.post("/api/render/proxy/lambda", json={**body, "draft": {"t": [{"tt": 0, "sg": []}]}})
    assert r.status_code == 422 and "no segments" in r.json()["message"]
    bad = {**draft, "t": [{**draft["t"][0], "sg": [{**draft["t"][0]["sg"][0], "d": -5}]}]}
    r = api.post("/api/render/proxy/lambda", json={**body, "draft": bad})
    assert r.status_code == 422 and "segment 1" in r.json()["message"]
    r = api.post("/api/render/proxy/lambda", json={**body, "output": {"format": "mp4", "quality": "ultra"}})
    assert r.status_code == 422 and "quality" in r.json()["message"]
    stranger = {**draft, "t": [{**draft["t"][0], "sg": [{**draft["t"][0]["sg"][0], "src": "/etc/passwd"}]}]}
    r = api.post("/api/render/proxy/lambda", json={**body, "draft": stranger})
    assert r.status_code == 422 and "upload it first" in r.json()["message"]
    r = api.get("/api/render/proxy/lambda/render_nope")
    assert r.status_code == 404 and r.json()["success"] is False
    # attribution was recorded per request (read from the engine's own records)
    eng = engine.server.config.app.state.engine
    rows = [x for x in eng.store.requests_log(api.user_id) if x["path"] == "/api/render/proxy/lambda"]
    assert rows[-1]["source"] == ATTRIBUTION["X-Skill-Source"] and rows[-1]["platform"] == "unknown"
    assert rows[0]["source"] is None  # the refused one, sent without


def _slideshow(url: str, media: Path, seconds: int) -> tuple[Api, str, dict]:
    """A session on the engine at `url` with three photos and a slideshow of `seconds`: (api, session, draft)."""
    api = Api(url)
    sid = api.session()
    api.upload(sid, *(photo(media / f"{i}.jpg", seed=i) for i in range(3)))
    api.say(sid, f"a {seconds} second slideshow with music")
    return api, sid, api.state(sid)["state"]["draft"]


def test_cancel_pending_and_running(engine_factory, media: Path) -> None:
    api, sid, draft = _slideshow(engine_factory(workers=1).url, media, 60)
    api.render(sid, "render_long", draft=draft, quality="best")
    api.render(sid, "render_queued", draft=draft)
    assert api.post("/api/render/proxy/lambda/render_queued/cancel").json()["data"]["status"] == "failed"
    api.wait("render_long", until=("processing",))
    api.post("/api/render/proxy/lambda/render_long/cancel")
    job = api.wait("render_long")
    assert job["status"] == "failed" and job["error"] == "cancelled" and "outputUrl" not in job
    r = api.get("/api/render/proxy/render_long/download")
    assert r.status_code == 409


@pytest.mark.slow  # two 20 s renders side by side
def test_concurrent_renders(engine_factory, media: Path) -> None:
    api, sid, draft = _slideshow(engine_factory(workers=2).url, media, 20)
    api.render(sid, "render_1", draft=draft, quality="draft")
    api.render(sid, "render_2", draft=draft, quality="draft")
    seen_together = False
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:  # each poll is a real request; the renders pace the loop
        s1, s2 = api.poll("render_1")["status"], api.poll("render_2")["status"]
        seen_together |= s1 == s2 == "processing"
        if s1 in ("completed", "failed") and s2 in ("completed", "failed"):
            break
    else:
        raise AssertionError(f"renders stuck: {s1}, {s2}")
    assert seen_together and s1 == s2 == "completed"
    urls = [api.poll(r)["outputUrl"] for r in ("render_1", "render_2")]
    assert urls[0].rsplit("/", 1)[0] == urls[1].rsplit("/", 1)[0]  # same draft, same bytes, stored once
