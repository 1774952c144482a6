"""Replays recorded Anthropic Messages API responses at the httpx transport level.

Claude cannot be reached from CI, so tests hand the anthropic SDK an httpx
client whose transport answers from tests/recordings/*.json in order, and keeps
every request body so a test can check what the model was sent. A response
`{"raise": "connect"}` stands for an API that cannot be reached.
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
            return httpx.Response(
                500, json={"type": "error", "error": {"type": "api_error", "message": "no more recorded responses"}}
            )
        r = self.responses.pop(0)
        if r.get("raise") == "connect":  # the API unreachable: what httpx raises when nothing answers
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if self.requests[-1].get("stream") and r.get("status", 200) == 200:
            return httpx.Response(
                200,
                content=to_sse(r["body"]).encode(),
                headers={"content-type": "text/event-stream", "request-id": "req_replay"},
            )
        return httpx.Response(r.get("status", 200), json=r["body"], headers={"request-id": "req_replay"})

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))

    def async_client(self) -> httpx.AsyncClient:
        async def handle(request: httpx.Request) -> httpx.Response:
            await request.aread()
            return self.handler(request)

        return httpx.AsyncClient(transport=httpx.MockTransport(handle))


def to_sse(message: dict[str, Any]) -> str:
    """A recorded final message as the Messages API streams it (message_start … message_stop)."""

    def ev(kind: str, data: dict[str, Any]) -> str:
        return f"event: {kind}\ndata: {json.dumps({'type': kind, **data})}\n\n"

    head = {
        **message,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {**message.get("usage", {}), "output_tokens": 1},
    }
    out = [ev("message_start", {"message": head})]
    for i, block in enumerate(message["content"]):
        if block["type"] == "text":
            out.append(ev("content_block_start", {"index": i, "content_block": {"type": "text", "text": ""}}))
            words = block["text"].split(" ")
            for k, w in enumerate(words):  # word by word, as a stream arrives
                chunk = w + (" " if k < len(words) - 1 else "")
                out.append(ev("content_block_delta", {"index": i, "delta": {"type": "text_delta", "text": chunk}}))
        else:
            out.append(ev("content_block_start", {"index": i, "content_block": {**block, "input": {}}}))
            out.append(
                ev(
                    "content_block_delta",
                    {"index": i, "delta": {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}},
                )
            )
        out.append(ev("content_block_stop", {"index": i}))
    out.append(
        ev(
            "message_delta",
            {
                "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                "usage": {"output_tokens": message.get("usage", {}).get("output_tokens", 1)},
            },
        )
    )
    out.append(ev("message_stop", {}))
    return "".join(out)
