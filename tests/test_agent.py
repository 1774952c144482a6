"""The agent end to end: one-shot commands, the iterative workflow, batch, GUI talk from the
(replayed) cloud, and the Claude tool loop with recorded responses, all against the real engine."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from reelsmith import local
from reelsmith.agent.claude_loop import ClaudeLoop
from reelsmith.agent.core import Agent
from reelsmith.agent.io import IO
from reelsmith.cli import main
from reelsmith.engine.media.probe import probe
from reelsmith.skill import Client, backends, variants
from reelsmith.skill.credentials import State

from .claude_replay import Claude
from .cloud_replay import MP4, Cloud
from .cloud_replay import backend as cloud_backend
from .media import pcm, photo

pytestmark = pytest.mark.slow  # the agent end to end, with renders

EXAMPLES = Path(__file__).parent.parent / "examples"


def string_io() -> tuple[IO, io.StringIO]:
    buf = io.StringIO()
    return IO(Console(file=buf, width=200, force_terminal=False)), buf


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_iterative_workflow_through_one_shot_commands(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    up = run(capsys, "upload", str(EXAMPLES / "photos"))
    sid = up["session_id"]
    rough = run(capsys, "say", "turn my photos into a slideshow video with music and transitions")
    assert rough["session_id"] == sid and rough["version"] == 1  # the last session is picked up by default
    assert run(capsys, "say", "make it vertical", "--session", sid)["summary"].startswith("Timeline (2 tracks)")
    assert run(capsys, "say", "make it 12 seconds")["changes"][0] == "length is now 12s"
    assert run(capsys, "say", "remove the music")["version"] == 4
    st = run(capsys, "state")
    assert st["version"] == 4 and "BGM" not in st["summary"]
    res = run(capsys, "export", "-o", str(tmp_path / "iter.mp4"), "--quality", "draft")
    info = probe(res["video"]["path"])
    # each refinement shows in the file itself: vertical, 12 seconds, no music (a silent track)
    assert (info.width, info.height) == (1080, 1920)
    assert info.duration == pytest.approx(12.0, abs=0.1) and abs(pcm(Path(res["video"]["path"]))).max() < 2
    assert run(capsys, "credits") == {"available": None, "frozen": 0, "total": None, "unlimited": True}
    skills = run(capsys, "skills", "--skill", "photo-video-maker-easy")["skills"]
    assert {s["name"]: s["active"] for s in skills} == {"ai-video-maker-ai": False, "photo-video-maker-easy": True}


def test_export_resume_from_the_command_line(capsys: pytest.CaptureFixture[str], media: Path) -> None:
    class Crash(Exception):
        pass

    def crash(status: str, progress: int) -> None:
        raise Crash()  # the process "dies" right after the job was submitted

    out = media / "resumed.mp4"
    with Client(local.connect()) as c:  # the same in-process engine data dir the CLI uses
        s = c.new_session()
        s.upload([photo(media / "a.jpg")])
        list(s.say("a 3 second slideshow"))
        with pytest.raises(Crash):
            s.export(out, quality="preview", on_status=crash)
    res = run(capsys, "export", "--resume")
    assert [r["video"]["path"] for r in res["resumed"]] == [str(out.resolve())]
    assert probe(out).duration == pytest.approx(3.0, abs=0.1) and State().jobs() == []


def test_batch_renders_one_video_per_request(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    res = run(
        capsys,
        "batch",
        str(EXAMPLES / "photos"),
        "-p",
        "a 6 second slideshow",
        "-p",
        "make it square",
        "--out-dir",
        str(tmp_path),
        "--quality",
        "preview",
    )
    a, b = res["videos"]
    # preview quality: each reports the small file it wrote, in the shape its request asked for
    assert (a["video"]["width"], a["video"]["height"], b["video"]["width"], b["video"]["height"]) == (
        640,
        360,
        360,
        360,
    )
    assert Path(a["video"]["path"]).name == "01-a-6-second-slideshow.mp4" and Path(b["video"]["path"]).exists()
    assert probe(a["video"]["path"]).duration == pytest.approx(6.0, abs=0.1)


def test_router_answers_without_the_stream(engine, media: Path) -> None:
    ui, buf = string_io()
    with Client(backends.local(url=engine.url)) as c:
        agent = Agent(c, c.new_session(), ui, out_dir=media, quality="preview")
        agent.handle(f"{photo(media / 'a.jpg')} {photo(media / 'b.jpg', seed=1)}")
        (media / "empty").mkdir()
        agent.handle(str(media / "empty"))  # bad input is one line, and the conversation goes on
        for text in ("status", "credits", "积分", "状态"):
            agent.handle(text)
        assert engine_messages(engine, agent.session.id) == []  # answered directly: nothing went through /run_sse
        agent.handle("a 4 second slideshow")
        agent.handle("export it as vertical")  # an edit, then the export
    out = buf.getvalue()
    assert "Uploaded 2 files: a.jpg, b.jpg." in out and "Credits: unlimited" in out
    assert "error: " in out and "folder has no photos, clips or audio" in out
    assert "Timeline is empty" in out and "canvas 1080x1920" in out
    e = agent.last_export
    assert e is not None and (e.width, e.height, e.seconds) == (360, 640, 4.0)
    assert (probe(e.path).width, probe(e.path).height) == (360, 640)  # quality "preview" renders small, as said


def engine_messages(engine, sid: str) -> list[str]:
    """What reached the engine's message stream for a session, read from its own store."""
    from reelsmith.engine.storage.store import Store

    store = Store(engine.settings.data_dir / "engine.sqlite3")
    try:
        return store.messages(sid)
    finally:
        store.close()


def test_gui_talk_from_the_cloud_is_translated_and_acted_on(media: Path) -> None:
    cloud = Cloud()
    ui, buf = string_io()
    with Client(cloud_backend(), transport=cloud.transport, retry_wait=0, recovery_waits=(0,) * 5) as c:
        agent = Agent(c, c.new_session(), ui, out_dir=media)
        agent.handle("add a title")
    out = buf.getvalue()
    assert "Added the title." in out and "Click" not in out and "Export button" not in out
    # "Click the Export button" became the export itself
    assert agent.last_export is not None and agent.last_export.path.read_bytes() == MP4
    assert len(cloud.sent("render")) == 1


def test_claude_tool_loop_with_recorded_responses(engine, media: Path) -> None:
    replay = Claude("claude_agent")
    ui, buf = string_io()
    variant = variants.load("photo-video-maker-easy")
    with Client(backends.local(url=engine.url), variant) as c:
        agent = Agent(c, c.new_session(), ui, out_dir=media, quality="preview")
        agent.claude = ClaudeLoop(variant, "sk-ant-test-key", http_client=replay.client())
        agent.handle(f"{photo(media / 'a.jpg')} {photo(media / 'b.jpg', seed=1)}")  # routed: no model call
        assert replay.requests == []
        agent.handle("make a short slideshow called Trip and give me the video")
    out = buf.getvalue()
    assert "Let me make that slideshow." in out and 'Your 6-second slideshow titled "Trip" is saved.' in out
    first = replay.requests[0]
    assert first["stream"] is True and first["model"] == "claude-sonnet-5-5"
    assert (
        first["system"][0]["cache_control"] == {"type": "ephemeral"}
        and "photo-video-maker-easy" in first["system"][0]["text"]
    )
    assert [t["name"] for t in first["tools"]] == [
        "upload_files",
        "edit_video",
        "timeline_state",
        "export_video",
        "check_credits",
    ]
    results = [r["messages"][-1]["content"][0] for r in replay.requests[1:]]
    assert results[0]["tool_use_id"] == "toolu_02A" and 'Title: "Trip"' in results[0]["content"]
    assert results[1]["is_error"] is True and "no such file" in results[1]["content"]  # back to the model as is
    assert results[2]["content"].startswith("Saved ") and agent.last_export is not None
    assert probe(agent.last_export.path).duration == pytest.approx(6.0, abs=0.1)
    assert "sk-ant-test-key" not in out


def test_haiku_places_what_the_keyword_rules_cannot(engine, media: Path) -> None:
    replay = Claude("claude_route")
    ui, buf = string_io()
    variant = variants.load()
    with Client(backends.local(url=engine.url), variant) as c:
        agent = Agent(c, c.new_session(), ui, out_dir=media)
        agent.claude = ClaudeLoop(variant, "sk-ant-test-key", http_client=replay.client())
        agent.handle("how much have I got left to spend?")  # no keyword matches; Haiku says credits
        assert len(replay.requests) == 1 and "Credits: unlimited" in buf.getvalue()
        agent.handle("hmm, where do I even start?")  # chat: passed on to the main model
    route = replay.requests[0]
    assert route["model"] == "claude-haiku-5-5" and route["tool_choice"] == {"type": "tool", "name": "route"}
    assert route["max_tokens"] <= 64 and route["tools"][0]["name"] == "route"
    assert [r["model"] for r in replay.requests] == ["claude-haiku-5-5", "claude-haiku-5-5", "claude-sonnet-5-5"]
    assert "Send me a few photos" in buf.getvalue()
    assert engine_messages(engine, agent.session.id) == []  # neither reached the editor


BAD_KEY = {  # the Messages API's answer to an invalid key, as recorded
    "status": 401,
    "body": {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}},
}
UNREACHABLE = {"raise": "connect"}


@pytest.mark.parametrize(
    "responses,why",
    [
        ([BAD_KEY], "bad API key"),  # the cheap routing call meets it first; not retried
        ([UNREACHABLE] * 3, "cannot reach the API"),  # the SDK's own retries, then given up
        (  # routed fine, then the main model's stream is refused
            [
                {
                    "body": {
                        "id": "msg_01Bk1",
                        "type": "message",
                        "role": "assistant",
                        "model": "claude-haiku-5-5",
                        "content": [
                            {"type": "tool_use", "id": "toolu_09A", "name": "route", "input": {"intent": "edit"}}
                        ],
                        "stop_reason": "tool_use",
                        "stop_sequence": None,
                        "usage": {"input_tokens": 170, "output_tokens": 12},
                    }
                },
                BAD_KEY,
            ],
            "bad API key",
        ),
    ],
)
def test_claude_failing_for_good_is_found_once(engine, media: Path, responses: list[dict], why: str) -> None:
    replay = Claude(responses=responses)
    ui, buf = string_io()
    variant = variants.load()
    with Client(backends.local(url=engine.url), variant) as c:
        agent = Agent(c, c.new_session(), ui, out_dir=media)
        agent.claude = ClaudeLoop(variant, "sk-ant-bad-key", http_client=replay.client())
        agent.handle(f"{photo(media / 'a.jpg')} {photo(media / 'b.jpg', seed=1)}")
        agent.handle("a 4 second slideshow")
        asked = len(replay.requests)
        assert asked == len(responses)  # the recorded failure and nothing after it
        agent.handle("make it vertical")
        agent.handle("slower")
        assert len(replay.requests) == asked  # later messages make no request at all
    out = buf.getvalue()
    notice = f"Claude is unavailable ({why}); using the offline editor for this session."
    assert out.count(notice) == 1 and out.count("Claude") == 1
    # every message was still done, by the editor directly
    assert (
        "length" in out
        and "canvas 1080x1920" in out
        and engine_messages(engine, agent.session.id)
        == [
            "a 4 second slideshow",
            "make it vertical",
            "slower",
        ]
    )
    assert "sk-ant-bad-key" not in out
