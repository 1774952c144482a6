"""The Claude tool-use loop: the agent's actions as tools, used when ANTHROPIC_API_KEY is set.

The router still answers export, status, credits and uploads itself; everything
else goes here. Claude's text streams to the person as it is written; each tool
call runs the same action the direct mode would, and a failure goes back to the
model as an error result (is_error) it can explain. The system prompt and tools
are cached (prompt caching), and the conversation is kept across turns.

A failure that will not mend by itself within a session (a bad key, no network, an unknown model)
is remembered in `unavailable`: the agent stops calling Claude and uses the editor directly, so each
later message costs no request and no retries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

import anthropic
from anthropic.types import (
    ContentBlockParam,
    MessageParam,
    TextBlockParam,
    ToolParam,
    ToolResultBlockParam,
    ToolUseBlock,
)

from reelsmith import prompts
from reelsmith.agent.inputs import InputError
from reelsmith.protocol.facts import DEFAULT_MODEL, FAST_MODEL, QUALITIES
from reelsmith.skill import SkillError
from reelsmith.skill.variants import Variant

if TYPE_CHECKING:
    from reelsmith.agent.core import Agent

MAX_ROUNDS = 10

TOOLS: list[ToolParam] = [
    {
        "name": "upload_files",
        "description": "Upload files, folders or http(s) URLs to the session.",
        "input_schema": {
            "type": "object",
            "properties": {
                "paths": {"type": "array", "items": {"type": "string"}, "description": "file paths, folders or URLs"}
            },
            "required": ["paths"],
        },
    },
    {
        "name": "edit_video",
        "description": "Send one plain-language edit request to the video editor and get its "
        "reply (what changed, and the timeline summary).",
        "input_schema": {"type": "object", "properties": {"request": {"type": "string"}}, "required": ["request"]},
    },
    {
        "name": "timeline_state",
        "description": "The current timeline summary.",
        "input_schema": {"type": "object", "properties": {}},
    },
    {
        "name": "export_video",
        "description": "Render the timeline to MP4 and download it; answers with the path.",
        "input_schema": {"type": "object", "properties": {"quality": {"type": "string", "enum": list(QUALITIES)}}},
    },
    {
        "name": "check_credits",
        "description": "The credit balance.",
        "input_schema": {"type": "object", "properties": {}},
    },
]


ROUTE_TOOL: ToolParam = {
    "name": "route",
    "description": "Say what the person's message asks for.",
    "input_schema": {
        "type": "object",
        "required": ["intent"],
        "properties": {
            "intent": {
                "type": "string",
                "enum": ["edit", "export", "status", "credits", "chat"],
                "description": "edit: change or make the video; export: they want the file now; status: what is on the "
                "timeline; credits: their balance; chat: anything else",
            }
        },
    },
}
ROUTE_SYSTEM = (
    "You sort messages sent to a video-making assistant. Call route with the one intent that fits. "
    "A message that asks for any change to the video is edit, even if it also mentions other things."
)


def model_name(name: str | None) -> str:
    return {
        "sonnet": DEFAULT_MODEL,
        "haiku": FAST_MODEL,
        None: os.environ.get("REELSMITH_MODEL", DEFAULT_MODEL),
        "": DEFAULT_MODEL,
    }.get(name, name or DEFAULT_MODEL)


def system_prompt(variant: Variant) -> str:
    return prompts.render(
        "agent.j2",
        name=variant.name,
        description=" ".join(variant.description.split()),
        accepted=", ".join(variant.accepted),
        max_mb=variant.max_mb,
        language=variant.language,
        examples=variant.examples,
    )


@dataclass
class ClaudeLoop:
    variant: Variant
    api_key: str = field(repr=False)
    model: str = DEFAULT_MODEL
    http_client: Any = None  # an httpx2.Client (the SDK's HTTP library); tests pass one that replays
    route_model: str = field(default_factory=lambda: os.environ.get("REELSMITH_ROUTE_MODEL", FAST_MODEL))
    messages: list[MessageParam] = field(default_factory=list)
    unavailable: str | None = field(default=None, init=False)  # why Claude is off for the rest of the session
    error: str | None = field(default=None, init=False)  # why the last turn failed, when it may work next time

    def __post_init__(self) -> None:
        self.client = anthropic.Anthropic(api_key=self.api_key, http_client=self.http_client, max_retries=2)
        # the tools and the system prompt are the same every round: cache them
        self.tools: list[ToolParam] = [*TOOLS[:-1], {**TOOLS[-1], "cache_control": {"type": "ephemeral"}}]
        self.system: list[TextBlockParam] = [
            {"type": "text", "text": system_prompt(self.variant), "cache_control": {"type": "ephemeral"}}
        ]

    def classify(self, text: str) -> str:
        """What a message the keyword rules could not place asks for, from the cheap model (Haiku):
        one short forced tool call. Anything unclear, or an API failure, counts as an edit."""
        try:
            msg = self.client.messages.create(
                model=self.route_model,
                max_tokens=64,
                system=ROUTE_SYSTEM,
                tools=[ROUTE_TOOL],
                tool_choice={"type": "tool", "name": "route"},
                messages=[{"role": "user", "content": text}],
            )
        except anthropic.APIError as e:
            self._failed(e)
            return "edit"
        call = next((b for b in msg.content if isinstance(b, ToolUseBlock)), None)
        intent = str(dict(call.input).get("intent", "edit")) if call is not None else "edit"
        return intent if intent in ("edit", "export", "status", "credits", "chat") else "edit"

    def turn(self, agent: Agent, text: str) -> bool:
        """One message through the tool loop. False when Claude failed before doing anything: the
        caller then sends the words to the editor itself (`unavailable` or `error` says why)."""
        self.messages.append({"role": "user", "content": text})
        for round_ in range(MAX_ROUNDS):
            try:
                with self.client.messages.stream(
                    model=self.model,
                    max_tokens=1024,
                    system=self.system,
                    tools=self.tools,
                    messages=self.messages,
                ) as stream:
                    for delta in stream.text_stream:
                        agent.io.stream(delta)
                    msg = stream.get_final_message()
            except anthropic.APIError as e:
                agent.io.end_stream()
                self._failed(e)
                if round_ == 0:
                    self.messages.pop()  # the turn did not happen; keep the history consistent
                    return False
                # tools already ran: doing the words again would repeat them; end the turn where it is
                self.messages.append({"role": "assistant", "content": "(the connection to Claude failed here)"})
                then = "the offline editor takes over for this session" if self.unavailable else "say it again"
                agent.io.info(f"Claude stopped answering ({_why(e)}); what was done so far is kept, {then}.")
                return True
            agent.io.end_stream()
            # as plain dicts, so the history is JSON (the SDK takes its own models too)
            said = cast("list[ContentBlockParam]", [b.model_dump(exclude_none=True) for b in msg.content])
            self.messages.append({"role": "assistant", "content": said})
            calls = [b for b in msg.content if isinstance(b, ToolUseBlock)]
            if not calls:
                return True
            results: list[ToolResultBlockParam] = [self._run(agent, c.id, c.name, dict(c.input)) for c in calls]
            self.messages.append({"role": "user", "content": results})
        return True

    def _run(self, agent: Agent, call_id: str, name: str, args: dict[str, Any]) -> ToolResultBlockParam:
        try:
            if name == "upload_files":
                out = agent.upload(list(args.get("paths") or []))
            elif name == "edit_video":
                res = agent.edit(str(args.get("request", "")), follow=False, show=False)
                out = f"{res.get('reply', '')}\n{res.get('summary', '')}".strip()
            elif name == "timeline_state":
                out = agent.status()
            elif name == "export_video":
                out = agent.export(args.get("quality"))
            elif name == "check_credits":
                out = agent.credits()
            else:
                return {
                    "type": "tool_result",
                    "tool_use_id": call_id,
                    "content": f"unknown tool {name}",
                    "is_error": True,
                }
        except (SkillError, InputError) as e:
            return {"type": "tool_result", "tool_use_id": call_id, "content": str(e), "is_error": True}
        return {"type": "tool_result", "tool_use_id": call_id, "content": out}

    def _failed(self, e: anthropic.APIError) -> None:
        if _lasting(e):
            self.unavailable = _why(e)
        else:
            self.error = _why(e)


def _lasting(e: anthropic.APIError) -> bool:
    """A failure that the next message would meet again (the SDK has already retried the others)."""
    if isinstance(e, anthropic.APIConnectionError | anthropic.AuthenticationError | anthropic.PermissionDeniedError):
        return True
    if isinstance(e, anthropic.NotFoundError):  # an unknown model name
        return True
    return isinstance(e, anthropic.BadRequestError) and "credit balance" in str(e).lower()


def _why(e: anthropic.APIError) -> str:
    if isinstance(e, anthropic.AuthenticationError):
        return "bad API key"
    if isinstance(e, anthropic.PermissionDeniedError):
        return "the API key may not use it"
    if isinstance(e, anthropic.NotFoundError):
        return "unknown model"
    if isinstance(e, anthropic.BadRequestError) and "credit balance" in str(e).lower():
        return "no Anthropic credit left"
    if isinstance(e, anthropic.APITimeoutError):
        return "no answer in time"
    if isinstance(e, anthropic.APIConnectionError):
        return "cannot reach the API"
    if isinstance(e, anthropic.APIStatusError):
        return f"HTTP {e.status_code}"
    return type(e).__name__


def from_env(variant: Variant, model: str | None = None) -> ClaudeLoop | None:
    key = os.environ.get("ANTHROPIC_API_KEY")
    return ClaudeLoop(variant, key, model_name(model)) if key else None
