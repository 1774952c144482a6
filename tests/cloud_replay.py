"""A replayed NemoVideo cloud: recorded answers served at the httpx transport level.

Each route has a queue of answers (the last one repeats); every request is kept, so
tests can check what was sent, and how often.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx

REC = json.loads((Path(__file__).parent / "recordings" / "nemovideo.json").read_text())
BASE = "https://mega-api-prod.nemovideo.ai"
MP4 = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4000  # a stand-in body for the CDN's MP4 bytes


class _Stream(httpx.AsyncByteStream):
    def __init__(self, events: list[str], drop: bool) -> None:
        self.events, self.drop = events, drop

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for data in self.events:
            yield f"data: {data}\n\n".encode()
        if self.drop:
            raise httpx.ReadError("connection reset by peer")


def answer(name_or_status: Any = None, body: Any = None) -> dict[str, Any]:
    if isinstance(name_or_status, str):
        return {
            "status": 200 if not name_or_status.startswith("err_") else _status(name_or_status),
            "json": REC[name_or_status],
        }
    return {"status": name_or_status, "json": body}


def sse(name: str | list[str], drop: bool = False) -> dict[str, Any]:
    return {"sse": REC[name] if isinstance(name, str) else name, "drop": drop}


def _status(name: str) -> int:
    return {"err_1001": 401, "err_402": 402, "err_429": 429, "err_400": 400}.get(name, 200)


class Cloud:
    ROUTES = {
        "token": ("POST", r"/api/auth/anonymous-token$"),
        "session": ("POST", r"/api/tasks/me/with-session/nemo_agent$"),
        "upload": ("POST", r"/api/upload-video/nemo_agent/me/[^/]+$"),
        "state": ("GET", r"/api/state/nemo_agent/me/[^/]+/latest$"),
        "credits": ("GET", r"/api/credits/balance/simple$"),
        "run": ("POST", r"/run_sse$"),
        "render": ("POST", r"/api/render/proxy/lambda$"),
        "poll": ("GET", r"/api/render/proxy/lambda/[^/]+$"),
        "download": ("GET", r"/api/render/proxy/[^/]+/download$"),
        "cdn": ("GET", r"^/out/"),
    }

    def __init__(self) -> None:
        self.queues: dict[str, list[dict[str, Any]]] = {
            "token": [answer("token"), answer("token2")],
            "session": [answer("session"), answer("session2")],
            "upload": [answer("upload_files")],
            "state": [answer("state_v1")],
            "credits": [answer("credits")],
            "run": [sse("stream_adk")],
            "render": [answer("render_start")],
            "poll": [answer("poll_processing"), answer("poll_completed_data")],
            "download": [{"status": 200, "bytes": MP4}],
            "cdn": [{"status": 200, "bytes": MP4}],
        }
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self.handle)

    def set(self, route: str, *answers: dict[str, Any]) -> None:
        self.queues[route] = list(answers)

    def sent(self, route: str) -> list[httpx.Request]:
        method, pattern = self.ROUTES[route]
        return [r for r in self.requests if r.method == method and re.search(pattern, r.url.path)]

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for route, (method, pattern) in self.ROUTES.items():
            if request.method == method and re.search(pattern, request.url.path):
                q = self.queues[route]
                a = q.pop(0) if len(q) > 1 else q[0]
                if "sse" in a:
                    return httpx.Response(
                        200, headers={"content-type": "text/event-stream"}, stream=_Stream(a["sse"], a["drop"])
                    )
                if "bytes" in a:
                    return httpx.Response(a["status"], content=a["bytes"], headers={"content-type": "video/mp4"})
                return httpx.Response(a["status"], json=a["json"])
        return httpx.Response(404, json={"code": 404, "message": "no such route"})


def backend():
    """The cloud backend, polled without the real 30 s first pause: the replay answers at once."""
    from reelsmith.skill import backends

    b = backends.cloud()
    b.poll_interval = b.poll_max = 0.0
    return b
