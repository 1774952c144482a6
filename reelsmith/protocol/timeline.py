"""The draft (timeline) JSON as both sides of the protocol see it: a one-line summary in the
skills' format, and what changed between two versions. Works on raw dicts, so a cloud
draft with keys we do not know is read as far as it can be."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from reelsmith.protocol.facts import TrackType

VIDEO, AUDIO, OVERLAY, TEXT = TrackType


def _n(ms: float) -> str:
    s = (ms or 0) / 1000
    return f"{s:.0f}" if abs(s - round(s)) < 0.05 else f"{s:.1f}"


def _s(ms: float) -> str:
    return _n(ms) + "s"


def _span(start: float, end: float) -> str:
    """`0-10s`, as the skills write it."""
    return f"{_n(start)}-{_n(end)}s"


def _name(seg: dict[str, Any]) -> str:
    if seg.get("name"):
        return str(seg["name"])
    src = str(seg.get("src") or seg.get("url") or "")
    return PurePosixPath(src.split("?")[0]).stem or "clip"


def transition_ms(sg: Sequence[Mapping[str, Any]], i: int) -> int:
    """Length of the transition out of video segment i, clamped so it fits both neighbours."""
    tr = sg[i].get("tr")
    if i + 1 >= len(sg) or not isinstance(tr, Mapping) or tr.get("name", "fade") == "none":
        return 0
    return max(0, min(int(tr.get("d", 800)), _ms(sg[i]) // 2, _ms(sg[i + 1]) // 2))


def layout(sg: Sequence[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Where each video segment sits, (start, end) in ms: in order, each transition overlapping
    its neighbours. The one geometry the renderer, the editor and the summary all use."""
    out: list[tuple[int, int]] = []
    t = 0
    for i, s in enumerate(sg):
        out.append((t, t + _ms(s)))
        t += _ms(s) - transition_ms(sg, i)
    return out


def video_end(sg: Sequence[Mapping[str, Any]]) -> int:
    spans = layout(sg)
    return spans[-1][1] if spans else 0


def _ms(seg: Mapping[str, Any]) -> int:
    d = seg.get("d")
    return int(d) if isinstance(d, int | float) and d > 0 else 0


def tracks(draft: dict[str, Any] | None) -> list[dict[str, Any]]:
    return [t for t in (draft or {}).get("t") or [] if isinstance(t, dict)]


def has_segments(draft: dict[str, Any] | None) -> bool:
    """Ready for export: some track has a non-empty `sg`."""
    return any(t.get("sg") for t in tracks(draft))


def summary_parts(draft: dict[str, Any] | None) -> list[str]:
    parts = []
    for t in tracks(draft):
        sg = [s for s in t.get("sg") or [] if isinstance(s, dict)]
        if not sg:
            continue
        tt = t.get("tt")
        if tt == VIDEO:
            names = ", ".join(_name(s) for s in sg[:4]) + ("…" if len(sg) > 4 else "")
            parts.append(f"Video: {len(sg)} clips/photos — {names} ({_span(0, video_end(sg))})")
        elif tt == AUDIO:
            for a in sg:
                vol = a.get("vol", 1)
                pct = round(vol * 100) if isinstance(vol, int | float) and vol <= 1 else vol
                st = a.get("st", 0)
                parts.append(f"BGM: {_name(a)} ({_span(st, st + (a.get('d') or 0))}, {pct}%)")
        elif tt == OVERLAY:
            for o in sg:
                st = o.get("st", 0)
                where = str(o.get("pos", "corner")).replace("_", " ")
                parts.append(f"Logo: {where} ({_span(st, st + (o.get('d') or 0))})")
        elif tt == TEXT:
            sg = sorted(sg, key=lambda x: x.get("st", 0))
            caps = [x for x in sg if x.get("role") == "caption"]
            if len(caps) > 1:  # one line for a run of captions, or they crowd out everything else
                quoted = ", ".join(f'"{x.get("text", "")}"' for x in caps[:3]) + ("…" if len(caps) > 3 else "")
                end = max(x.get("st", 0) + (x.get("d") or 0) for x in caps)
                parts.append(f"Captions: {len(caps)} — {quoted} ({_span(caps[0].get('st', 0), end)})")
            for x in sg:
                if len(caps) > 1 and x.get("role") == "caption":
                    continue
                st = x.get("st", 0)
                role = str(x.get("role") or "title").replace("_", " ").title().replace("Cta", "Call to action")
                parts.append(f'{role}: "{x.get("text", "")}" ({_span(st, st + (x.get("d") or 0))})')
        else:
            parts.append(f"{t.get('name') or f'Track {tt}'}: {len(sg)} segment{'s' * (len(sg) != 1)}")
    return parts


def summary(draft: dict[str, Any] | None) -> str:
    """`Timeline (3 tracks): 1. Video: … 2. BGM: Lo-fi (0-10s, 35%) 3. Title: "Urban Dreams" (0-3s)`"""
    parts = summary_parts(draft)
    if not parts:
        return "Timeline is empty: nothing has been added yet."
    return f"Timeline ({len(parts)} tracks): " + " ".join(f"{i + 1}. {p}" for i, p in enumerate(parts))


_SPAN = re.compile(r"[\d.]+-[\d.]+s")


def _key(part: str) -> str:
    """A summary part without its trailing `(span, volume)`: what the item is, not where it sits."""
    return re.sub(r" \([^()]*\)$", "", part)


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """What an edit did, in words: for turns that end without any text.

    Items are matched by what they are (`BGM: calm`, `Logo: top right`), not by their whole summary
    line: a new length moves every span, and that is one change ("length is now 6s"), not each track
    removed and added again."""
    out: list[str] = []
    mb, ma = (before or {}).get("m") or {}, (after or {}).get("m") or {}
    if (mb.get("width"), mb.get("height")) != (ma.get("width"), ma.get("height")) and ma.get("width"):
        out.append(f"canvas is now {ma.get('width')}x{ma.get('height')}")
    resized = (before or {}).get("d") != (after or {}).get("d") and bool((after or {}).get("d"))
    if resized:
        out.append(f"length is now {_s((after or {})['d'])}")
    new = summary_parts(after)
    gone = [p for p in summary_parts(before) if p not in new]
    added = [p for p in new if p not in set(summary_parts(before))]
    moved: list[tuple[str, str]] = []
    for p in list(added):
        twin = next((g for g in gone if _key(g) == _key(p)), None)
        if twin is not None:  # the same item, somewhere else or at another volume
            gone.remove(twin)
            added.remove(p)
            moved.append((twin, p))
    out += [f"added {p}" for p in added if not p.startswith("Video:")]
    out += [f"removed {p}" for p in gone if not p.startswith("Video:")]
    for b, a in moved:
        was, now = b[len(_key(b)) + 1 :], a[len(_key(a)) + 1 :]
        if resized and _SPAN.sub("", was) == _SPAN.sub("", now):
            continue  # only its span followed the new length: said already
        out.append(f"{_key(a)} {was} → {now}")
    if any(p.startswith("Video:") for p in added):
        out.append("video track: " + next(p for p in added if p.startswith("Video:"))[7:])
    # a first build is said by its summary lines; its fps and fades are not changes to anything
    return out + (_details(before or {}, after or {}) if has_segments(before) else [])


# what the one-line summary does not show, named as a person would say it
_META = {"fps": "fps", "filter": "look", "fade_in": "fade in", "fade_out": "fade out", "bg": "background"}
_ITEM = {"tr": "transitions", "motion": "motion", "fit": "framing", "focus": "framing", "filter": "look",
         "speed": "speed", "mute": "sound"}  # fmt: skip
_TEXT = {"pos": "position", "style": "style", "fi": "fade in", "fo": "fade out", "box": "box"}


def _details(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Changes to items that stay (a title's style, the transitions, the look): the summary lines match
    before and after, so `changes` would otherwise say nothing about an edit that did something."""
    out: list[str] = []
    mb, ma = before.get("m") or {}, after.get("m") or {}
    for key, word in _META.items():
        if mb.get(key) != ma.get(key) and key in ma:
            value = _s(ma[key]) if key.startswith("fade") else _word(ma[key])  # fades are in ms
            out.append(f"{word} is now {value}")

    def segs(d: dict[str, Any], tt: int) -> list[dict[str, Any]]:
        return [x for t in tracks(d) if t.get("tt") == tt for x in t.get("sg") or [] if isinstance(x, dict)]

    vb, va = segs(before, VIDEO), segs(after, VIDEO)
    if [_name(x) for x in vb] == [_name(x) for x in va]:  # the same items: what about them changed
        what = sorted({_ITEM[k] for x, y in zip(vb, va, strict=True) for k in _ITEM if x.get(k) != y.get(k)})
        if what:
            out.append("video: " + ", ".join(what) + " changed")
    tb = {(x.get("role"), x.get("text")): x for x in segs(before, TEXT)}
    for x in segs(after, TEXT):
        was = tb.get((x.get("role"), x.get("text")))
        if was is not None and (what := [w for k, w in _TEXT.items() if was.get(k) != x.get(k)]):
            role = str(x.get("role") or "title").replace("_", " ").title().replace("Cta", "Call to action")
            out.append(f'{role} "{x.get("text", "")}": {", ".join(dict.fromkeys(what))} changed')
    return out


def _word(v: Any) -> str:
    if isinstance(v, bool) or v is None:
        return str(v).lower()
    if isinstance(v, int | float):
        return f"{v:g}"
    return str(v)
