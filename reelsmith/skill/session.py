"""A session on the backend: upload, state, the message stream, export."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import anyio
import httpx
from httpx_sse import aconnect_sse

from reelsmith.protocol import timeline
from reelsmith.protocol.facts import Progress
from reelsmith.skill import errors as E
from reelsmith.skill.export import export
from reelsmith.skill.models import Event, ExportResult, TimelineState, UploadedFile
from reelsmith.skill.stream import EventParser
from reelsmith.skill.wire import APP, response_json

if TYPE_CHECKING:
    from reelsmith.skill.client import AsyncClient

STREAM_DROPS = (httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError)


class _Capped(Exception):
    pass


class AsyncSession:
    def __init__(self, client: AsyncClient, session_id: str, language: str = "en") -> None:
        self.client, self.id, self.language = client, session_id, language
        self.previous_ids: list[str] = []

    def __repr__(self) -> str:
        return f"AsyncSession(id={self.id!r})"

    async def renew(self) -> None:
        """The backend lost this session (1002): carry on in a new one."""
        self.previous_ids.append(self.id)
        self.id = await self.client.create_session_id(self.language)

    # --- upload -------------------------------------------------------------------------
    def check(self, path: Path) -> None:
        """The variant's type and size rules, before a byte is sent (4001 / 4002)."""
        v = self.client.variant
        if not path.is_file():
            raise E.SkillError(f"{path}: no such file; check the path", code=None)
        ext = path.suffix.lower().lstrip(".")
        if ext not in v.accepted:
            raise E.UnsupportedType(
                f"{path.name}: {f'.{ext} files are' if ext else 'a file without an extension is'} not accepted "
                f"by {v.name}; use one of {', '.join(v.accepted)}"
            )
        size = path.stat().st_size
        if size > v.max_bytes:
            raise E.TooLarge(
                f"{path.name}: {size / 2**20:.0f} MB is over the {v.max_mb} MB limit; compress it "
                "or trim it (e.g. a shorter clip or a smaller export) and upload again"
            )

    async def upload(self, items: Sequence[str | Path], progress: Progress | None = None) -> list[UploadedFile]:
        """Files (checked locally first) and http(s) URLs; returns what the backend made of them."""
        urls = [str(i) for i in items if str(i).startswith(("http://", "https://"))]
        paths = [Path(i).expanduser() for i in items if not str(i).startswith(("http://", "https://"))]
        for p in paths:
            self.check(p)
        out: list[UploadedFile] = []
        url_path = lambda: f"/api/upload-video/{APP}/me/{self.id}"  # noqa: E731
        if paths:
            total = sum(p.stat().st_size for p in paths)
            sent = _Counter(total, progress)
            for batch in _batches(paths, self.client.variant.max_bytes):
                out += _files(await self._send(batch, sent))
        if urls:
            data = await self.client.call(
                "uploading URLs", "POST", url_path, session=self, json={"urls": urls, "source_type": "url"}
            )
            out += _files(data)
        return out

    async def _send(self, batch: list[Path], sent: _Counter) -> Any:
        """One upload request; a retry re-sends the batch from the start, and its progress with it."""
        handles: list[_Reader] = []
        start = sent.done

        def files() -> list[tuple[str, tuple[str, Any]]]:
            for h in handles:
                h.close()
            handles[:] = [_Reader(p.open("rb"), sent) for p in batch]
            sent.reset(start)
            return [("files", (p.name, h)) for p, h in zip(batch, handles, strict=True)]

        try:
            return await self.client.call(
                "uploading",
                "POST",
                lambda: f"/api/upload-video/{APP}/me/{self.id}",
                session=self,
                files=files,
                timeout=httpx.Timeout(600.0, connect=15.0),
            )
        finally:
            for h in handles:
                h.close()

    # --- state --------------------------------------------------------------------------
    async def state(self, renew: bool = True) -> TimelineState:
        """The timeline now. With `renew`, a session the backend lost is replaced by a new one."""
        data = await self.client.call(
            "reading the timeline",
            "GET",
            lambda: f"/api/state/{APP}/me/{self.id}/latest",
            session=self if renew else None,
        )
        return TimelineState.parse(data)

    # --- the message stream -------------------------------------------------------------
    async def say(self, text: str) -> AsyncIterator[Event]:
        """Send one message and follow the turn. Never sent twice: a dropped stream is
        recovered by reading the state, as the protocol asks."""
        c = self.client
        before = await self.state()
        parser = EventParser()
        edits = 0
        try:
            async for ev in self._stream(text, parser):
                edits += ev.kind == "tool_call"
                yield ev
            after = await self.state()
        except (*STREAM_DROPS, _Capped):
            yield Event("still_working", "the connection dropped; checking the timeline instead of re-sending")
            after = None
            async for ev in self._recover(before):
                if isinstance(ev, TimelineState):
                    after = ev
                else:
                    yield ev
            if after is None:
                raise E.StreamLost(
                    "the message stream dropped and the timeline has not changed since; the edit "
                    "may still arrive (check with `state`). The message was not sent again."
                ) from None
        assert after is not None  # read above, or recovered (a failed recovery raised)
        changes = timeline.changes(before.draft, after.draft)
        reply = parser.reply
        if not reply.strip():
            # about a third of edits end without a word: say what the state shows instead
            reply = ("Done: " + "; ".join(changes) + ".") if changes else "Done; the timeline did not change."
            yield Event("text_delta", text=reply)
            yield Event("text", text=reply)
        c.state_file.set_session(c.backend.key, self.id)
        # understood: the editor acted on the request (an edit call, or a timeline that moved); a reply
        # alone ("I didn't understand…", "I can't do voice-over") changed nothing
        understood = bool(edits or changes or after.version != before.version)
        data = {"understood": understood, "changes": changes, "summary": after.summary, "version": after.version}
        yield Event("done", text=reply, data={**data, "edits": edits})

    async def _stream(self, text: str, parser: EventParser) -> AsyncIterator[Event]:
        c = self.client
        await c.connect()
        tried: set[str] = set()
        timeout = httpx.Timeout(c.read_timeout, connect=15.0, write=60.0, pool=15.0)
        while True:
            body = {
                "app_name": APP,
                "user_id": "me",
                "session_id": self.id,
                "streaming": True,
                "new_message": {"role": "user", "parts": [{"text": text}]},
            }
            try:
                async with aconnect_sse(
                    c.http,
                    "POST",
                    "/run_sse",
                    json=body,
                    timeout=timeout,
                    headers={**c.auth(), "Accept": "text/event-stream"},
                ) as es:
                    r = es.response
                    if r.status_code != 200 or "text/event-stream" not in r.headers.get("content-type", ""):
                        # refused before the turn began (a JSON error, say): nothing was processed
                        await r.aread()
                        err = E.error_for(r.status_code, response_json(r), "sending the message")
                        await c.recover(err, tried, self)
                        continue
                    deadline = time.monotonic() + c.stream_cap
                    quiet_since = time.monotonic()
                    async for sse in es.aiter_sse():
                        for ev in parser.feed(sse.data):
                            now = time.monotonic()
                            if ev.kind == "heartbeat":
                                if now - quiet_since >= c.still_working_every:
                                    quiet_since = now
                                    yield Event("still_working", "still working…")
                                yield ev
                            else:
                                quiet_since = now
                                if ev.kind == "error":
                                    raise E.BackendError(f"the backend reported an error: {ev.text}")
                                yield ev
                        if time.monotonic() > deadline:
                            raise _Capped()
                    return
            except httpx.ConnectError as e:
                raise E.ConnectionFailed(f"cannot reach {c.backend.base_url} ({type(e).__name__})") from None

    async def _recover(self, before: TimelineState) -> AsyncIterator[Any]:
        """Wait, read the state; stop at the first change; give up after the scheduled reads."""
        for wait in self.client.recovery_waits:
            yield Event("still_working", f"waiting {wait:g} s for the edit to land")
            await anyio.sleep(wait)
            now = await self.state()
            if now.draft != before.draft or now.version != before.version:
                yield now
                return

    # --- export -------------------------------------------------------------------------
    async def export(
        self,
        out: str | Path,
        quality: str = "high",
        progress: Progress | None = None,
        on_status: Callable[[str, int], None] | None = None,
    ) -> ExportResult:
        return await export(self, Path(out), quality, progress, on_status)


def _files(data: dict[str, Any]) -> list[UploadedFile]:
    items = data.get("files") or data.get("uploaded_files") or []
    return [UploadedFile.parse(f) for f in items if isinstance(f, dict)]


def _batches(paths: list[Path], limit: int) -> list[list[Path]]:
    """Files grouped into requests of at most `limit` bytes each (a backend refuses a larger request
    before reading it), in order; every file alone is within the limit (checked before)."""
    out: list[list[Path]] = []
    room = 0
    for p in paths:
        size = p.stat().st_size
        if not out or size > room:
            out.append([])
            room = limit
        out[-1].append(p)
        room -= size
    return out


class _Counter:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress, self.done = total, progress, 0

    def reset(self, to: int = 0) -> None:
        self.done = to

    def add(self, n: int) -> None:
        self.done += n
        if self.progress:
            self.progress(min(self.done, self.total), self.total)


class _Reader:
    """A file handle that reports how much of it has been read (sent)."""

    def __init__(self, f: IO[bytes], counter: _Counter) -> None:
        self._f, self._counter = f, counter

    def read(self, n: int = -1) -> bytes:
        b = self._f.read(n)
        self._counter.add(len(b))
        return b

    def close(self) -> None:
        self._f.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._f, name)

    def __iter__(self) -> Any:
        while chunk := self.read(64 * 1024):
            yield chunk
