"""What the SSRF tests are built from: an audit of every address the process connects to, loopback
servers that each run in a thread and are closed at the end, the one answer every failed URL upload
gets, and a fetch driven directly (conftest.py makes the fixtures)."""

from __future__ import annotations

import errno
import ipaddress
import select
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import anyio
import pytest

from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.ingest import IngestError, fetch_url


# --- what the process connects to -----------------------------------------------------------
class Connects:
    """Every socket.connect made in the process while active, as (thread name, address)."""

    active: list[Connects] = []
    hooked = False

    def __init__(self) -> None:
        self.seen: list[tuple[str, object]] = []

    def to(self, port: int) -> list[object]:
        return [a for _, a in self.seen if isinstance(a, tuple) and len(a) >= 2 and a[1] == port]

    def by_engine(self) -> list[object]:
        return [a for t, a in self.seen if t == "reelsmith-engine"]


def _audit(event: str, args: tuple) -> None:
    if event == "socket.connect" and Connects.active:
        for rec in Connects.active:
            rec.seen.append((threading.current_thread().name, args[1]))
        addr = args[1]
        if isinstance(addr, tuple) and addr and not ipaddress.ip_address(addr[0].split("%")[0]).is_loopback:
            # a regression must never send a packet off this machine: the connection is stopped here
            raise ConnectionRefusedError(f"test guard: no connections beyond loopback ({addr[0]})")


# --- loopback servers ---------------------------------------------------------------------------
class Listener:
    """Listening sockets on one port, 127.0.0.1 and (when the machine has it) ::1, that never accept."""

    def __init__(self) -> None:
        for _ in range(50):
            v4 = socket.create_server(("127.0.0.1", 0))
            self.port = v4.getsockname()[1]
            try:
                self.socks = [v4, socket.create_server(("::1", self.port), family=socket.AF_INET6)]
                return
            except OSError as e:
                if e.errno != errno.EADDRINUSE:  # no IPv6 loopback here
                    self.socks = [v4]
                    return
                v4.close()
        raise RuntimeError("no port free on both loopbacks")

    def connected(self) -> bool:
        """Whether anyone connected. Called once the engine has answered, when any connection it made
        is already complete and queued, so the short deadline only bounds the check."""
        ready, _, _ = select.select(self.socks, [], [], 0.1)
        return bool(ready)

    def close(self) -> None:
        for s in self.socks:
            s.close()


Handler = Callable[[socket.socket, threading.Event], None]


class Server:
    """A raw HTTP server on a loopback address: reads each request's head, then runs `handler`."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1") -> None:
        self.sock = socket.create_server((host, 0))
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.handler, self.stop = handler, threading.Event()
        self.requests: list[str] = []
        self.threads = [threading.Thread(target=self._serve, daemon=True)]
        self.threads[0].start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            t = threading.Thread(target=self._one, args=(conn,), daemon=True)
            self.threads.append(t)
            t.start()

    def _one(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            head = b""
            try:
                while b"\r\n\r\n" not in head:
                    got = conn.recv(4096)
                    if not got:
                        return
                    head += got
                self.requests.append(head.decode("latin-1"))
                self.handler(conn, self.stop)
            except OSError:
                pass  # the engine hung up, as it should when it gives up

    def close(self) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(timeout=5)
        self.sock.close()


def answer(status: str, headers: dict[str, str] | None = None, body: bytes = b"") -> Handler:
    def handle(conn: socket.socket, stop: threading.Event) -> None:
        head = {"Content-Length": str(len(body)), "Connection": "close", **(headers or {})}
        lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in head.items())]
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + body)

    return handle


def trickle(conn: socket.socket, stop: threading.Event) -> None:
    """Headers at once, then the body one byte every 0.2 s: each read is quick, the whole is not."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: image/jpeg\r\n\r\n")
    while not stop.wait(0.2):  # the pace of the attack, not a synchronisation
        conn.sendall(b"x")


def endless(conn: socket.socket, stop: threading.Event) -> None:
    """A body with no Content-Length that never ends (until the reader hangs up)."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nConnection: close\r\n\r\n")
    while not stop.is_set():
        conn.sendall(b"\xff" * 65536)


def silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)


def not_http(conn: socket.socket, stop: threading.Event) -> None:
    conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")


ANSWER = "could not download that URL; check that it is a public http(s) link to the file, or upload the file itself"
PUBLIC_FOR_TEST = ipaddress.IPv4Address("127.0.0.2")  # stands in for a public host: Linux routes all of 127/8


def only_127_0_0_2(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip == PUBLIC_FOR_TEST


def fetch(tmp_path: Path, url: str, timeout: float = 5.0, **kw) -> str:
    """The error message of a fetch that must fail."""
    blobs = BlobStore(tmp_path / "blobs")
    with pytest.raises(IngestError) as e:
        anyio.run(lambda: fetch_url(blobs, url, 1 << 20, timeout, **kw))
    assert e.value.code == 422
    return str(e.value)
