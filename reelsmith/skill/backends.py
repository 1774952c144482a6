"""Where the client talks to: a local engine at a URL, or the NemoVideo cloud (NEMO_API_URL,
NEMO_TOKEN). Starting an engine in this process is `reelsmith.local`'s job, so the client never
depends on the engine."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from reelsmith.skill.errors import ConnectionFailed
from reelsmith.skill.redact import Secret, remember

CLOUD_URL = "https://mega-api-prod.nemovideo.ai"
WEB_URL = "https://nemovideo.com"


@dataclass
class Backend:
    kind: str  # local | cloud
    base_url: str
    key: str  # what its token is filed under in the credentials file
    token: Secret | None = None  # a fixed token (NEMO_TOKEN); else anonymous
    web_url: str = WEB_URL
    poll_interval: float = 30.0  # first export poll; the cloud renders in 30-90 s
    poll_max: float = 60.0
    on_close: Callable[[], None] | None = field(default=None, repr=False)  # stops an engine started for it

    @property
    def local(self) -> bool:
        return self.kind == "local"

    def close(self) -> None:
        if self.on_close is not None:
            self.on_close()
            self.on_close = None


def cloud(url: str | None = None, token: str | None = None) -> Backend:
    base = (url or os.environ.get("NEMO_API_URL") or CLOUD_URL).rstrip("/")
    tok = token or os.environ.get("NEMO_TOKEN") or None
    return Backend(
        "cloud", base, base, remember(tok) if tok else None, web_url=os.environ.get("NEMO_WEB_URL") or WEB_URL
    )


# a poll on loopback costs next to nothing, and a slowing one was up to 2 s of waiting after the render
# had finished (1.3 s measured by bench/make_trace.py); every local backend polls at this pace
LOCAL_POLL_INTERVAL, LOCAL_POLL_MAX = 0.2, 0.25


def local(url: str | None = None) -> Backend:
    """A local engine already running at `url` (or $REELSMITH_ENGINE_URL). To start one in this
    process, use `reelsmith.local.connect()`."""
    url = url or os.environ.get("REELSMITH_ENGINE_URL")
    if not url:
        raise ConnectionFailed(
            "no local engine URL: pass url=, set REELSMITH_ENGINE_URL, or start one with reelsmith.local.connect()"
        )
    base = url.rstrip("/")
    return Backend("local", base, f"local:{base}", poll_interval=LOCAL_POLL_INTERVAL, poll_max=LOCAL_POLL_MAX)
