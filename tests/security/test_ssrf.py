"""URL uploads cannot be turned against the engine's own network (SSRF).

Attacks go through the real service over loopback with default settings; where a hop must first be
allowed (redirects) the fetch is driven directly with an address check that counts one loopback
address as public. Every server here is on loopback, runs in a thread and is closed at the end.
"""

from __future__ import annotations

import errno
import ipaddress
import select
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import anyio
import pytest

from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.ingest import IngestError, fetch_url
from reelsmith.engine.storage.netguard import is_public, pinned_request, resolve
from tests.api import Api
from tests.media import photo

ANSWER = "could not download that URL; check that it is a public http(s) link to the file, or upload the file itself"
SOURCE = "ai-video-maker-ai"  # the X-Skill-Source the test Api sends, so the size limit tests set


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


@pytest.fixture
def connects() -> Iterator[Connects]:
    if not Connects.hooked:  # an audit hook cannot be removed; it does nothing while no test records
        sys.addaudithook(_audit)
        Connects.hooked = True
    rec = Connects()
    Connects.active.append(rec)
    yield rec
    Connects.active.remove(rec)


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
        self.handler, self.requests, self.stop = handler, [], threading.Event()
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


def upload_url(api: Api, sid: str, url: str):
    return api.post(f"/api/upload-video/nemo_agent/me/{sid}", json={"urls": [url], "source_type": "url"})


def refused(r) -> bool:
    return r.status_code == 422 and r.json()["code"] == 422 and r.json()["message"].endswith(": " + ANSWER)


# --- through the service, default settings ------------------------------------------------------
LOOPBACK_FORMS = [
    "http://127.0.0.1:{port}/x.jpg",
    "http://localhost:{port}/",
    "http://0.0.0.0:{port}/",
    "http://2130706433:{port}/",
    "http://0x7f000001:{port}/",
    "http://127.1:{port}/",
    "http://[::1]:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",
    "https://127.0.0.1:{port}/x.jpg",
]


def test_loopback_in_any_spelling_is_refused_unconnected(
    engine,
    listener: Listener,
    connects: Connects,
) -> None:
    api = Api(engine.url)
    sid = api.session()
    for form in LOOPBACK_FORMS:
        url = form.format(port=listener.port)
        r = upload_url(api, sid, url)
        assert refused(r), (url, r.text)
        assert not listener.connected(), url
    assert connects.by_engine() == []
    assert api.state(sid)["state"]["video_infos"] == []


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.1/x.jpg",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://[fc00::1]/",
    ],
)
def test_private_addresses_are_refused_before_any_connection(
    engine,
    url: str,
    connects: Connects,
) -> None:
    api = Api(engine.url)
    sid = api.session()
    start = time.monotonic()
    r = upload_url(api, sid, url)
    assert refused(r), r.text
    assert time.monotonic() - start < 2
    assert connects.by_engine() == []


def test_open_and_closed_ports_answer_alike(engine, listener: Listener) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    api = Api(engine.url)
    sid = api.session()
    for path in ("/x.jpg", "/"):
        a = upload_url(api, sid, f"http://127.0.0.1:{listener.port}{path}")
        b = upload_url(api, sid, f"http://127.0.0.1:{closed_port}{path}")
        assert refused(a) and a.content == b.content


def test_the_engines_own_files_cannot_be_taken_by_url(engine, media: Path, connects: Connects) -> None:
    owner, thief = Api(engine.url, client_id="owner"), Api(engine.url, client_id="thief")
    assert owner.user_id != thief.user_id
    cdn = owner.upload(owner.session(), photo(media / "private.jpg")).json()["data"]["files"][0]["cdn_url"]
    sid = thief.session()
    r = upload_url(thief, sid, cdn)
    assert refused(r) and r.json()["message"].startswith("private.jpg: "), r.text
    assert thief.state(sid)["state"]["video_infos"] == []
    assert connects.by_engine() == []


# --- through the service, an engine allowed to fetch from loopback --------------------------------
def test_a_trickle_is_cut_off_at_the_whole_fetch_deadline(
    engine_factory,
    servers,
    connects: Connects,
) -> None:
    api = Api(engine_factory(url_timeout=1.0, allow_private_urls=True).url)
    sid = api.session()
    srv = servers(trickle)
    start = time.monotonic()
    r = upload_url(api, sid, f"http://127.0.0.1:{srv.port}/slow.jpg")
    took = time.monotonic() - start
    assert refused(r) and r.json()["message"].startswith("slow.jpg: "), r.text
    assert 0.9 < took < 3, took
    assert connects.by_engine() == [("127.0.0.1", srv.port)]  # the recorder sees what the engine connects to


def test_the_listener_sees_a_connection(tmp_path: Path, listener: Listener) -> None:
    """The probe the refusal tests rely on: a fetch allowed to reach the listener is seen."""
    assert fetch(tmp_path, f"http://127.0.0.1:{listener.port}/x.jpg", 0.5, allow_private=True) == "x.jpg: " + ANSWER
    assert listener.connected()


def test_a_body_past_the_limit_is_refused_while_streaming(engine_factory, servers) -> None:
    api = Api(engine_factory(allow_private_urls=True, size_limits={SOURCE: 256 * 1024}).url)
    sid = api.session()
    start = time.monotonic()
    r = upload_url(api, sid, f"http://127.0.0.1:{servers(endless).port}/big.jpg")
    assert r.status_code == 413 and r.json()["code"] == 4002, r.text
    assert "0.25 MB limit" in r.json()["message"] and time.monotonic() - start < 10
    # a declared length past the limit is refused before the body is read
    declared = servers(answer("200 OK", {"Content-Length": str(10 * 1024 * 1024)}))
    r = upload_url(api, sid, f"http://127.0.0.1:{declared.port}/big.jpg")
    assert r.status_code == 413 and r.json()["code"] == 4002, r.text
    assert api.state(sid)["state"]["video_infos"] == []


def test_every_failure_reads_the_same(engine_factory, servers) -> None:
    """Closed port, HTTP error, something that is not HTTP, silence past the deadline: one answer."""
    api = Api(engine_factory(url_timeout=1.0, allow_private_urls=True).url)
    sid = api.session()
    closed = socket.create_server(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    ports = [closed_port] + [
        servers(h).port
        for h in (answer("404 Not Found"), answer("500 Oops"), answer("401 Unauthorized"), not_http, silent)
    ]
    bodies = {upload_url(api, sid, f"http://127.0.0.1:{p}/x.jpg").content for p in ports}
    assert len(bodies) == 1
    assert refused(upload_url(api, sid, f"http://127.0.0.1:{closed_port}/x.jpg"))


# --- the fetch itself: redirects, pinning, the address classes -------------------------------------
PUBLIC_FOR_TEST = ipaddress.ip_address("127.0.0.2")  # stands in for a public host: Linux routes all of 127/8


def only_127_0_0_2(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return ip == PUBLIC_FOR_TEST


def fetch(tmp_path: Path, url: str, timeout: float = 5.0, **kw) -> str:
    """The error message of a fetch that must fail."""
    blobs = BlobStore(tmp_path / "blobs")
    with pytest.raises(IngestError) as e:
        anyio.run(lambda: fetch_url(blobs, url, 1 << 20, timeout, **kw))
    assert e.value.code == 422
    return str(e.value)


@pytest.fixture
def public_host(servers) -> Callable[[Handler], Server]:
    def make(handler: Handler) -> Server:
        return servers(handler, str(PUBLIC_FOR_TEST))  # all of 127/8 is loopback on Linux

    return make


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/x.jpg",
        "http://localhost:{port}/x.jpg",
        "http://[::1]:{port}/x.jpg",
        "http://2130706433:{port}/x.jpg",
    ],
)
def test_a_redirect_to_loopback_is_refused(
    tmp_path: Path,
    public_host,
    listener: Listener,
    target: str,
) -> None:
    hop = public_host(answer("302 Found", {"Location": target.format(port=listener.port)}))
    msg = fetch(tmp_path, f"http://{PUBLIC_FOR_TEST}:{hop.port}/start.jpg", is_allowed=only_127_0_0_2)
    assert msg == "start.jpg: " + ANSWER
    assert len(hop.requests) == 1 and not listener.connected()


def test_redirects_to_open_and_closed_ports_read_the_same(
    tmp_path: Path,
    public_host,
    listener: Listener,
) -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    closed_port = closed.getsockname()[1]
    closed.close()
    msgs = set()
    for port in (listener.port, closed_port):
        hop = public_host(answer("301 Moved", {"Location": f"http://127.0.0.1:{port}/x.jpg"}))
        msgs.add(fetch(tmp_path, f"http://{PUBLIC_FOR_TEST}:{hop.port}/a.jpg", is_allowed=only_127_0_0_2))
    assert msgs == {"a.jpg: " + ANSWER} and not listener.connected()


def test_redirects_stop_after_five(tmp_path: Path, servers) -> None:
    loop = servers(answer("307 Again", {"Location": "/again.jpg"}))
    assert fetch(tmp_path, f"http://127.0.0.1:{loop.port}/a.jpg", allow_private=True) == "a.jpg: " + ANSWER
    assert len(loop.requests) == 6  # the first request and five redirects


def test_a_redirect_to_another_scheme_is_refused(tmp_path: Path, servers) -> None:
    hop = servers(answer("302 Found", {"Location": "file:///etc/passwd"}))
    assert fetch(tmp_path, f"http://127.0.0.1:{hop.port}/a.jpg", allow_private=True) == "a.jpg: " + ANSWER


def test_the_connection_goes_to_the_checked_address(tmp_path: Path, servers, media: Path) -> None:
    """One lookup per hop, and the connection goes to its answer: a second lookup (DNS rebinding) of
    a name that only the test's resolver knows would fail."""
    data = photo(media / "p.jpg").read_bytes()
    srv = servers(answer("200 OK", {"Content-Type": "image/jpeg"}, data))
    lookups: list[tuple[str, int]] = []

    async def resolver(host: str, port: int) -> list[ipaddress.IPv4Address]:
        lookups.append((host, port))
        return [ipaddress.IPv4Address("127.0.0.1")]

    blobs = BlobStore(tmp_path / "blobs")
    got = anyio.run(
        lambda: fetch_url(
            blobs, f"http://cdn.invalid:{srv.port}/p.jpg", 1 << 20, 5.0, allow_private=True, resolver=resolver
        )
    )
    assert got.filename == "p.jpg" and got.file_type == "image" and blobs.has(got.sha)
    assert lookups == [("cdn.invalid", srv.port)]
    assert f"\r\nHost: cdn.invalid:{srv.port}\r\n" in srv.requests[0]


def test_every_resolved_address_must_pass(tmp_path: Path, listener: Listener) -> None:
    async def resolver(host: str, port: int) -> list[ipaddress.IPv4Address]:
        return [PUBLIC_FOR_TEST, ipaddress.IPv4Address("127.0.0.1")]

    msg = fetch(tmp_path, f"http://mixed.invalid:{listener.port}/m.jpg", resolver=resolver, is_allowed=only_127_0_0_2)
    assert msg == "m.jpg: " + ANSWER and not listener.connected()


def test_https_keeps_the_host_name_for_tls() -> None:
    import httpx

    client = httpx.AsyncClient()
    req = pinned_request(client, httpx.URL("https://cdn.example:8443/a/b.jpg?x=1"), ipaddress.ip_address("203.0.113.9"))
    assert str(req.url) == "https://203.0.113.9:8443/a/b.jpg?x=1"
    assert req.headers["host"] == "cdn.example:8443" and req.extensions["sni_hostname"] == "cdn.example"
    req = pinned_request(client, httpx.URL("http://cdn.example/b.jpg"), ipaddress.ip_address("2001:db8::1"))
    assert str(req.url) == "http://[2001:db8::1]/b.jpg" and req.headers["host"] == "cdn.example"
    assert "sni_hostname" not in req.extensions


@pytest.mark.parametrize(
    "addr",
    [
        "127.0.0.1",
        "127.255.0.9",
        "0.0.0.0",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.0.1",
        "169.254.169.254",
        "100.64.0.1",
        "100.127.255.254",
        "224.0.0.1",
        "239.1.1.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",
        "198.18.0.1",
        "::",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12::1",
        "fec0::1",
        "ff02::1",
        "ff0e::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::127.0.0.1",
        "64:ff9b::a00:1",
        "64:ff9b:1::1",
        "2002:7f00:1::1",
        "2002:a00:1::1",
        "2001:db8::1",
        "2001::1",
    ],
)
def test_non_public_addresses(addr: str) -> None:
    assert not is_public(ipaddress.ip_address(addr))


@pytest.mark.parametrize(
    "addr",
    ["8.8.8.8", "1.1.1.1", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e", "64:ff9b::808:808"],
)
def test_public_addresses(addr: str) -> None:
    assert is_public(ipaddress.ip_address(addr))


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "localhost"])
def test_odd_spellings_resolve_to_what_they_mean(host: str) -> None:
    ips = anyio.run(resolve, host, 80)
    assert ips and not any(is_public(ip) for ip in ips)
