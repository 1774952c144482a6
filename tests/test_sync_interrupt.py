"""Ctrl-C reaches a synchronous wait however the kernel delivers it: SIGINT may land on any thread
(the client's event loop, a progress bar's refresh thread), and Python raises KeyboardInterrupt only
in the main thread, once it runs again."""

from __future__ import annotations

import signal
import threading
import time

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

    with start_blocking_portal() as portal:
        other = threading.Thread(target=press_ctrl_c_here)
        other.start()
        t0 = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            call(portal, long_render)
        waited = time.monotonic() - t0
        other.join(30)
    assert waited < 10, f"Ctrl-C took {waited:.1f} s to stop the wait"
