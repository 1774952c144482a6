"""The protocol's wire details the client's modules share: the app name in paths, and reading a
body that may not be JSON."""

from __future__ import annotations

from typing import Any

import httpx

APP = "nemo_agent"


def response_json(r: httpx.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        return None
