"""Paths an MCP host passes: absolute, `~` or a URL as given; a relative one against the first folder
(file:// root) the host shares, or refused, since the server's own folder is nothing a host shows."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from mcp.server.mcpserver import Context, ListRoots
from mcp.types import ListRootsResult

from reelsmith.agent.inputs import InputError, is_url


def local_path(item: str) -> Path:
    try:
        return Path(item).expanduser()
    except RuntimeError:  # ~someone with no home folder here: taken as written
        return Path(item)


def needs_root(items: Iterable[str | None]) -> bool:
    """A path left out (a default name) or a relative one: it needs a folder to live in."""
    return any(i is None or not (is_url(i) or local_path(i).is_absolute()) for i in items)


def ask_roots(ctx: Context, items: Iterable[str | None]) -> ListRoots | None:
    """Ask the host for its roots only when a path needs one and the host can answer."""
    try:
        caps = ctx.client_capabilities
    except ValueError:  # no request (a direct MCPServer.call_tool): nobody to ask
        return None
    return ListRoots() if needs_root(items) and caps is not None and caps.roots is not None else None


# Resolvers take the tool's arguments by name, so there is one per argument set.
def roots_for_paths(ctx: Context, paths: list[str]) -> ListRoots | None:
    return ask_roots(ctx, paths)


def roots_for_output(ctx: Context, output: str | None) -> ListRoots | None:
    return ask_roots(ctx, [output])


def roots_for_make(ctx: Context, inputs: list[str], output: str) -> ListRoots | None:
    return ask_roots(ctx, [*inputs, output])


def root_folder(roots: ListRootsResult | None) -> Path | None:
    """The first file:// root the host gave, as a local path."""
    for root in roots.roots if roots is not None else []:
        u = urlparse(str(root.uri))
        if u.scheme == "file":
            path = url2pathname(u.path)
            return Path(f"//{u.netloc}{path}" if u.netloc not in ("", "localhost") else path)
    return None


def resolve(item: str, base: Path | None) -> str | Path:
    """A URL as given; a path absolute, or relative to `base` (the host's folder), else refused."""
    if is_url(item):
        return item
    p = local_path(item)
    if p.is_absolute():
        return p
    if base is None:
        raise InputError(
            f"{item}: a relative path, and this host shares no folder (MCP root) to resolve it against; "
            "pass an absolute path"
        )
    return base / p
