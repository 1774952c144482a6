"""The skill client against the replayed cloud: both shapes of each answer, every error
code, dropped and silent streams. Recorded answers, at the httpx transport level."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from reelsmith.skill import AsyncClient, Client, backends, errors
from reelsmith.skill.credentials import State

from .cloud_replay import BASE, MP4, REC, Cloud, answer, sse
from .cloud_replay import backend as cloud_backend

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def cloud() -> Cloud:
    return Cloud()


def make(cloud: Cloud, **kw) -> AsyncClient:
    kw.setdefault("retry_wait", 0)
    kw.setdefault("recovery_waits", (0, 0, 0, 0, 0))
    return AsyncClient(cloud_backend(), transport=cloud.transport, **kw)


async def events(session, text: str) -> list:
    return [e async for e in session.say(text)]


async def test_a_whole_cloud_session(cloud: Cloud, media: Path) -> None:
    (media / "a.jpg").write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    async with make(cloud) as c:
        s = await c.new_session()
        assert s.id == "sess_A" and c.user_id == "anon_5f2c9a"
        up = await s.upload([media / "a.jpg"])
        assert up[0].url == "https://cdn.nemovideo.example/u/a.jpg" and up[0].width == 640
        cloud.set("upload", answer("upload_uploaded_files"))
        assert (await s.upload(["https://example.org/a.jpg"]))[0].url.endswith("/u/a.jpg")
        st = await s.state()
        assert st.draft["cloud_only"] == {"k": 1} and st.draft["t"][0]["sg"][0]["fx"] == {"glow": 2}  # kept intact
        assert st.summary.startswith("Timeline (2 tracks): 1. Video: 1 clips/photos — city timelapse (0-10s)")
        evs = await events(s, "add a title")
        shown = "".join(e.text for e in evs if e.kind == "text_delta")
        assert shown == "Added the title. Click the Export button when ready."  # once, thoughts dropped
        assert [e.name for e in evs if e.kind == "tool_call"] == ["add_text"]
        assert sum(e.kind == "heartbeat" for e in evs) == 1 and evs[-1].kind == "done"
        cr = await c.credits()
        assert (cr.available, cr.frozen, cr.total) == (95, 5, 100)
        res = await s.export(media / "out.mp4")
    assert (media / "out.mp4").read_bytes() == MP4 and res.url.startswith("https://cdn.nemovideo.example/")
    body = cloud.sent("render")[0]
    import json

    sent = json.loads(body.content)
    assert (
        sent["sessionId"] == "sess_A"
        and sent["id"].startswith("render_")
        and sent["output"] == {"format": "mp4", "quality": "high"}
        and sent["draft"]["cloud_only"] == {"k": 1}
    )
    for r in cloud.requests:
        assert "nmv_usr_" not in str(r.url)
        if r.url.host == "mega-api-prod.nemovideo.ai":
            assert r.headers["x-skill-source"] == "ai-video-maker-ai" and r.headers["x-skill-platform"] == "unknown"
    cdn = cloud.sent("cdn")[0]
    assert "authorization" not in cdn.headers  # the token never goes to another host


async def test_the_other_poll_shape_and_a_failed_render(cloud: Cloud, media: Path) -> None:
    cloud.set("poll", answer("poll_completed_toplevel"))
    async with make(cloud) as c:
        s = await c.new_session()
        res = await s.export(media / "o.mp4")
        assert res.url == "https://cdn.nemovideo.example/out/render.mp4"
        cloud.set("poll", answer("poll_failed"))
        with pytest.raises(errors.RenderFailed, match="layer compositor crashed"):
            await s.export(media / "o2.mp4")


async def test_a_failed_submit_is_retried_once_with_a_new_id(cloud: Cloud, media: Path) -> None:
    cloud.set("render", answer(500, {"code": 500, "message": "boom"}), answer("render_start"))
    async with make(cloud) as c:
        await (await c.new_session()).export(media / "o.mp4")
    ids = [r.read() for r in cloud.sent("render")]
    assert len(ids) == 2 and ids[0] != ids[1]


async def test_cdn_unreachable_falls_back_to_the_download_endpoint(cloud: Cloud, media: Path) -> None:
    cloud.set("cdn", {"status": 403, "bytes": b"denied"})
    async with make(cloud) as c:
        await (await c.new_session()).export(media / "o.mp4")
    assert (media / "o.mp4").read_bytes() == MP4 and len(cloud.sent("download")) == 1
    assert cloud.sent("download")[0].headers["authorization"].startswith("Bearer ")


async def test_1001_gets_a_new_token_once_and_retries(cloud: Cloud) -> None:
    cloud.set("credits", answer("err_1001"), answer("credits"))
    async with make(cloud) as c:
        assert (await c.credits()).available == 95
    assert len(cloud.sent("token")) == 2
    assert cloud.sent("credits")[1].headers["authorization"].endswith("CCCC2222dddd")
    cloud.set("credits", answer("err_1001"))
    async with make(cloud) as c:
        with pytest.raises(errors.TokenInvalid):
            await c.credits()  # still refused after one new token: stop, do not loop


async def test_a_bad_nemo_token_is_named(cloud: Cloud, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEMO_TOKEN", "nmv_usr_USERSETtoken9999")
    cloud.set("credits", answer("err_1001"))
    async with make(cloud) as c:
        with pytest.raises(errors.TokenInvalid, match="NEMO_TOKEN was refused"):
            await c.credits()
    assert cloud.sent("token") == []


async def test_1002_makes_a_new_session_and_retries_once(cloud: Cloud, media: Path) -> None:
    (media / "a.jpg").write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    cloud.set("upload", answer("err_1002"), answer("upload_files"))
    async with make(cloud) as c:
        s = await c.new_session()
        await s.upload([media / "a.jpg"])
        assert s.id == "sess_B" and s.previous_ids == ["sess_A"]
    assert [r.url.path.rsplit("/", 1)[1] for r in cloud.sent("upload")] == ["sess_A", "sess_B"]


async def test_2001_gives_the_registration_link_for_anonymous_users(cloud: Cloud) -> None:
    cloud.set("run", answer("err_2001"))
    async with make(cloud) as c:
        s = await c.new_session()
        with pytest.raises(errors.OutOfCredits, match=r"https://nemovideo.com/register\?bind=anon_5f2c9a"):
            await events(s, "add music")
    assert len(cloud.sent("run")) == 1


async def test_402_is_about_the_plan_not_credits(cloud: Cloud, media: Path) -> None:
    cloud.set("render", answer("err_402"))
    async with make(cloud) as c:
        with pytest.raises(errors.ExportBlocked, match="register or upgrade") as e:
            await (await c.new_session()).export(media / "o.mp4")
    assert "credit" not in str(e.value).replace("not a credits problem", "")


async def test_429_waits_and_retries_once(cloud: Cloud) -> None:
    cloud.set("credits", answer("err_429"), answer("credits"))
    async with make(cloud) as c:
        assert (await c.credits()).available == 95
        cloud.set("credits", answer("err_429"))
        with pytest.raises(errors.RateLimited):
            await c.credits()


async def test_400_on_auth_means_a_new_client_id(cloud: Cloud) -> None:
    cloud.set("token", answer("err_400"), answer("token"))
    async with make(cloud) as c:
        await c.connect()
    ids = [r.headers["x-client-id"] for r in cloud.sent("token")]
    assert len(ids) == 2 and ids[0] != ids[1]


async def test_4001_4002_from_the_backend_are_typed(cloud: Cloud) -> None:
    async with make(cloud) as c:
        s = await c.new_session()
        for name, exc in (("err_4001", errors.UnsupportedType), ("err_4002", errors.TooLarge)):
            cloud.set("upload", answer(name))
            with pytest.raises(exc):
                await s.upload(["https://example.org/x.mov"])


async def test_a_stream_that_drops_is_never_resent(cloud: Cloud) -> None:
    cloud.set("run", sse(REC["stream_adk"][:3], drop=True))
    cloud.set("state", answer("state_v1"), answer("state_v1"), answer("state_v2"))
    async with make(cloud) as c:
        s = await c.new_session()
        evs = await events(s, "make it vertical with a title")
    assert len(cloud.sent("run")) == 1  # polled the state instead of sending again
    assert evs[-1].kind == "done" and "canvas is now 1080x1920" in evs[-1].text
    assert any(e.kind == "still_working" for e in evs)


async def test_a_drop_with_no_change_gives_up_after_five_reads(cloud: Cloud) -> None:
    cloud.set("run", sse("stream_heartbeats", drop=True))
    async with make(cloud) as c:
        s = await c.new_session()
        with pytest.raises(errors.StreamLost, match="not sent again"):
            await events(s, "slower")
    assert len(cloud.sent("run")) == 1 and len(cloud.sent("state")) == 1 + 5


async def test_heartbeats_only_then_a_silent_change(cloud: Cloud) -> None:
    cloud.set("run", sse("stream_heartbeats"))
    cloud.set("state", answer("state_v1"), answer("state_v2"))
    async with make(cloud, still_working_every=0) as c:
        s = await c.new_session()
        evs = await events(s, "vertical please")
    assert sum(e.kind == "heartbeat" for e in evs) == 4 and any(e.kind == "still_working" for e in evs)
    assert evs[-1].text.startswith("Done: ") and 'added Title: "Urban Dreams" (0-3s)' in evs[-1].text


async def test_a_silent_edit_is_described_from_the_state_diff(cloud: Cloud) -> None:
    cloud.set("run", sse("stream_silent_edit"))
    cloud.set("state", answer("state_v1"), answer("state_v2"))
    async with make(cloud) as c:
        evs = await events(await c.new_session(), "vertical")
    assert [e.kind for e in evs if e.kind in ("tool_call", "tool_result")] == ["tool_call", "tool_result"]
    assert evs[-1].data["changes"][0] == "canvas is now 1080x1920"
    assert "canvas is now 1080x1920" in "".join(e.text for e in evs if e.kind == "text_delta")


async def test_the_simplified_event_form(cloud: Cloud) -> None:
    cloud.set("run", sse("stream_simple"))
    async with make(cloud) as c:
        evs = await events(await c.new_session(), "vertical")
    assert [(e.kind, e.name) for e in evs if e.kind.startswith("tool")] == [
        ("tool_call", "set_aspect"),
        ("tool_result", "set_aspect"),
    ]
    assert evs[-1].text == "Now vertical for Reels."


async def test_an_error_event_and_a_json_401_instead_of_a_stream(cloud: Cloud) -> None:
    cloud.set("run", sse("stream_error"))
    async with make(cloud) as c:
        s = await c.new_session()
        with pytest.raises(errors.BackendError, match="model overloaded"):
            await events(s, "x")
        cloud.set("run", answer("err_1001"), sse("stream_simple"))
        evs = await events(s, "y")  # refused before the turn began: a new token, then sent once
    assert evs[-1].text == "Now vertical for Reels." and len(cloud.sent("token")) == 2


def test_no_token_anywhere_in_output_logs_or_files(
    cloud: Cloud, media: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    (media / "a.jpg").write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    caplog.set_level(logging.DEBUG)
    cloud.set("credits", answer("err_1001"), answer("credits"))
    cloud.set("render", answer("err_402"))
    seen: list[str] = []
    with Client(cloud_backend(), transport=cloud.transport, retry_wait=0, recovery_waits=(0,)) as c:
        s = c.new_session()
        s.upload([media / "a.jpg"])
        seen += [repr(e) for e in s.say("add a title")]
        seen += [repr(c), repr(s), repr(c.aio), str(c.credits()), repr(s.state())]
        try:
            s.export(media / "o.mp4")
        except errors.SkillError as e:
            seen.append(repr(e) + str(e))
        logging.getLogger("reelsmith.test").warning("leaked? %s", c.aio._token)  # even a careless log line
    out = capsys.readouterr()
    text = "\n".join(
        [
            out.out,
            out.err,
            caplog.text,
            *seen,
            *(r.getMessage() for r in caplog.records),
            (tmp_path / "state" / "state.json").read_text(),
        ]
    )
    for tok in (REC["token"]["data"]["token"], REC["token2"]["data"]["token"]):
        assert tok not in text
    assert "leaked? ***" in caplog.text
    creds = (tmp_path / "config" / "credentials.json").read_text()
    assert REC["token2"]["data"]["token"] in creds  # the one place it may be
    assert State().jobs() == []
    assert BASE


async def test_the_15_minute_cap_ends_the_wait_without_resending(cloud: Cloud) -> None:
    cloud.set("run", sse("stream_heartbeats"))
    cloud.set("state", answer("state_v1"), answer("state_v1"), answer("state_v2"))
    async with make(cloud, stream_cap=0) as c:  # the cap, shrunk: reached at the first event
        evs = await events(await c.new_session(), "a long generation")
    assert len(cloud.sent("run")) == 1 and "canvas is now 1080x1920" in evs[-1].text


async def test_an_expired_saved_token_is_replaced_before_use(cloud: Cloud) -> None:
    from reelsmith.skill.credentials import Credentials

    Credentials().save_token(backends.cloud().key, "nmv_usr_OLDexpiredTOKEN", "anon_5f2c9a", 1.0)
    async with make(cloud) as c:
        await c.credits()
    assert len(cloud.sent("token")) == 1 and "OLDexpired" not in cloud.sent("credits")[0].headers["authorization"]
