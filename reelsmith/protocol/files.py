"""How a draft names a file the engine stores: `/files/<sha256>/<name>`, with no host, so a draft
outlives the port it was made on."""

from __future__ import annotations

import re
from urllib.parse import quote

_REF = re.compile(r"/files/([0-9a-f]{64})(?:/|$)")


def file_ref(sha: str, name: str, *, for_url: bool = False) -> str:
    """The reference a draft keeps; `for_url` quotes the name as a URL path segment."""
    return f"/files/{sha}/{quote(name) if for_url else name}"


def sha_of(ref: str) -> str | None:
    """The hash in a file reference, whatever host or query it was given with."""
    m = _REF.search(ref)
    return m[1] if m else None
