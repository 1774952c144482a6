"""Where a URL upload may connect: public addresses only, checked on every hop, connected to as checked.

A URL from a user is a request made from the engine's own place on the network, so each hop of a fetch
is resolved once, refused unless every address it resolves to is public unicast, and then connected to
by that address (the Host header and the TLS name stay the URL's host), so a second DNS answer cannot
move the connection somewhere else. Redirects are followed here, one checked hop at a time.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

import anyio
import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[Sequence[IPAddress]]]
AddressCheck = Callable[[IPAddress], bool]

MAX_REDIRECTS = 5
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # well-known prefix: the last 32 bits are an IPv4 address
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


class Refused(Exception):
    """This URL may not be fetched. The reason is for the log, never for the user."""


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 form carries (mapped, compatible, NAT64, 6to4, Teredo), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if int(ip) >> 32 == 0 or ip in _NAT64:  # ::a.b.c.d (deprecated "compatible") or 64:ff9b::a.b.c.d
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    return None


def is_public(ip: IPAddress) -> bool:
    """Global unicast only: no loopback, private, link-local, multicast, unspecified, reserved or shared
    addresses, nor IPv6 forms that carry one of those as an IPv4 address."""
    if isinstance(ip, ipaddress.IPv6Address):
        v4 = _embedded_v4(ip)
        if v4 is not None and not is_public(v4):
            return False
        if ip in _NAT64:  # a NAT64 gateway's address for a public IPv4 host (IPv6-only networks)
            return True
        if ip.is_site_local or ip in _NAT64_LOCAL:
            return False
    elif ip in _SHARED:
        return False
    bad = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved
    return ip.is_global and not (bad or ip.is_unspecified)


async def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the system resolves `host` to (IP literals in any form the resolver accepts,
    such as 2130706433, 0x7f000001 or 127.1, come back as the address they mean)."""
    try:
        infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        found = [ipaddress.ip_address(sockaddr[0]) for *_, sockaddr in infos]
    except (OSError, UnicodeError, ValueError) as e:
        raise Refused(f"{host}: does not resolve ({e})") from None
    return list(dict.fromkeys(found))


async def checked_addresses(url: httpx.URL, is_allowed: AddressCheck, resolver: Resolver) -> list[IPAddress]:
    """The addresses one hop may connect to; refused unless the scheme is http(s) and every address passes."""
    if url.scheme not in ("http", "https") or not url.host:
        raise Refused(f"{url}: not an http(s) URL with a host")
    port = url.port or (443 if url.scheme == "https" else 80)
    ips = list(await resolver(url.raw_host.decode("ascii"), port))
    if not ips:
        raise Refused(f"{url.host}: no addresses")
    bad = [str(ip) for ip in ips if not is_allowed(ip)]
    if bad:
        raise Refused(f"{url.host}: resolves to a forbidden address ({', '.join(bad)})")
    return ips


def pinned_request(client: httpx.AsyncClient, url: httpx.URL, ip: IPAddress) -> httpx.Request:
    """A GET for `url` sent to `ip`: the URL's host stays in the Host header and, for https, in the
    TLS server name that the certificate is checked against."""
    extensions = {"sni_hostname": url.raw_host.decode("ascii")} if url.scheme == "https" else None
    return client.build_request(
        "GET", url.copy_with(host=str(ip)), headers={"Host": url.netloc.decode("ascii")}, extensions=extensions
    )


async def _send(client: httpx.AsyncClient, url: httpx.URL, ips: list[IPAddress]) -> httpx.Response:
    for i, ip in enumerate(ips):
        try:
            return await client.send(pinned_request(client, url, ip), stream=True)
        except (httpx.ConnectError, httpx.ConnectTimeout):
            if i == len(ips) - 1:
                raise
    raise AssertionError("unreachable")


@asynccontextmanager
async def open_url(
    url: str,
    timeout: httpx.Timeout,
    *,
    is_allowed: AddressCheck = is_public,
    resolver: Resolver = resolve,
    max_redirects: int = MAX_REDIRECTS,
) -> AsyncIterator[httpx.Response]:
    """The streamed response at the end of `url`'s redirects, every hop checked before it is connected to.

    Raises Refused for a forbidden hop, or httpx errors for a failed one. No proxy from the environment
    is used: the connection goes to the checked address itself.
    """
    current = httpx.URL(url)
    for _ in range(max_redirects + 1):
        ips = await checked_addresses(current, is_allowed, resolver)
        async with httpx.AsyncClient(trust_env=False, follow_redirects=False, timeout=timeout) as client:
            r = await _send(client, current, ips)
            try:
                location = r.headers.get("location")
                if r.status_code not in REDIRECT_CODES or location is None:
                    yield r
                    return
                current = current.join(location)
            finally:
                await r.aclose()
    raise Refused(f"more than {max_redirects} redirects")
