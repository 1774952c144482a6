"""The synchronous face of the client: the async one, run on a private event loop thread."""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TypeVar

from anyio.from_thread import BlockingPortal, start_blocking_portal

from reelsmith.protocol.facts import Progress
from reelsmith.skill import export as _export
from reelsmith.skill.backends import Backend
from reelsmith.skill.client import AsyncClient
from reelsmith.skill.errors import SkillError
from reelsmith.skill.models import Credits, Event, ExportResult, TimelineState, UploadedFile
from reelsmith.skill.session import AsyncSession

T = TypeVar("T")


# How often the waiting thread wakes to let a Ctrl-C through: the kernel may hand SIGINT to any thread
# (the event loop's, a progress bar's), and Python raises it only in the main thread once that thread
# runs again, which a wait without a timeout does not do until the render is done.
WAKE_S = 0.2


def call(portal: BlockingPortal, fn: Callable[..., Any], *args: Any) -> Any:
    """portal.call, except that Ctrl-C also cancels the waiting task (a render or an edit goes on at the
    backend, and an unfinished export stays on record for `export --resume`)."""
    fut = portal.start_task_soon(fn, *args)
    try:
        while True:
            try:
                return fut.result(timeout=WAKE_S)
            except TimeoutError:
                continue
    except KeyboardInterrupt:
        fut.cancel()
        raise


def iterate(portal: BlockingPortal, agen: AsyncIterator[T]) -> Iterator[T]:
    """An async iterator, consumed from synchronous code."""
    try:
        while True:
            try:
                yield call(portal, agen.__anext__)
            except StopAsyncIteration:
                return
    finally:
        aclose = getattr(agen, "aclose", None)
        if aclose is not None:
            portal.call(aclose)


class Session:
    def __init__(self, portal: BlockingPortal, inner: AsyncSession) -> None:
        self._portal, self.aio = portal, inner

    @property
    def id(self) -> str:
        return self.aio.id

    def __repr__(self) -> str:
        return f"Session(id={self.id!r})"

    def upload(self, items: Sequence[str | Path], progress: Progress | None = None) -> list[UploadedFile]:
        return call(self._portal, self.aio.upload, items, progress)

    def state(self) -> TimelineState:
        return self._portal.call(self.aio.state)

    def say(self, text: str) -> Iterator[Event]:
        return iterate(self._portal, self.aio.say(text))

    def export(
        self,
        out: str | Path,
        quality: str = "high",
        progress: Progress | None = None,
        on_status: Callable[[str, int], None] | None = None,
    ) -> ExportResult:
        return call(self._portal, self.aio.export, out, quality, progress, on_status)


class Client:
    """`with Client(backend) as c:` — the same API as AsyncClient, without `await`."""

    def __init__(self, backend: Backend, *args: Any, **kwargs: Any) -> None:
        """Owns `backend` from here on: whatever goes wrong, its engine (if any) and the event loop
        thread are stopped, so a failed start never keeps the process alive."""
        try:
            self._cm: AbstractContextManager[BlockingPortal] = start_blocking_portal()
            self._portal = self._cm.__enter__()
        except BaseException:
            backend.close()
            raise
        try:
            self.aio: AsyncClient = self._portal.call(lambda: _make(backend, *args, **kwargs))
        except BaseException:
            try:
                backend.close()
            finally:
                self._cm.__exit__(None, None, None)
            raise
        self._closed = False

    def __repr__(self) -> str:
        return f"Client({self.aio!r})"

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Closes the connection, stops an in-process engine and ends the event loop thread. Safe to
        call twice; call it on every path (or use `with`), else the thread keeps the process alive."""
        if self._closed:
            return
        self._closed = True
        try:
            self._portal.call(self.aio.aclose)
        finally:
            try:
                self.aio.backend.close()  # already done by aclose, unless that failed part-way
            finally:
                self._cm.__exit__(None, None, None)

    def connect(self) -> None:
        self._portal.call(self.aio.connect)

    def new_session(self, language: str | None = None) -> Session:
        return Session(self._portal, self._portal.call(self.aio.new_session, language))

    def session(self, session_id: str | None = None, language: str | None = None) -> Session:
        return Session(self._portal, self._portal.call(self.aio.session, session_id, language))

    def credits(self) -> Credits:
        return self._portal.call(self.aio.credits)

    def resume_exports(
        self,
        progress: Progress | None = None,
        on_status: Callable[[str, int], None] | None = None,
        *,
        out: Path | None = None,
        session_id: str | None = None,
        failed: list[tuple[dict[str, Any], SkillError]] | None = None,
        parked: bool = True,
    ) -> list[ExportResult]:
        """Finish the exports left unfinished (see `export.resume`)."""
        run = functools.partial(_export.resume, out=out, session_id=session_id, failed=failed, parked=parked)
        return call(self._portal, run, self.aio, progress, on_status)


async def _make(backend: Backend, *args: Any, **kwargs: Any) -> AsyncClient:
    return AsyncClient(backend, *args, **kwargs)
