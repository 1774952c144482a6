"""Reading the message stream: both documented event forms into one list of Events.

Sans-IO: `EventParser.feed(data)` takes one SSE `data` field and returns Events, so the
parsing is tested on its own and the client only moves bytes.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from reelsmith.skill.models import Event

log = logging.getLogger("reelsmith.skill")


class EventParser:
    def __init__(self) -> None:
        self._partial: list[str] = []  # text chunks of the message being streamed
        self.texts: list[str] = []  # whole messages, in order

    @property
    def reply(self) -> str:
        return "\n".join(t for t in self.texts if t.strip())

    def feed(self, data: str) -> list[Event]:
        if not data.strip():
            return [Event("heartbeat")]
        try:
            ev = json.loads(data)
        except ValueError:
            log.debug("ignored a non-JSON stream event (%d chars)", len(data))
            return []
        if not isinstance(ev, dict):
            return []
        if "error" in ev and not ev.get("content"):
            return [Event("error", text=str(ev["error"])[:500])]
        if ("type" in ev and "content" not in ev) or isinstance(ev.get("content"), str):
            return self._simple(ev)
        return self._adk(ev)

    def _simple(self, ev: dict[str, Any]) -> list[Event]:
        kind = ev.get("type")
        if kind == "heartbeat":
            return [Event("heartbeat")]
        if kind == "text":
            return self._whole(str(ev.get("content") or ""))
        if kind == "tool_call":
            return [Event("tool_call", name=str(ev.get("name", "")), data=dict(ev.get("args") or {}))]
        if kind == "tool_result":
            res = ev.get("result")
            return [
                Event(
                    "tool_result", name=str(ev.get("name", "")), data=res if isinstance(res, dict) else {"result": res}
                )
            ]
        if kind == "error":
            return [Event("error", text=str(ev.get("content") or ev.get("message") or "error"))]
        return []

    def _adk(self, ev: dict[str, Any]) -> list[Event]:
        out: list[Event] = []
        if ev.get("errorCode") or ev.get("errorMessage"):
            out.append(Event("error", text=str(ev.get("errorMessage") or ev.get("errorCode"))))
        content = ev.get("content") or {}
        parts = content.get("parts") or [] if isinstance(content, dict) else []
        partial = bool(ev.get("partial"))
        for part in parts:
            if not isinstance(part, dict) or part.get("thought"):
                continue  # the model's thinking is not for the user
            if "text" in part and isinstance(part["text"], str):
                if partial:
                    self._partial.append(part["text"])
                    out.append(Event("text_delta", text=part["text"]))
                else:
                    out += self._whole(part["text"])
            elif isinstance(part.get("functionCall"), dict):
                fc = part["functionCall"]
                out.append(Event("tool_call", name=str(fc.get("name", "")), data=dict(fc.get("args") or {})))
            elif isinstance(part.get("functionResponse"), dict):
                fr = part["functionResponse"]
                res = fr.get("response")
                out.append(
                    Event(
                        "tool_result",
                        name=str(fr.get("name", "")),
                        data=res if isinstance(res, dict) else {"result": res},
                    )
                )
        if not out and not parts:
            out.append(Event("heartbeat"))  # an event with nothing in it still says "working"
        return out

    def _whole(self, text: str) -> list[Event]:
        """A complete message. After partial chunks it repeats them: show it once."""
        shown = "".join(self._partial)
        self._partial = []
        self.texts.append(text)
        if shown and text.startswith(shown):
            rest = text[len(shown) :]
            return ([Event("text_delta", text=rest)] if rest else []) + [Event("text", text=text)]
        return [Event("text_delta", text=text), Event("text", text=text)]
