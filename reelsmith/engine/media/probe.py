"""Probe every input before it reaches a timeline: what it is, how big, how long.

Images are read by Pillow (EXIF orientation applied, HEIC through pillow-heif);
clips and audio by the ffmpeg binary itself, since imageio-ffmpeg ships no ffprobe.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.protocol.facts import AUDIO_SUFFIXES, IMAGE_SUFFIXES, VIDEO_SUFFIXES

# A decompression bomb guard: 100 megapixels is bigger than any phone photo.
MAX_PIXELS = 100_000_000
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

try:  # HEIC from iPhones
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - optional at runtime
    pass

IMAGE_EXT = {s[1:] for s in IMAGE_SUFFIXES}
VIDEO_EXT = {s[1:] for s in VIDEO_SUFFIXES}
AUDIO_EXT = {s[1:] for s in AUDIO_SUFFIXES}
ACCEPTED_EXT = IMAGE_EXT | VIDEO_EXT | AUDIO_EXT


class ProbeError(ValueError):
    """A file that cannot be used; the message names it and says what to do."""


@dataclass
class MediaInfo:
    path: str
    file_type: str  # image | video | audio
    width: int = 0
    height: int = 0
    duration: float = 0.0  # seconds; 0 for stills
    fps: float = 0.0
    has_audio: bool = False
    has_alpha: bool = False
    rotation: int = 0
    codec: str = ""
    format: str = ""
    hash: str = ""
    start: float | None = None  # seconds where a clip's or sound's timestamps begin; None if not said

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff(path: Path) -> str | None:
    """The media kind by content, not by name: image, video, audio or None."""
    with path.open("rb") as f:
        head = f.read(64)
    if head[:3] == b"\xff\xd8\xff" or head[:8] == b"\x89PNG\r\n\x1a\n" or head[:4] == b"GIF8":
        return "image"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis", b"hevc", b"avif"):
            return "image"
        if brand in (b"M4A ", b"M4B "):
            return "audio"
        return "video"
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return "video"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio"
    if head[:4] == b"\x1a\x45\xdf\xa3":  # Matroska / WebM
        return "video"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        # MPEG audio frames (mp3) and ADTS AAC both start with a 0xFFE sync word
        return "audio"
    if head[4:8] in (b"moov", b"mdat", b"wide", b"free"):
        return "video"
    return None


def media_type(path: Path) -> str:
    """The Content-Type of a stored file, from its bytes (never from a name someone chose)."""
    with path.open("rb") as f:
        head = f.read(64)
    if head[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if head[:4] == b"GIF8":
        return "image/gif"
    if head[:4] == b"RIFF":
        return {b"WEBP": "image/webp", b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}.get(
            head[8:12], "application/octet-stream"
        )
    kind = sniff(path)
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if kind == "image":
            return "image/avif" if brand == b"avif" else "image/heic"
        if kind == "audio":
            return "audio/mp4"
        return "video/quicktime" if brand == b"qt  " else "video/mp4"
    return {"video": "video/x-matroska" if head[:4] == b"\x1a\x45\xdf\xa3" else "video/mp4", "audio": "audio/mpeg"}.get(
        kind or "", "application/octet-stream"
    )


def probe(path: str | Path, *, with_hash: bool = True) -> MediaInfo:
    """What a file is. `with_hash=False` skips hashing the content, for callers that only need facts."""
    p = Path(path)
    if not p.is_file():
        raise ProbeError(f"{p}: no such file; check the path")
    kind = sniff(p)
    if kind is None:
        raise ProbeError(
            f"{p.name}: not a photo, clip or audio file we can read; use one of: {', '.join(sorted(ACCEPTED_EXT))}"
        )
    info = _probe_image(p) if kind == "image" else _probe_av(p, kind)
    if with_hash:
        info.hash = file_hash(p)
    return info


def _probe_image(p: Path) -> MediaInfo:
    try:
        with Image.open(p) as im:  # reads the header only
            fmt = (im.format or "").lower()
            w, h = im.size
            if w * h > MAX_PIXELS:  # before any decode: the size alone costs the memory
                raise Image.DecompressionBombError
            alpha = im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info)
            orientation = im.getexif().get(0x0112, 1)
            if im.format == "JPEG":
                im.draft("RGB", (max(1, w // 8), max(1, h // 8)))  # checked at 1/8 scale: cheap
            im.load()  # a decode: truncated files fail here, not mid-render
            if orientation in (5, 6, 7, 8):  # EXIF says the picture stands the other way up
                w, h = h, w
    except Image.DecompressionBombError:
        raise ProbeError(
            f"{p.name}: image is larger than {MAX_PIXELS // 1_000_000} megapixels; resize it first"
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise ProbeError(f"{p.name}: image is corrupt or unsupported ({e}); re-export it as JPEG or PNG") from None
    rotation = {3: 180, 6: 90, 8: 270}.get(orientation, 0)
    return MediaInfo(str(p), "image", w, h, has_alpha=alpha, rotation=rotation, format=fmt)


_DUR = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)(?:, start: (-?\d+(?:\.\d+)?))?")
_VID = re.compile(r"Stream #\d+:\d+.*?: Video: (\w+).*?, (\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?) (?:fps|tbr)")
_ROT = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees")
_AUD = re.compile(r"Stream #\d+:\d+.*?: Audio: (\w+)")


def _probe_av(p: Path, kind: str) -> MediaInfo:
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(p)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=60,
        process_group=0,  # immune to Ctrl-C
    )
    err = proc.stderr
    if "Invalid data found" in err or "could not find codec" in err.lower():
        raise ProbeError(f"{p.name}: file is corrupt or not a media file; re-export it as MP4")
    dm = _DUR.search(err)
    duration, start = 0.0, None
    if dm:
        start = float(dm[4]) if dm[4] else None
        duration = int(dm[1]) * 3600 + int(dm[2]) * 60 + float(dm[3])
    vm = _VID.search(err)
    am = _AUD.search(err)
    # cover art in an mp3/m4a shows as a video stream; audio files stay audio
    if vm and kind == "video":
        w, h = int(vm[2]), int(vm[3])
        line = err[vm.start() :].split("\n", 1)[0]
        fm = _FPS.search(line)
        rm = _ROT.search(err[vm.start() :])
        rot = int(round(float(rm[1]))) % 360 if rm else 0
        if rot in (90, 270):  # ffmpeg rotates on decode, so report the upright size
            w, h = h, w
        if duration <= 0:
            raise ProbeError(f"{p.name}: clip has no readable duration; re-export it as MP4")
        return MediaInfo(
            str(p),
            "video",
            w,
            h,
            duration=duration,
            fps=float(fm[1]) if fm else 0.0,
            has_audio=am is not None,
            rotation=rot,
            codec=vm[1],
            format=p.suffix.lstrip(".").lower(),
            start=start,
        )
    if am:
        if duration <= 0:
            raise ProbeError(f"{p.name}: audio has no readable duration; re-export it as MP3 or WAV")
        return MediaInfo(
            str(p),
            "audio",
            duration=duration,
            has_audio=True,
            codec=am[1],
            format=p.suffix.lstrip(".").lower(),
            start=start,
        )
    raise ProbeError(f"{p.name}: no video or audio stream found; re-export it as MP4 or MP3")
