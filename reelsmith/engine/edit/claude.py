"""The Claude planner: the edit operations as tools, used when ANTHROPIC_API_KEY is set.

Claude sees the uploads and the timeline, calls operations, and reads each
result (or error) before deciding the next; every call goes through the same
`ops.make` / `ops.apply` validation as the offline planner. If the API cannot be
reached, the turn falls back to the offline planner and says so.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reelsmith import prompts
from reelsmith.engine.edit import ops
from reelsmith.engine.edit.work import OpError, Work, stem
from reelsmith.protocol import timeline
from reelsmith.protocol.facts import DEFAULT_MODEL

if TYPE_CHECKING:
    # The SDK takes about 0.6 s to import; every engine start would pay it, with or without a key.
    # It is imported where a call is made.
    import anthropic
    from anthropic.types import (
        ContentBlock,
        MessageParam,
        TextBlockParam,
        ToolParam,
        ToolResultBlockParam,
        ToolUseBlockParam,
    )

log = logging.getLogger("reelsmith.engine")
MAX_ROUNDS = 8


DOWN_FOR = 60.0  # seconds an unreachable API is left alone before the next try


@dataclass
class ClaudeConfig:
    api_key: str = field(repr=False)
    model: str = DEFAULT_MODEL
    http_client: Any = None  # an httpx2.Client (the SDK's HTTP library); tests pass one that replays
    # why Claude is not being asked, and until when (monotonic seconds; inf: not while this engine
    # runs, e.g. a refused key); every edit meanwhile goes straight to the offline planner
    down: str | None = field(default=None, repr=False)
    down_until: float = field(default=0.0, repr=False)
    told: set[str] = field(default_factory=set, repr=False)  # sessions already told that Claude is down
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def unavailable(self) -> str | None:
        """Why Claude is not being asked now, or None to ask it."""
        with self._lock:
            return self.down if self.down and time.monotonic() < self.down_until else None

    def mark_down(self, why: str, seconds: float) -> None:
        with self._lock:
            self.down, self.down_until = why, time.monotonic() + seconds

    def first_to_tell(self, sid: str) -> bool:
        """True once per session: the reply says Claude is down the first time only."""
        with self._lock:
            if sid in self.told:
                return False
            self.told.add(sid)
            return True

    @classmethod
    def from_env(cls) -> ClaudeConfig | None:
        key = os.environ.get("ANTHROPIC_API_KEY")
        if not key:
            return None
        return cls(key, os.environ.get("REELSMITH_EDITOR_MODEL", DEFAULT_MODEL))

    def client(self) -> anthropic.Anthropic:
        import anthropic

        return anthropic.Anthropic(api_key=self.api_key, http_client=self.http_client, max_retries=1)


@dataclass
class Applied:
    op: str
    args: dict[str, Any]
    result: str
    ok: bool


@dataclass
class ClaudeResult:
    text: str
    applied: list[Applied]


class ClaudeUnavailable(Exception):
    """The API failed; the message is safe to show (no key in it)."""


def system_prompt(w: Work) -> str:
    ups = [
        {
            "name": stem(u.path),
            "kind": u.file_type,
            "size": f"{u.width}x{u.height}" if u.width else "",
            "seconds": round(u.duration, 1) if u.file_type != "image" else None,
            "logo": ops.is_logo(u),
        }
        for u in w.ctx.uploads
    ]
    items = (
        [
            {"name": w.label(s), "kind": "logo card" if s.ed.logo_card else s.kind, "seconds": round(s.d / 1000, 1)}
            for s in w.video
        ]
        if not w.empty
        else []
    )
    return prompts.render(
        "editor.j2", uploads=ups, items=items, summary=timeline.summary(w.dump()), language=w.ctx.lang
    )


def run(cfg: ClaudeConfig, request: str, w: Work) -> ClaudeResult:
    """Let Claude edit `w` in place. Raises ClaudeUnavailable when the API fails, or at once while an
    earlier failure says it would (a refused key, an unreachable API)."""
    if why := cfg.unavailable():
        raise ClaudeUnavailable(why)
    import anthropic

    client = cfg.client()
    system: list[TextBlockParam] = [{"type": "text", "text": system_prompt(w), "cache_control": {"type": "ephemeral"}}]
    tools: list[ToolParam] = [
        {"name": t["name"], "description": t["description"], "input_schema": t["input_schema"]}
        for t in ops.tool_schemas()
    ]
    tools[-1]["cache_control"] = {"type": "ephemeral"}  # cache the tool list with the prompt
    messages: list[MessageParam] = [{"role": "user", "content": request}]
    applied: list[Applied] = []
    texts: list[str] = []
    for _ in range(MAX_ROUNDS):
        try:
            resp = client.messages.create(
                model=cfg.model, max_tokens=1024, system=system, tools=tools, messages=messages
            )
        except anthropic.APIError as e:
            why, down = _failure(e)
            if down > 0:
                cfg.mark_down(why, down)
            raise ClaudeUnavailable(why) from None
        texts = [b.text for b in resp.content if b.type == "text" and b.text.strip()]
        calls = [b for b in resp.content if b.type == "tool_use"]
        if not calls:
            break
        messages.append({"role": "assistant", "content": _echo(resp.content)})
        results: list[ToolResultBlockParam] = []
        for c in calls:
            try:
                op = ops.make(c.name, dict(c.input))
                out, ok = ops.apply(w, op), True
            except OpError as e:
                out, ok = str(e), False
            applied.append(Applied(c.name, dict(c.input), out, ok))
            results.append({"type": "tool_result", "tool_use_id": c.id, "content": out, "is_error": not ok})
        messages.append({"role": "user", "content": results})
    return ClaudeResult(" ".join(texts).strip(), applied)


def _echo(content: list[ContentBlock]) -> list[TextBlockParam | ToolUseBlockParam]:
    """The model's turn as it goes back in the conversation: its words and its tool calls."""
    out: list[TextBlockParam | ToolUseBlockParam] = []
    for b in content:
        if b.type == "text":
            out.append({"type": "text", "text": b.text})
        elif b.type == "tool_use":
            out.append({"type": "tool_use", "id": b.id, "name": b.name, "input": b.input})
    return out


def _failure(e: anthropic.APIError) -> tuple[str, float]:
    """What to say, and how long the failure keeps Claude out: a refused key, a forbidden account or an
    unknown model for as long as this engine runs; no connection for a minute; an overloaded or
    failing API not at all (the next edit asks again)."""
    import anthropic

    if isinstance(e, anthropic.APIStatusError):
        return f"the Claude API answered {e.status_code}", math.inf if e.status_code in (401, 403, 404) else 0.0
    if isinstance(e, anthropic.APIConnectionError):
        return "the Claude API could not be reached", DOWN_FOR
    return type(e).__name__, 0.0
