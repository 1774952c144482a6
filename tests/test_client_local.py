"""The skill client against the local engine over loopback: every action, for real."""

from __future__ import annotations

import stat
from pathlib import Path

import httpx
import pytest
from PIL import Image

from reelsmith import local
from reelsmith.engine.media.probe import probe
from reelsmith.skill import Client, backends, errors
from reelsmith.skill.credentials import Credentials, State

from .media import photo


@pytest.fixture
def client(engine):
    with Client(backends.local(url=engine.url)) as c:
        yield c


def test_token_is_persisted_in_a_0600_file_and_reused(engine, tmp_path: Path) -> None:
    with Client(backends.local(url=engine.url)) as c:
        c.connect()
        first = c.aio._token
    creds = tmp_path / "config" / "credentials.json"
    assert stat.S_IMODE(creds.stat().st_mode) == 0o600
    with Client(backends.local(url=engine.url)) as c:
        c.connect()
        assert c.aio._token == first  # no second anonymous token (the engine would say 429)
    assert "Secret('***')" in repr(Credentials().token(f"local:{engine.url}"))


def test_sessions_are_created_with_the_language_and_resumable(engine, media: Path) -> None:
    with Client(backends.local(url=engine.url)) as c:
        s = c.new_session(language="zh")
        s.upload([photo(media / "a.jpg")])
    eng = engine.server.config.app.state.engine
    assert eng.store.session(s.id, eng.store.user_for_client(Credentials().client_id()))["language"] == "zh"
    with Client(backends.local(url=engine.url)) as c:
        again = c.session()  # the last one used on this backend
        assert again.id == s.id and len(again.state().video_infos) == 1
        assert c.session(s.id).id == s.id
        with pytest.raises(errors.SessionNotFound):
            c.session("no-such-session")


def test_upload_files_and_urls_with_progress(engine_factory, media: Path) -> None:
    # the URL is the engine's own signed link on loopback: fetched only by an engine told to reach private addresses
    client = Client(backends.local(url=engine_factory(allow_private_urls=True).url))
    s = client.new_session()
    seen: list[tuple[int, int]] = []
    files = s.upload(
        [photo(media / "a.jpg"), photo(media / "b.png", seed=1)], progress=lambda d, t: seen.append((d, t))
    )
    assert [f.filename for f in files] == ["a.jpg", "b.png"] and all(f.file_type == "image" for f in files)
    total = (media / "a.jpg").stat().st_size + (media / "b.png").stat().st_size
    assert seen[-1] == (total, total) and len(seen) >= 2
    by_url = s.upload([files[0].url])
    assert by_url[0].hash == files[0].hash
    assert len(s.state().video_infos) == 3
    client.close()


def test_local_checks_refuse_before_a_byte_is_sent(engine, media: Path) -> None:
    sent: list[str] = []
    with Client(backends.local(url=engine.url)) as c:

        async def record(r: httpx.Request) -> None:
            sent.append(r.url.path)

        c.aio.http.event_hooks["request"].append(record)
        s = c.new_session()
        sent.clear()
        doc = media / "notes.txt"
        doc.write_text("hello")
        with pytest.raises(errors.UnsupportedType, match=r"notes.txt: .txt files are not accepted.*mp4"):
            s.upload([doc])
        bare = media / "passwd"
        bare.write_text("root:x:0:0")
        with pytest.raises(errors.UnsupportedType, match=r"^passwd: a file without an extension is not accepted"):
            s.upload([bare])
        big = media / "huge.mp4"
        with big.open("wb") as f:
            f.truncate(501 * 1024 * 1024)  # sparse: no disk used
        with pytest.raises(errors.TooLarge, match=r"huge.mp4: 501 MB is over the 500 MB limit; compress"):
            s.upload([big])
        with pytest.raises(errors.SkillError, match="no such file"):
            s.upload([media / "missing.jpg"])
        assert sent == []


def test_photo_skill_has_its_own_limit(engine, media: Path) -> None:
    from reelsmith.skill.variants import load

    with Client(backends.local(url=engine.url), load("photo-video-maker-easy")) as c:
        s = c.new_session()
        big = media / "big.jpg"
        with big.open("wb") as f:
            f.truncate(201 * 1024 * 1024)
        with pytest.raises(errors.TooLarge, match="200 MB limit"):
            s.upload([big])
        # the attribution headers come from the variant
        s.upload([photo(media / "a.jpg")])
    eng = engine.server.config.app.state.engine
    rows = eng.store.requests_log(eng.store.user_for_client(Credentials().client_id()))
    assert rows[-1]["source"] == "photo-video-maker-easy" and rows[-1]["version"] == "1.0.0"
    assert rows[-1]["platform"] == "unknown"


def test_message_state_export_credits(client, media: Path) -> None:
    s = client.new_session()
    s.upload([photo(media / f"{i}.jpg", seed=i) for i in range(3)])
    events = list(s.say('a 5 second slideshow with music, title "Trip"'))
    kinds = [e.kind for e in events]
    assert kinds[0] == "heartbeat" and "tool_call" in kinds and kinds[-1] == "done"
    shown = "".join(e.text for e in events if e.kind == "text_delta")
    assert shown == events[-1].text and shown.count("Done: made a") == 1  # partial text shown once
    st = s.state()
    assert st.ready and 'Title: "Trip" (0-3.5s)' in st.summary and st.draft["d"] == 5000
    statuses: list[str] = []
    got: list[tuple[int, int]] = []
    out = media / "out" / "trip.mp4"
    res = s.export(
        out, quality="preview", progress=lambda d, t: got.append((d, t)), on_status=lambda st_, p: statuses.append(st_)
    )
    assert res.path == out and out.stat().st_size == res.size and got[-1][0] == res.size
    assert statuses[-1] == "completed" and res.job_id.startswith("render_")
    assert probe(out).duration == pytest.approx(5.0, abs=0.1)
    assert not list(out.parent.glob(".*partial"))  # written atomically
    assert State().jobs() == []  # finished jobs are forgotten
    assert client.credits().unlimited


def test_export_of_an_empty_timeline_is_refused(client) -> None:
    with pytest.raises(errors.NothingToExport, match="no segments"):
        client.new_session().export("x.mp4")


def test_export_resumes_after_a_crash(engine, media: Path) -> None:
    class Crash(Exception):
        pass

    def crash(status: str, progress: int) -> None:
        raise Crash()  # the process "dies" right after the job was submitted

    out = media / "resumed.mp4"
    with Client(backends.local(url=engine.url)) as c:
        s = c.new_session()
        s.upload([photo(media / "a.jpg")])
        list(s.say("a 3 second slideshow"))
        with pytest.raises(Crash):
            s.export(out, quality="preview", on_status=crash)
    assert [j["out"] for j in State().jobs()] == [str(out.resolve())]
    with Client(backends.local(url=engine.url)) as c:
        done = c.resume_exports()
    assert [r.path for r in done] == [out.resolve()] and probe(out).duration == pytest.approx(3.0, abs=0.1)
    assert State().jobs() == []


def test_out_of_credits_on_the_local_engine(engine_factory, media: Path) -> None:
    srv = engine_factory(credits=1)
    with Client(backends.local(url=srv.url)) as c:
        s = c.new_session()
        s.upload([photo(media / "a.jpg")])
        list(s.say("a 3 second slideshow"))
        assert c.credits().available == 0
        with pytest.raises(errors.OutOfCredits, match="--credits"):
            list(s.say("make it 4 seconds"))


def test_a_render_that_cannot_succeed_is_not_offered_again(engine_factory, media: Path) -> None:
    """An engine limit stops the render: the message says what to change, never "run export again"."""
    from reelsmith.engine.model.limits import Limits

    srv = engine_factory(limits=Limits(render_seconds=0.01))
    with Client(backends.local(url=srv.url)) as c:
        s = c.new_session()
        s.upload([photo(media / "a.jpg")])
        list(s.say("a 3 second slideshow"))
        with pytest.raises(errors.RenderFailed) as e:
            s.export(media / "o.mp4", quality="preview")
    assert "this engine's limit for one render; export a shorter video" in str(e.value)
    assert "run export again" not in str(e.value)


def test_an_in_process_engine_is_started_when_none_is_given(tmp_path: Path, media: Path) -> None:
    backend = local.connect(data_dir=tmp_path / "own-engine")
    url = backend.base_url
    with Client(backend) as c:
        s = c.new_session()
        s.upload([photo(media / "a.jpg")])
    assert (tmp_path / "own-engine" / "engine.sqlite3").exists()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/healthz")  # stopped with the client
    with Client(local.connect(data_dir=tmp_path / "own-engine")) as c:  # a new port, the same sessions
        assert len(c.session(s.id).state().video_infos) == 1


def test_many_files_go_in_requests_within_the_size_limit(engine_factory, media: Path) -> None:
    """The engine refuses an upload request past its size limit before reading it, so the client sends
    files in batches that fit: four 0.7 MB photos under a 1 MB limit go one per request (together they
    are past the limit plus the form's allowance, which the engine refuses unread)."""
    import dataclasses

    from reelsmith.skill import variants

    mb = 1 << 20
    srv = engine_factory(size_limits={"ai-video-maker-ai": mb})
    variant = dataclasses.replace(variants.load("ai-video-maker-ai"), max_bytes=mb)
    shots = [photo(media / f"PXL_2024061{i}_101010.png", size=(640, 480), seed=i) for i in range(4)]
    assert all(0.5 * mb < p.stat().st_size < mb for p in shots) and sum(p.stat().st_size for p in shots) > 2.5 * mb
    seen: list[tuple[int, int]] = []
    with Client(backends.local(url=srv.url), variant) as c:
        got = c.new_session().upload(shots, progress=lambda d, t: seen.append((d, t)))
    assert [f.filename for f in got] == [p.name for p in shots]
    total = sum(p.stat().st_size for p in shots)
    assert seen[-1] == (total, total) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_the_length_asked_for_is_kept_through_later_edits(client, media: Path) -> None:
    """Over real HTTP + SSE: edits that are not about length keep the 15 s asked for; one that is says so."""
    s = client.new_session()
    Image.new("RGBA", (300, 100), (255, 255, 255, 255)).save(media / "logo.png")
    s.upload([photo(media / f"IMG_2024061{i}_143055.jpg", seed=i) for i in range(4)] + [media / "logo.png"])

    def say(text: str) -> tuple[int, str]:
        reply = [e for e in s.say(text) if e.kind == "done"][-1].text
        return s.state().draft["d"], reply

    assert say("a 15 second slideshow")[0] == 15000
    for edit in ("no transitions", "add the logo as an end card", "remove the second photo"):
        d, reply = say(edit)
        assert d == 15000, f"{edit!r} changed the length to {d} ms"
        assert "keep the 15s asked for" in reply
    d, reply = say("slower")
    assert d > 15000 and f"length 15s → {round(d / 1000, 1):g}s" in reply
    d2, reply = say("show the first photo for 6 seconds")
    assert "length" in reply and f"→ {round(d2 / 1000, 1):g}s" in reply
    assert say("crossfade between photos")[0] == d2  # the length just set is the one kept now
    res = s.export(media / "kept.mp4", quality="preview")
    # read from the file written: the length within one frame of the preview's 15 fps (cuts on the beat
    # give lengths in whole milliseconds, not whole frames)
    assert abs(res.seconds - d2 / 1000) <= 1 / 15
