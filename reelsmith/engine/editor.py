"""Turn uploads plus a request into a first timeline (the offline planner's first cut).

This is the simple editor: it builds a slideshow or promo from what was uploaded
and reads duration, aspect, title text, music mood and transition style from
the request. Iterative edits ("slower", "the second photo") come with the full
editor.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import timeline
from .draft import ASPECTS, Draft
from .music import ALIASES, MOODS
from .probe import MediaInfo

WORD_NUMBERS = {
    "five": 5, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
    "fifty": 50, "sixty": 60, "ninety": 90,
}
DEFAULT_PHOTO_MS = 3500
TRANSITION_MS = 700
GENTLE_MOTIONS = ("zoom_in", "pan_right", "zoom_out", "pan_left", "zoom_in", "pan_up")


@dataclass
class Request:
    seconds: float | None = None
    aspect: str = "16:9"
    height: int = 1080
    title: str | None = None
    captions: list[str] = field(default_factory=list)
    mood: str | None = None
    music: bool = True
    transition: str = "fade"
    motion: bool = True


def parse_request(text: str) -> Request:
    t = text.lower()
    r = Request()
    m = re.search(r"(\d+(?:\.\d+)?)\s*(?:-|\s)?\s*(s|sec|secs|second|seconds|秒)\b", t) or re.search(
        r"(\d+(?:\.\d+)?)\s*秒", t)
    if m:
        r.seconds = float(m[1])
    elif (m := re.search(r"(\d+):(\d{2})", t)):
        r.seconds = int(m[1]) * 60 + int(m[2])
    elif "half a minute" in t or "半分钟" in t:
        r.seconds = 30
    elif (m := re.search(r"(\d+)\s*(?:-|\s)?\s*min", t)):
        r.seconds = int(m[1]) * 60
    else:
        for word, n in WORD_NUMBERS.items():
            if re.search(rf"\b{word}[- ]second", t):
                r.seconds = n
    if re.search(r"vertical|portrait|9:16|reels?|tiktok|shorts|stories|竖", t):
        r.aspect = "9:16"
    elif re.search(r"square|1:1|方形", t):
        r.aspect = "1:1"
    elif "4:5" in t:
        r.aspect = "4:5"
    if re.search(r"\b720p\b", t):
        r.height = 720
    quoted = re.findall(r"[\"“「『']([^\"”」』']{2,80})[\"”」』']", text)
    if quoted:
        r.title, r.captions = quoted[0], quoted[1:]
    for word in list(MOODS) + list(ALIASES):
        if re.search(rf"\b{re.escape(word)}\b", t):
            r.mood = ALIASES.get(word, word)
            break
    if re.search(r"no music|without music|remove the music|不要音乐", t):
        r.music = False
    if re.search(r"no transitions?|hard cuts?", t):
        r.transition = "none"
    elif (m := re.search(r"\b(wipe|slide|circle|radial|dissolve)", t)):
        r.transition = {"wipe": "wipeleft", "slide": "slideleft", "circle": "circleopen"}.get(m[1], m[1])
    if re.search(r"no (ken burns|motion|zoom)|static", t):
        r.motion = False
    return r


def canvas(aspect: str, height: int) -> tuple[int, int]:
    w, h = ASPECTS[aspect]
    k = height / 1080
    return int(round(w * k / 2) * 2), int(round(h * k / 2) * 2)


def is_logo(info: MediaInfo) -> bool:
    name = Path(info.path).stem.lower()
    return "logo" in name or (info.has_alpha and max(info.width, info.height) <= 1200)


MusicMaker = Callable[[str, float], str]  # (mood, seconds) -> path of a generated track


def build(uploads: list[MediaInfo], request: str, music: MusicMaker | None = None) -> Draft:
    """A first cut: photos and clips in upload order, logo as an overlay, music under it all.

    Without an uploaded song, `music` is asked for a track in the requested mood,
    once the length is known.
    """
    r = parse_request(request)
    logos = [u for u in uploads if u.file_type == "image" and is_logo(u)]
    visuals = [u for u in uploads if u.file_type in ("image", "video") and u not in logos]
    songs = [u for u in uploads if u.file_type == "audio"]
    if not visuals:
        raise ValueError("no photos or clips to build from; add some images or videos")
    w, h = canvas(r.aspect, r.height)
    n = len(visuals)
    trans = TRANSITION_MS if r.transition != "none" and n > 1 else 0
    natural = [min(u.duration * 1000, 8000) if u.file_type == "video" else DEFAULT_PHOTO_MS for u in visuals]
    total = int(r.seconds * 1000) if r.seconds else int(sum(natural) - trans * (n - 1))
    # share the length out in proportion to each item's natural length, overlaps included
    scale = (total + trans * (n - 1)) / sum(natural)
    durs = [max(2 * trans + 200, int(d * scale)) for d in natural]
    durs[-1] += total + trans * (n - 1) - sum(durs)
    video = []
    for i, (u, d) in enumerate(zip(visuals, durs, strict=True)):
        seg = {"id": f"v{i + 1}", "src": u.path, "name": Path(u.path).stem, "kind": u.file_type, "d": d,
               "fit": "cover" if u.file_type == "video" or _same_shape(u, w, h) else "blur"}
        if u.file_type == "image" and r.motion:
            seg["motion"] = {"type": GENTLE_MOTIONS[i % len(GENTLE_MOTIONS)], "amount": 0.06}
        if i < n - 1 and trans:
            seg["tr"] = {"name": r.transition, "d": trans}
        video.append(seg)
    tracks: list[dict] = [{"tt": 0, "name": "Video", "sg": video}]
    if r.music and (songs or music):
        mood = r.mood or "upbeat"
        src = songs[0].path if songs else music(mood, total / 1000)  # type: ignore[misc]
        name = Path(songs[0].path).stem if songs else mood
        tracks.append({"tt": 1, "name": "BGM", "sg": [{"id": "a1", "src": src, "name": name, "d": total,
                                                       "vol": 0.35 if any(v.has_audio for v in visuals) else 0.6}]})
    if logos:
        tracks.append({"tt": 2, "name": "Logo", "sg": [{"id": "o1", "src": logos[0].path, "name": "logo", "d": total,
                                                        "pos": "top_right", "size": 0.12}]})
    texts = []
    if r.title:
        texts.append({"id": "t1", "text": r.title, "role": "title", "st": 0, "d": min(3500, total), "pos": "center",
                      "style": {"size": 0.09}})
    for j, cap in enumerate(r.captions):
        st = min(total - 1000, sum(durs[: j + 2]) - trans * (j + 1))
        texts.append({"id": f"t{j + 2}", "text": cap, "role": "caption", "st": max(0, st), "d": 3000, "pos": "bottom"})
    if texts:
        tracks.append({"tt": 7, "name": "Text", "sg": texts})
    return Draft.parse({"t": tracks, "d": total, "m": {"title": r.title or "reelsmith video", "width": w,
                                                         "height": h, "fps": 30}})


def _same_shape(u: MediaInfo, w: int, h: int) -> bool:
    """Cover when the photo's shape is close to the canvas; otherwise contain on a blurred fill."""
    if not u.width or not u.height:
        return True
    return abs(u.width / u.height - w / h) / (w / h) < 0.35


def summary(d: Draft) -> str:
    """The skills' one-line timeline summary."""
    return timeline.summary(d.dump())
