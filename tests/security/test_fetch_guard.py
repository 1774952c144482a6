"""The URL fetch itself: a redirect may not lead to loopback, another scheme or a sixth hop; the
connection goes to the address that was checked; every resolved address must be public; https keeps
its host name; and the address classes. A hop that must first be allowed is driven with an address
check that counts one loopback address as public.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from pathlib import Path

import anyio
import pytest

from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.ingest import fetch_url
from reelsmith.engine.storage.netguard import is_public, pinned_request, resolve
from tests.media import photo

from .loopback import (
    ANSWER,
    PUBLIC_FOR_TEST,
    Handler,
    Listener,
    Server,
    answer,
    fetch,
    only_127_0_0_2,
)

# --- the fetch itself: redirects, pinning, the address classes -------------------------------------


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
