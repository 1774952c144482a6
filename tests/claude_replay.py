"""Replays recorded Anthropic Messages API responses at the httpx transport level.

Claude cannot be reached from CI, so tests hand the anthropic SDK an httpx
client whose transport answers from tests/recordings/*.json in order, and keeps
every request body so a test can check what the model was sent.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx2 as httpx  # the anthropic SDK (2.x) runs on httpx2, whose API is httpx's

RECORDINGS = Path(__file__).parent / "recordings"


class Claude:
    def __init__(self, name: str | None = None, responses: list[dict[str, Any]] | None = None) -> None:
        self.responses = list(responses or json.loads((RECORDINGS / f"{name}.json").read_text())["responses"])
        self.requests: list[dict[str, Any]] = []
        self.headers: list[httpx.Headers] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/messages", request.url
        self.requests.append(json.loads(request.content))
        self.headers.append(request.headers)
        if not self.responses:
            return httpx.Response(500, json={"type": "error", "error": {"type": "api_error",
                                                                        "message": "no more recorded responses"}})
        r = self.responses.pop(0)
        return httpx.Response(r.get("status", 200), json=r["body"], headers={"request-id": "req_replay"})

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))

    def async_client(self) -> httpx.AsyncClient:
        async def handle(request: httpx.Request) -> httpx.Response:
            await request.aread()
            return self.handler(request)
        return httpx.AsyncClient(transport=httpx.MockTransport(handle))
