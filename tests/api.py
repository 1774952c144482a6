"""Raw protocol calls, for testing the engine's service itself (the skill client has its own tests)."""

from __future__ import annotations

from pathlib import Path

ATTRIBUTION = {"X-Skill-Source": "ai-video-maker-ai", "X-Skill-Version": "1.0.0", "X-Skill-Platform": "unknown"}


class Api:
    """Raw protocol calls, for testing the service itself (the skill client has its own tests)."""

    def __init__(self, url: str, client_id: str = "test-client", token: str | None = None) -> None:
        import httpx

        self.url = url
        self.http = httpx.Client(base_url=url, timeout=60)
        if token is None:
            r = self.http.post("/api/auth/anonymous-token", headers={"X-Client-Id": client_id})
            assert r.status_code == 200, r.text
            token, self.user_id = r.json()["data"]["token"], r.json()["data"]["user_id"]
        self.token = token
        self.h = {"Authorization": f"Bearer {self.token}", **ATTRIBUTION}

    def get(self, path: str, **kw):
        return self.http.get(path, headers={**self.h, **kw.pop("headers", {})}, **kw)

    def post(self, path: str, **kw):
        return self.http.post(path, headers={**self.h, **kw.pop("headers", {})}, **kw)

    def session(self, language: str = "en") -> str:
        r = self.post("/api/tasks/me/with-session/nemo_agent", json={"task_name": "t", "language": language})
        return r.json()["data"]["session_id"]

    def upload(self, sid: str, *paths: Path, **kw):
        files = [("files", (p.name, p.read_bytes())) for p in paths]
        return self.post(f"/api/upload-video/nemo_agent/me/{sid}", files=files, **kw)

    def say(self, sid: str, text: str) -> list[dict | None]:
        """The turn's events in order; None stands for a heartbeat (an empty data line)."""
        import json

        from httpx_sse import connect_sse

        body = {
            "app_name": "nemo_agent",
            "user_id": "me",
            "session_id": sid,
            "new_message": {"role": "user", "parts": [{"text": text}]},
            "streaming": True,
        }
        events: list[dict | None] = []
        with connect_sse(self.http, "POST", "/run_sse", json=body, headers=self.h) as es:
            es.response.raise_for_status()
            for sse in es.iter_sse():
                events.append(json.loads(sse.data) if sse.data.strip() else None)
        return events

    def state(self, sid: str) -> dict:
        return self.get(f"/api/state/nemo_agent/me/{sid}/latest").json()["data"]

    def render(self, sid: str, rid: str, draft: dict | None = None, quality: str = "preview"):
        draft = draft if draft is not None else self.state(sid)["state"]["draft"]
        return self.post(
            "/api/render/proxy/lambda",
            json={"id": rid, "sessionId": sid, "draft": draft, "output": {"format": "mp4", "quality": quality}},
        )

    def poll(self, rid: str) -> dict:
        return self.get(f"/api/render/proxy/lambda/{rid}").json()["data"]

    def wait(self, rid: str, until: tuple[str, ...] = ("completed", "failed")) -> dict:
        """The job once it reaches one of `until`: each poll is held by the engine until the status
        changes (`status` + `wait`), so the test waits on the job itself, never on a timer."""
        import time

        deadline = time.monotonic() + 300
        seen: str | None = None
        while time.monotonic() < deadline:
            held = {"status": seen, "wait": 5} if seen in ("pending", "processing") else {}
            job = self.get(f"/api/render/proxy/lambda/{rid}", params=held).json()["data"]
            if job["status"] in until:
                return job
            seen = job["status"]
        raise AssertionError(f"render {rid} stuck: {job}")
