"""Ctrl-C reaches a synchronous wait however the kernel delivers it: SIGINT may land on any thread
(the client's event loop, a progress bar's refresh thread), and Python raises KeyboardInterrupt only
in the main thread, once it runs again."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Awaitable, Callable

import anyio
import pytest
from anyio.from_thread import start_blocking_portal

from reelsmith.skill.sync import call


def test_ctrl_c_delivered_to_another_thread_stops_the_wait() -> None:
    started = threading.Event()

    async def long_render() -> None:
        started.set()
        await anyio.sleep(30)

    def press_ctrl_c_here() -> None:  # SIGINT handled on this thread, not on the waiting main thread
        assert started.wait(30)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    # Python's own handler, as in a terminal (a suite started in the background inherits SIGINT ignored)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        waited = _wait_interrupted(press_ctrl_c_here, long_render)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert waited < 10, f"Ctrl-C took {waited:.1f} s to stop the wait"


def _wait_interrupted(press: Callable[[], None], task: Callable[[], Awaitable[None]]) -> float:
    """Seconds a synchronous wait for `task` lasted before Ctrl-C, pressed by `press` on its own thread."""
    with start_blocking_portal() as portal:
        other = threading.Thread(target=press)
        other.start()
        t0 = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            call(portal, task)
        waited = time.monotonic() - t0
        other.join(30)
    return waited
