"""The SSRF tests' fixtures: an audit of the addresses the process connects to, loopback servers, and
a listener that records whether anything connected (loopback.py)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator

import pytest

from .loopback import Connects, Handler, Listener, Server, _audit


@pytest.fixture
def connects() -> Iterator[Connects]:
    if not Connects.hooked:  # an audit hook cannot be removed; it does nothing while no test records
        sys.addaudithook(_audit)
        Connects.hooked = True
    rec = Connects()
    Connects.active.append(rec)
    yield rec
    Connects.active.remove(rec)


@pytest.fixture
def servers() -> Iterator[Callable[..., Server]]:
    made: list[Server] = []

    def make(handler: Handler, host: str = "127.0.0.1") -> Server:
        made.append(Server(handler, host))
        return made[-1]

    yield make
    for s in made:
        s.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lis = Listener()
    yield lis
    lis.close()
