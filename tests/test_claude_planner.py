"""The engine's Claude planner, with recorded Messages API responses replayed at the transport."""

from __future__ import annotations

import httpx2 as httpx
import pytest

from reelsmith.engine.edit.claude import ClaudeConfig, system_prompt
from reelsmith.engine.edit.turn import Turn
from reelsmith.engine.edit.work import Context, Work
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.store import Store

from .claude_replay import Claude
from .rows import PHOTOS, converse


@pytest.fixture
def parts(tmp_path) -> tuple[Store, BlobStore]:
    return Store(tmp_path / "engine.sqlite3"), BlobStore(tmp_path / "files")


def _turn(parts: tuple[Store, BlobStore], replay: Claude, text: str) -> tuple[str, dict]:
    store, blobs = parts
    converse(parts, "claude", PHOTOS, [])  # a session with five uploads, no draft yet
    sid = f"s-{abs(hash('claude'))}"
    cfg = ClaudeConfig(api_key="sk-ant-test-key", http_client=replay.client())
    out = Turn(store, blobs, sid, "en", cfg).run(text)
    return out.text, {"draft": store.draft(sid)[1], "calls": out.calls}


def test_claude_edits_through_the_same_operations(parts: tuple[Store, BlobStore]) -> None:
    replay = Claude("claude_editor")
    text, got = _turn(parts, replay, "a 30 second promo titled Summer Sale with some music at half volume")
    d = got["draft"]
    assert d["d"] == 30000
    assert [x["text"] for t in d["t"] if t["tt"] == 7 for x in t["sg"]] == ["Summer Sale"]
    bgm = [s for t in d["t"] if t["tt"] == 1 for s in t["sg"]][0]
    assert bgm["name"] == "upbeat" and bgm["vol"] == 0.5 and bgm["src"].startswith("/files/")
    assert "upbeat music at half volume" in text and "Timeline (" in text
    # the model was given the operations as tools, the uploads in a cached system prompt, and the request
    first = replay.requests[0]
    assert {t["name"] for t in first["tools"]} >= {"build", "set_duration", "set_text", "set_music", "reorder"}
    assert first["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert "01-astronaut" in first["system"][0]["text"]
    assert first["messages"] == [
        {"role": "user", "content": "a 30 second promo titled Summer Sale with some music at half volume"}
    ]
    # a call that fails validation goes back as an error the model can read, and it corrects itself
    bad = replay.requests[2]["messages"][-1]["content"][0]
    assert bad["is_error"] is True and "mood" in bad["content"]
    ok = replay.requests[1]["messages"][-1]["content"]
    assert [r["is_error"] for r in ok] == [False, False] and "made a 30s" in ok[0]["content"]
    assert [c.name for c in got["calls"]] == ["build", "set_text", "set_music", "set_music"]
    assert got["calls"][2].response["ok"] is False
    assert "sk-ant-test-key" not in str(replay.requests) and "sk-ant-test-key" in str(dict(replay.headers[0]))


@pytest.mark.parametrize("status", [500, 529])
def test_api_failure_falls_back_to_the_offline_planner(parts: tuple[Store, BlobStore], status: int) -> None:
    err = {"type": "error", "error": {"type": "overloaded_error" if status == 529 else "api_error", "message": "x"}}
    replay = Claude(responses=[{"status": status, "body": err}] * 4)
    text, got = _turn(parts, replay, "turn these images into a 30-second promo video with music")
    assert text.startswith(f"(the Claude API answered {status}, so the offline editor handled this.)")
    assert got["draft"]["d"] == 30000


def test_unreachable_api_falls_back(parts: tuple[Store, BlobStore]) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    store, blobs = parts
    converse(parts, "claude", PHOTOS, [])
    cfg = ClaudeConfig(api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(refuse)))
    out = Turn(store, blobs, f"s-{abs(hash('claude'))}", "en", cfg).run("make it a slideshow")
    assert "could not be reached" in out.text and out.version == 1


def test_a_refused_key_is_asked_once_and_said_once_per_session(parts: tuple[Store, BlobStore]) -> None:
    """A 401 keeps Claude out for as long as the engine runs: later edits make no request and go
    straight to the offline planner; each session hears why once."""
    err = {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}
    replay = Claude(responses=[{"status": 401, "body": err}] * 4)
    store, blobs = parts
    converse(parts, "claude", PHOTOS, [])
    converse(parts, "other", PHOTOS, [])
    cfg = ClaudeConfig(api_key="sk-ant-bad", http_client=replay.client())
    one, two = f"s-{abs(hash('claude'))}", f"s-{abs(hash('other'))}"
    first = Turn(store, blobs, one, "en", cfg).run("make it a slideshow")
    assert first.text.startswith("(the Claude API answered 401, so the offline editor handles this session's edits.)")
    asked = len(replay.requests)
    second = Turn(store, blobs, one, "en", cfg).run("make it 20 seconds")
    assert len(replay.requests) == asked  # not asked again
    assert second.text.startswith("Done:") and "Claude" not in second.text and second.version == 2
    other = Turn(store, blobs, two, "en", cfg).run("make it a slideshow")
    assert len(replay.requests) == asked and other.text.startswith("(the Claude API answered 401")
    assert "sk-ant-bad" not in first.text + second.text + other.text


def test_system_prompt_lists_uploads_and_timeline() -> None:
    from reelsmith.engine.media.probe import MediaInfo

    w = Work(None, Context([MediaInfo("/files/a/logo.png", "image", 400, 400, has_alpha=True)], lang="zh"))
    p = system_prompt(w)
    assert "logo: image, 400x400 (logo)" in p and "answer in Chinese" in p and "Timeline is empty" in p


def test_new_operations_are_tools_checked_like_the_rest() -> None:
    """Claude gets every operation the offline planner uses, validated by the same models."""
    from reelsmith.engine.edit import ops
    from reelsmith.engine.edit.work import OpError

    names = {t["name"] for t in ops.tool_schemas()}
    assert {"keep", "set_text_style", "set_style", "set_item_duration", "add_captions"} <= names
    with pytest.raises(OpError, match="colour"):
        ops.make("set_text_style", {"role": "title", "color": "sparkly"})
    with pytest.raises(OpError, match="style"):
        ops.make("set_style", {"style": "loud"})
    text = ops.make("set_text", {"text": "50% off", "role": "subtitle"})
    assert isinstance(text, ops.SetText) and text.role == "subtitle"
    hold = ops.make("set_item_duration", {"seconds": 3})
    assert isinstance(hold, ops.SetItemDuration) and hold.item is None  # every photo
