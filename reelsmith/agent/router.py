"""The intent router: what can be answered at once, with no model call and no stream.

Export, credits, status and uploads go straight to their action; everything
else is an edit for the backend. A message that asks for a change *and* an
export ("export it as vertical") is an edit followed by an export; a negated
one ("don't export yet") is not an export.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

EXPORT = (
    r"\b(?:export|download|render)\b|send (?:me )?(?:the |my )?(?:video|mp4|file)|give me the (?:video|mp4)|"
    r"save (?:it|the video) as (?:an? )?mp4|导出|下载|发给我"
)
CREDITS = r"\b(?:credits?|balance|quota)\b|how much (?:credit|do i have)|积分|余额|额度"
STATUS = (
    r"^\s*(?:status|state|show (?:me )?(?:the )?(?:tracks|timeline|status)|what(?:'s| is) (?:on )?the timeline|"
    r"where are we|progress)\s*[?？!.]*\s*$|状态|显示轨道|时间线"
)
UPLOAD = r"^\s*(?:upload|add files?|上传)\b"
NEGATED = (
    r"\b(?:don'?t|do not|not yet|no need to|never|stop|before (?:you|we)|without)\b[^,.;]{0,20}"
    r"(?:export|download|render)|先不要?导出|不要导出|别导出|暂时不"
)
# what may surround "export" without asking for a change: "please export it now in high quality"
FILLER = (
    r"\b(?:please|pls|now|then|and|it|this|that|the|my|me|a|an|as|in|at|to|for|of|video|mp4|file|version|"
    r"quality|best|high|standard|draft|preview|1080p|hd|can|could|would|you|i|want|like|let'?s|ok|okay|yes|"
    r"go|ahead|just|final|finished|result|thanks?|thank)\b|请|现在|视频|吧|一下|把|给我|我|的|。|，"
)


@dataclass
class Route:
    kind: str  # export | credits | status | upload | edit | edit+export
    text: str = ""  # what goes to the editor
    files: list[str] = field(default_factory=list)  # for upload: paths or URLs
    quality: str | None = None


def _one(item: str) -> str | None:
    """One pasted item as an existing file or folder, or an http(s) URL; None if it is neither."""
    p = item.strip().strip("'\"")
    if p.startswith("file://"):  # what some file managers copy: percent-encoded
        p = unquote(urlparse(p).path)
    if urlparse(p).scheme in ("http", "https") and urlparse(p).netloc:
        return p
    path = Path(p).expanduser()
    return str(path) if p and path.exists() else None


def _greedy(words: list[str]) -> list[str] | None:
    """Unquoted paths with spaces in them, side by side: the longest run of words that names an
    existing path, then the next."""
    out, i = [], 0
    while i < len(words):
        for j in range(len(words), i, -1):
            if (found := _one(" ".join(words[i:j]))) is not None:
                out.append(found)
                i = j
                break
        else:
            return None
    return out


def _paths(text: str) -> list[str] | None:
    """The message as a list of existing files, folders or URLs, or None if it is anything else:
    paths quoted, shell-escaped, unquoted with spaces, as file:// URLs, or one per line."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        return None
    if len(lines) > 1:  # a paste of several lines: one path per line, spaces and all
        found = [_one(ln) for ln in lines]
        return None if None in found else [f for f in found if f is not None]
    try:
        parts = shlex.split(text)
    except ValueError:
        parts = text.split()
    tokens = [_one(p) for p in parts]
    if parts and None not in tokens:
        return [f for f in tokens if f is not None]
    return _greedy(text.split())


CREDIT_WORDS = (
    r"\b(?:check|show|see|tell|what(?:'s| is| are)?|how|many|much|do|does|i|have|has|left|remaining|my|me|the|"
    r"is|are|of|please|current|account)\b|[?？!.,。，]|还有|多少|剩下?|查询?|看看?|一下|我的?|是|吗|呢|现在"
)


def route(text: str) -> Route:
    t = text.strip()
    low = t.lower()
    if (files := _paths(t)) is not None:
        return Route("upload", files=files)
    if re.search(UPLOAD, low):
        rest = re.sub(UPLOAD, "", t, count=1, flags=re.I).strip()
        return Route("upload", files=_paths(rest) or [])
    quality = m[1] if (m := re.search(r"\b(best|high|standard|draft|preview)(?: quality)?\b", low)) else None
    if re.search(EXPORT, low) and not re.search(NEGATED, low):
        rest = re.sub(FILLER, " ", re.sub(EXPORT, " ", low))  # what is left once export words and filler go
        if re.sub(r"[\s,.!?;:'\"-]+", "", rest):
            return Route("edit+export", text=t, quality=quality)
        return Route("export", quality=quality)
    # a question about credits, and nothing else: "balance the music with the clips" is an edit
    if re.search(CREDITS, low) and not re.sub(r"\s+", "", re.sub(CREDIT_WORDS, " ", re.sub(CREDITS, " ", low))):
        return Route("credits")
    if re.search(STATUS, low):
        return Route("status")
    return Route("edit", text=t)
