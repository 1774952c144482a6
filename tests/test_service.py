"""The engine's HTTP service, driven over a real loopback socket with httpx and httpx-sse: tokens and
credits, edit turns over SSE, undo, isolation between users. Uploads and renders have files of their own."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from .api import Api
from .media import photo


def test_anonymous_token_rules(engine) -> None:
    http = httpx.Client(base_url=engine.url)
    r = http.post("/api/auth/anonymous-token")
    assert r.status_code == 400 and r.json()["code"] == 400 and "X-Client-Id" in r.json()["message"]
    r = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c1"})
    data = r.json()["data"]
    assert r.json()["code"] == 0 and data["user_id"].startswith("anon_") and data["expires_at"]
    # one token per client id per window
    r2 = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c1"})
    assert r2.status_code == 429 and r2.json()["code"] == 429 and int(r2.headers["retry-after"]) > 0
    ok = http.get("/api/credits/balance/simple", headers={"Authorization": f"Bearer {data['token']}"})
    assert ok.json()["code"] == 0
    for bad in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        r = http.get("/api/credits/balance/simple", headers=bad)
        assert r.status_code == 401 and r.json()["code"] == 1001


def test_expired_token_is_1001_and_the_same_client_gets_a_new_one(engine_factory) -> None:
    srv = engine_factory(token_ttl=-1)  # every token is born expired
    http = httpx.Client(base_url=srv.url)
    tok = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c"}).json()["data"]
    r = http.post("/api/tasks/me/with-session/nemo_agent", json={}, headers={"Authorization": f"Bearer {tok['token']}"})
    assert r.status_code == 401 and r.json()["code"] == 1001
    again = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": "c"}).json()["data"]
    assert again["user_id"] == tok["user_id"] and again["token"] != tok["token"]


def test_tokens_are_stored_hashed(engine, tmp_path: Path) -> None:
    api = Api(engine.url)
    db = (tmp_path / "engine-data" / "engine.sqlite3").read_bytes()
    wal = tmp_path / "engine-data" / "engine.sqlite3-wal"
    raw = db + (wal.read_bytes() if wal.exists() else b"")
    assert api.token.encode() not in raw


def test_credits_are_a_real_quota_charged_per_edit(engine_factory, media: Path) -> None:
    api = Api(engine_factory(credits=1).url)
    assert api.get("/api/credits/balance/simple").json()["data"] == {
        "available": 1,
        "frozen": 0,
        "total": 1,
        "used": 0,
        "unlimited": False,
    }
    sid = api.session()
    api.upload(sid, photo(media / "a.jpg"), photo(media / "b.jpg", seed=1))
    api.say(sid, "a 6 second slideshow, no music")
    assert api.get("/api/credits/balance/simple").json()["data"]["available"] == 0
    r = api.post("/run_sse", json={"session_id": sid, "new_message": {"parts": [{"text": "make it vertical"}]}})
    assert r.status_code == 403 and r.json()["code"] == 2001
    assert api.state(sid)["version"] == 1  # nothing changed, nothing charged twice


def test_unlimited_credits_by_default(engine) -> None:
    d = Api(engine.url).get("/api/credits/balance/simple").json()["data"]
    assert d["unlimited"] is True and d["available"] is None


def test_run_sse_streams_adk_events(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    api.upload(sid, *(photo(media / f"{i}.jpg", seed=i) for i in range(3)))
    events = api.say(sid, 'turn these into a 12-second promo with music, title "Summer Sale"')
    assert events[0] is None  # the turn opens with a heartbeat
    real = [e for e in events if e is not None]
    assert all(e["invocationId"] == real[0]["invocationId"] and e["author"] == "nemo_agent" for e in real)
    calls = [p["functionCall"] for e in real for p in e["content"]["parts"] if "functionCall" in p]
    results = [p["functionResponse"] for e in real for p in e["content"]["parts"] if "functionResponse" in p]
    assert [c["name"] for c in calls][:3] == ["build", "set_duration", "set_text"]
    assert [r["id"] for r in results] == [c["id"] for c in calls] and all(r["response"]["ok"] for r in results)
    assert calls[1]["args"] == {"seconds": 12.0} and results[1]["response"]["change"].endswith("→ 12s")
    texts = [e for e in real if "text" in e["content"]["parts"][0]]
    partial, final = [e for e in texts if e.get("partial")], texts[-1]
    assert len(partial) >= 2 and final["partial"] is False and final["turnComplete"] is True
    assert "".join(e["content"]["parts"][0]["text"] for e in partial) == final["content"]["parts"][0]["text"]
    assert 'Title: "Summer Sale"' in final["content"]["parts"][0]["text"]
    st = api.state(sid)
    assert st["version"] == 1 and st["state"]["draft"]["d"] == 12000
    assert [g["kind"] for g in st["state"]["generated_media"]] == ["music"]


def test_generated_music_is_made_by_its_first_reader(engine_factory, tmp_path: Path, media: Path) -> None:
    import io
    import wave

    api = Api(engine_factory().url)
    sid = api.session()
    api.upload(sid, photo(media / "a.jpg"))
    api.say(sid, "a 12 second slideshow with calm music")
    link = api.state(sid)["state"]["generated_media"][0]["cdn_url"]  # a signed link
    ref = link.split("?")[0]
    sha = ref.split("/files/")[1].split("/")[0]
    stored = tmp_path / "engine-data" / "files" / sha[:2] / sha[2:]
    assert not stored.exists()  # the edit only named it: it answered without making 12 s of music
    stranger = Api(api.url, client_id="someone-else")
    assert stranger.get(ref).status_code == 404 and not stored.exists()  # a stranger cannot make it either
    r = api.get(ref)  # the owner, by token
    assert r.status_code == 200 and stored.exists()
    with wave.open(io.BytesIO(r.content)) as w:
        assert w.getnframes() / w.getframerate() == pytest.approx(12.0, abs=0.05)
    stored.unlink()  # the render makes it as well, for a draft whose track was never downloaded
    assert api.render(sid, "with-music").status_code == 200
    assert api.wait("with-music")["status"] == "completed" and stored.exists()


def test_run_sse_heartbeats_while_the_edit_works(engine_factory, media: Path) -> None:
    import httpx2

    from reelsmith.engine.edit.claude import ClaudeConfig

    def overloaded(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(529, json={"type": "error", "error": {"type": "overloaded_error", "message": "busy"}})

    # a Claude API that answers "overloaded": the SDK waits and retries once before the editor falls
    # back, a slow edit without any waiting in this test
    cfg = ClaudeConfig(api_key="k", http_client=httpx2.Client(transport=httpx2.MockTransport(overloaded)))
    api = Api(engine_factory(heartbeat=0.001, claude=cfg).url)
    sid = api.session()
    api.upload(sid, photo(media / "a.jpg"))
    events = api.say(sid, "a 40 second calm slideshow")
    first_real = next(i for i, e in enumerate(events) if e is not None)
    assert first_real >= 2 and all(e is None for e in events[:first_real])
    last = events[-1]
    assert last is not None and "offline editor" in last["content"]["parts"][0]["text"]


def test_iterative_turns_and_undo(engine, media: Path) -> None:
    api = Api(engine.url)
    sid = api.session()
    api.upload(sid, *(photo(media / f"{i}.jpg", seed=i) for i in range(2)))
    api.say(sid, "a 10 second slideshow")
    api.say(sid, "make it vertical for Reels")
    d = api.state(sid)["state"]["draft"]
    assert (d["m"]["width"], d["m"]["height"], d["d"]) == (1080, 1920, 10000)
    events = api.say(sid, "undo")
    assert [p["functionCall"]["name"] for e in events if e for p in e["content"]["parts"] if "functionCall" in p] == [
        "undo"
    ]
    st = api.state(sid)
    assert st["version"] == 3 and st["state"]["draft"]["m"]["width"] == 1920
    hist = api.get(f"/api/state/nemo_agent/me/{sid}/history").json()["data"]["versions"]
    assert [h["version"] for h in hist] == [1, 2, 3] and hist[2]["note"].startswith("undo")


def test_a_turn_without_uploads_answers_and_changes_nothing(engine) -> None:
    api = Api(engine.url)
    sid = api.session(language="zh")
    events = api.say(sid, "做一个30秒的视频")
    last = events[-1]
    assert last is not None and "上传" in last["content"]["parts"][0]["text"]
    assert api.state(sid)["version"] == 0


def test_isolation_between_tokens(engine, media: Path) -> None:
    a, b = Api(engine.url, "client-a"), Api(engine.url, "client-b")
    sid = a.session()
    a.upload(sid, photo(media / "a.jpg"))
    a.say(sid, "a 3 second slideshow")
    draft = a.state(sid)["state"]["draft"]
    a.render(sid, "render_a")
    for r in (
        b.get(f"/api/state/nemo_agent/me/{sid}/latest"),
        b.upload(sid, photo(media / "b.jpg")),
        b.post("/run_sse", json={"session_id": sid, "new_message": {"parts": [{"text": "hi"}]}}),
        b.render(sid, "render_b", draft=draft),
    ):
        assert r.status_code == 404 and r.json()["code"] == 1002, r.text
    for r in (
        b.get("/api/render/proxy/lambda/render_a"),
        b.get("/api/render/proxy/render_a/download"),
        b.post("/api/render/proxy/lambda/render_a/cancel"),
    ):
        assert r.status_code == 404
    # b cannot render a's files from b's own session either
    r = b.render(b.session(), "render_b", draft=draft)
    assert r.status_code == 422 and "upload it first" in r.json()["message"]
    assert a.wait("render_a")["status"] == "completed"
