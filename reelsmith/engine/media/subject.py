"""Where the subject of a photo is: faces, else the most salient region, as fractions of the picture.

Faces come from OpenCV's frontal-face Haar cascade, the model file that ships inside the
opencv-python-headless wheel (`cv2.data.haarcascades`; OpenCV 5 wheels no longer ship it, hence the
pin below 5). With no face, a spectral-residual saliency map (Hou and Zhang, 2007: the part of the log
spectrum that a smoothed spectrum does not predict, back in the image domain) on a 64 px greyscale copy
marks what stands out; its strongest blob is the subject. Both run on a copy at most 400 px long, in
tens of milliseconds, and the answer is cached as a small JSON per file content (the same stamp the
prepared stills use), so a render, a later render and the text layout all read it once made.

Boxes are fractions of the picture as it is seen (EXIF orientation applied): x, y from the top left.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from PIL import Image, ImageOps

VERSION = "subject-2"  # part of the cache key: a change to the detector makes new answers
DETECT_SIDE = 400  # px, the long side the detectors see: faces from 6% of it up
SALIENCY_SIDE = 64
# around the faces, what a crop keeps: room above the top of the head, below the chin, either side
HEADROOM, CHIN, SIDES = 0.6, 0.3, 0.25  # of a face's height (width for the sides)


@dataclass(frozen=True)
class Box:
    """A rectangle as fractions of the picture: left x, top y, width w, height h, all in 0..1."""

    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2

    def union(self, other: Box) -> Box:
        x, y = min(self.x, other.x), min(self.y, other.y)
        return Box(x, y, max(self.right, other.right) - x, max(self.bottom, other.bottom) - y)

    def grown(self, left: float, top: float, right: float, bottom: float) -> Box:
        """Grown by these amounts (fractions of the picture) and kept inside it."""
        x, y = max(0.0, self.x - left), max(0.0, self.y - top)
        return Box(x, y, min(1.0, self.right + right) - x, min(1.0, self.bottom + bottom) - y)


WHOLE = Box(0.0, 0.0, 1.0, 1.0)


@dataclass(frozen=True)
class Subject:
    """What a photo is of: its faces, the box a crop should keep in view (the faces with headroom, or
    the salient region, or the whole picture when nothing stands out) and the point to frame on."""

    kind: Literal["faces", "salient", "none"]
    faces: tuple[Box, ...]
    box: Box
    point: tuple[float, float]

    def to_json(self) -> dict[str, object]:
        return {"v": VERSION, **asdict(self)}

    @classmethod
    def from_json(cls, d: dict[str, object]) -> Subject:
        faces = tuple(Box(**f) for f in d["faces"])  # type: ignore[attr-defined]
        point = d["point"]
        assert isinstance(point, list | tuple)
        return cls(d["kind"], faces, Box(**d["box"]), (float(point[0]), float(point[1])))  # type: ignore[arg-type]


NOTHING = Subject("none", (), WHOLE, (0.5, 0.45))


def stamp(src: str | Path) -> str:
    """The file's identity as the still cache keys it: path, size and modification time."""
    st = Path(src).stat()
    return f"{src}:{st.st_size}:{st.st_mtime_ns}"


def cache_path(src: str | Path, cache: Path) -> Path:
    key = hashlib.sha256(f"{stamp(src)}|{VERSION}".encode()).hexdigest()[:24]
    return cache / f"subject-{key}.json"


def analyse(src: str | Path, cache: Path | None = None, image: Image.Image | None = None) -> Subject:
    """The subject of the photo at `src`, from the cache when it was found before. `image`, when given,
    is the photo already decoded and oriented (any size), so it is not decoded twice."""
    out = cache_path(src, cache) if cache is not None else None
    if out is not None:
        try:
            found = Subject.from_json(json.loads(out.read_text(encoding="utf-8")))
            os.utime(out)  # just used: the cache is pruned least recently used first
            return found
        except (OSError, ValueError, KeyError, TypeError, AssertionError):
            pass
    subject = detect(image if image is not None else _open(src))
    if out is not None:
        tmp = out.with_name(f".{out.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(json.dumps(subject.to_json()), encoding="utf-8")
        tmp.replace(out)
    return subject


def faces(src: str | Path, cache: Path | None = None) -> list[Box]:
    """The faces in the photo, largest first."""
    return list(analyse(src, cache).faces)


def focus(src: str | Path, cache: Path | None = None) -> Box:
    """The box a crop (or text placed over the photo) should leave clear: faces with headroom, else
    the salient region, else the whole picture."""
    return analyse(src, cache).box


def clip_faces(src: str | Path, times: tuple[float, ...]) -> tuple[tuple[int, int], tuple[Box, ...]]:
    """The faces in a clip's frames at `times` (seconds), as fractions of the frame as it is shown
    (turned as its rotation says), and that frame's size. A face moves in a clip, so every frame's
    faces are returned; the caller keeps clear of all of them. Frames are decoded small by ffmpeg,
    once per file version and times in this process (a preview and its export look at the same ones)."""
    return _clip_faces(stamp(src), str(src), times)


@functools.lru_cache(maxsize=64)
def _clip_faces(_stamp: str, src: str, times: tuple[float, ...]) -> tuple[tuple[int, int], tuple[Box, ...]]:
    import io
    import subprocess

    from reelsmith.engine.media.ffmpeg import ffmpeg_exe, media_input

    found: list[Box] = []
    size = (0, 0)
    for t in times:
        png = subprocess.run(
            [ffmpeg_exe(), "-v", "error", "-nostdin", "-ss", f"{max(0.0, t):.3f}", "-i", media_input(src)]
            + ["-frames:v", "1", "-vf", f"scale={DETECT_SIDE}:{DETECT_SIDE}:force_original_aspect_ratio=decrease"]
            + ["-f", "image2pipe", "-c:v", "png", "-"],
            capture_output=True,
            timeout=60,
        ).stdout
        if not png:
            continue  # past the clip's end, or not decodable: nothing seen there
        with Image.open(io.BytesIO(png)) as im:
            frame = im.convert("RGB")
        size = frame.size
        a = np.asarray(frame.convert("L"))
        found += [Box(x / a.shape[1], y / a.shape[0], w / a.shape[1], h / a.shape[0]) for x, y, w, h in _faces(a)]
    return size, tuple(found)


def _open(src: str | Path) -> Image.Image:
    im: Image.Image = Image.open(src)
    if im.format == "JPEG":  # a reduced decode: the detectors look at a small copy anyway
        im.draft("L", (DETECT_SIDE * 2, DETECT_SIDE * 2))
    return ImageOps.exif_transpose(im) or im


def detect(im: Image.Image) -> Subject:
    """Faces, else the salient region, in an oriented picture of any size."""
    k = DETECT_SIDE / max(im.size)
    grey = (im.reduce(2) if k < 0.5 else im).convert("L")  # halved first: the conversion costs a quarter
    if k < 1:
        grey = grey.resize((max(1, round(im.width * k)), max(1, round(im.height * k))), Image.Resampling.BILINEAR)
    a = np.asarray(grey)
    found = _faces(a)
    if found:
        boxes = tuple(Box(x / a.shape[1], y / a.shape[0], w / a.shape[1], h / a.shape[0]) for x, y, w, h in found)
        near = boxes[0]
        for b in boxes[1:]:
            near = near.union(b)
        fw, fh = max(b.w for b in boxes), max(b.h for b in boxes)
        keep = near.grown(fw * SIDES, fh * HEADROOM, fw * SIDES, fh * CHIN)
        return Subject("faces", boxes, keep, near.centre)
    return _salient(a)


_idle: queue.SimpleQueue[Any] = queue.SimpleQueue()  # loaded face detectors not in use
_importing = threading.Lock()


def _cv2() -> Any:
    """OpenCV, imported on first use (it takes ~70 ms) and by one thread at a time: cv2's loader
    replaces its own module while it runs, and a second thread could see it half made."""
    with _importing:
        import cv2
        import cv2.data  # the cascade files' folder
    return cv2


@contextmanager
def _cascade() -> Iterator[Any]:
    """A face detector to use alone: a classifier is not documented as safe to share between threads,
    and loading one costs 40 ms, so each goes back to a pool for the next photo, in this render or
    the next (a render's threads end with it)."""
    cv2 = _cv2()
    try:
        c = _idle.get_nowait()
    except queue.Empty:
        cv2.setNumThreads(1)  # the renderer already runs photos side by side
        c = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    try:
        yield c
    finally:
        _idle.put(c)


def _faces(a: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Frontal faces at least 6% of the long side, largest first; one much smaller than the largest
    (a face in a crowd behind, or a pattern the cascade mistook) is left out."""
    side = max(24, round(max(a.shape) * 0.06))
    with _cascade() as cascade:
        hits = cascade.detectMultiScale(a, scaleFactor=1.2, minNeighbors=5, minSize=(side, side))
    out = sorted((tuple(int(v) for v in h) for h in hits), key=lambda b: -b[2] * b[3])
    return [b for b in out if b[2] >= 0.35 * out[0][2]] if out else []  # type: ignore[misc]


def _salient(a: np.ndarray) -> Subject:
    """The strongest blob of the spectral-residual saliency map, grown a little; NOTHING when nothing
    stands out (a flat picture, or saliency spread all over it)."""
    cv2 = _cv2()
    h, w = a.shape
    k = SALIENCY_SIDE / max(h, w)
    small = cv2.resize(a, (max(8, round(w * k)), max(8, round(h * k))), interpolation=cv2.INTER_AREA)
    spec = np.fft.fft2(small.astype(np.float64))
    log_amp = np.log(np.abs(spec) + 1e-9)
    residual = log_amp - cv2.blur(log_amp, (3, 3))
    sal = np.abs(np.fft.ifft2(np.exp(residual + 1j * np.angle(spec)))) ** 2
    sal = cv2.GaussianBlur(sal, (0, 0), 2.5)
    if not np.isfinite(sal).all() or sal.max() <= 0:
        return NOTHING
    mask = (sal > 3 * sal.mean()).astype(np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    if n < 2:
        return NOTHING
    weight = [float(sal[labels == i].sum()) for i in range(1, n)]
    best = 1 + int(np.argmax(weight))
    x, y, bw, bh = (int(v) for v in stats[best, :4])
    sh, sw = sal.shape
    if bw * bh > 0.6 * sw * sh:
        return NOTHING
    ys, xs = np.nonzero(labels == best)
    wts = sal[ys, xs]
    point = (float((xs * wts).sum() / wts.sum() + 0.5) / sw, float((ys * wts).sum() / wts.sum() + 0.5) / sh)
    box = Box(x / sw, y / sh, bw / sw, bh / sh)
    return Subject("salient", (), box.grown(0.05, 0.05, 0.05, 0.05), point)
