"""Keeping secrets out of output: tokens are wrapped, and a logging filter scrubs any that
slip into a message."""

from __future__ import annotations

import logging
import re
import threading


class Secret(str):
    """A token: behaves as the string for headers, but never shows itself in a repr."""

    def __repr__(self) -> str:
        return "Secret('***')"


_known: set[str] = set()
_lock = threading.Lock()
# token shapes we issue or the cloud issues, scrubbed even if never registered
_SHAPES = re.compile(r"\b(?:nmv_usr_|rsk_usr_|sk-ant-)[A-Za-z0-9_\-]{8,}")


def remember(secret: str) -> Secret:
    with _lock:
        if len(secret) >= 8:
            _known.add(secret)
    return Secret(secret)


def redact(text: str) -> str:
    with _lock:
        known = sorted(_known, key=len, reverse=True)
    for s in known:
        text = text.replace(s, "***")
    return _SHAPES.sub("***", text)


_installed = False


def install() -> None:
    """Scrub every log record as it is made, whichever logger or handler it goes to."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    make = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            msg = record.getMessage()
        except Exception:
            return record
        clean = redact(msg)
        if clean != msg:
            record.msg, record.args = clean, None
        return record

    logging.setLogRecordFactory(factory)
