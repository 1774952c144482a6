"""Layout that avoids, measured on rendered frames: text and logo keep off a real face (the astronaut cut
to a portrait) on 16:9, 1:1 and 9:16, texts on screen together never overlap, logos sit inside the
platforms' safe zone, and an end card puts its logo and its call to action apart, the logo no larger
than twice its own pixels."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from reelsmith.engine.media import subject
from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.canvas import Canvas
from reelsmith.engine.render.layout import clear_edge, place, text_origin
from reelsmith.engine.render.render import render
from reelsmith.engine.render.zones import Rect, safe_rect

pytestmark = pytest.mark.slow  # renders

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CANVASES = {"16:9": (640, 360), "1:1": (480, 480), "9:16": (360, 640)}
MS = 1500


@pytest.fixture(scope="module")
def portrait(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("layout")
    src = Image.open(EXAMPLES / "photos" / "01-astronaut.jpg").convert("RGB")
    path = d / "IMG_20240612_143055.jpg"
    src.crop((96, 0, 480, 512)).resize((1152, 1536), Image.Resampling.LANCZOS).save(path, quality=92)
    assert subject.faces(path)
    return path


def _draft(photo: Path, size: tuple[int, int], texts: list[dict], logo: dict | None = None, **video: object) -> Draft:
    w, h = size
    tracks: list[dict] = [
        {"tt": 0, "sg": [{"src": str(photo), "d": MS, "fit": "cover", "motion": {"type": "zoom_in"}, **video}]}
    ]
    if texts:
        tracks.append({"tt": 7, "sg": [{"st": 0, "d": MS, "fi": 0, "fo": 0, **t} for t in texts]})
    if logo:
        tracks.append({"tt": 2, "sg": [{"st": 0, "d": MS, "opacity": 1.0, **logo}]})
    return Draft.parse({"t": tracks, "d": MS, "m": {"width": w, "height": h, "fps": 25, "fade_in": 0, "fade_out": 0}})


def _frames(d: Draft, tmp_path: Path, name: str) -> np.ndarray:
    out = tmp_path / f"{name}.mp4"
    render(d, out, quality="high", work_dir=tmp_path / "work", cache_dir=tmp_path / "cache")
    w, h = d.m.width, d.m.height
    p = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(out), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    )
    return np.frombuffer(p.stdout, np.uint8).reshape(-1, h, w, 3).astype(np.int16)


def _ink(frame: np.ndarray, plain: np.ndarray, level: int = 60) -> np.ndarray:
    """Where a frame differs from the same frame without the layer: the layer's pixels."""
    return np.abs(frame - plain).max(axis=2) > level


def _face(frame: np.ndarray, tmp_path: Path) -> Rect:
    """The face the detector finds in a frame, in its pixels."""
    png = tmp_path / "frame.png"
    Image.fromarray(frame.astype(np.uint8)).save(png)
    found = subject.faces(png)
    assert found, "no face in the rendered frame"
    f = max(found, key=lambda b: b.w * b.h)
    h, w = frame.shape[:2]
    return Rect(round(f.x * w), round(f.y * h), round(f.right * w), round(f.bottom * h))


@pytest.mark.parametrize("shape", list(CANVASES))
def test_text_and_logo_keep_off_the_face(portrait: Path, tmp_path: Path, shape: str) -> None:
    size = CANVASES[shape]
    # asked for where her face is: a title in the middle, a caption at the top, the logo top right
    texts = [
        {"text": "Summer Sale", "role": "title", "pos": "center", "style": {"size": 0.09}},
        {"text": "Fresh every day", "role": "caption", "pos": "top", "style": {"size": 0.05}},
    ]
    logo = {"src": str(EXAMPLES / "logo.png"), "pos": "top_right", "size": 0.2}
    plain = _frames(_draft(portrait, size, []), tmp_path, "plain")
    full = _frames(_draft(portrait, size, texts, logo), tmp_path, "full")
    words = _frames(_draft(portrait, size, texts), tmp_path, "words")
    alone = _frames(_draft(portrait, size, [], logo), tmp_path, "logo")
    zone = safe_rect(*size)
    slack = 2  # the encode's soft edges
    for n in (0, len(plain) // 2, len(plain) - 1):
        face = _face(plain[n], tmp_path)
        ink = _ink(full[n], plain[n])  # words, their backing and the logo
        assert ink.sum() > 200, "nothing was drawn"
        inside = ink[face.y0 : face.y1, face.x0 : face.x1].sum()
        assert inside == 0, f"{shape} frame {n}: {inside} px of text or logo over the face {face}"
        # the words themselves (white) and the logo inside the safe zone; a soft backing may reach past it
        white = _ink(words[n], plain[n]) & (words[n].min(axis=2) > 190)
        for name, mask in (("words", white), ("logo", _ink(alone[n], plain[n]))):
            ys, xs = np.nonzero(mask)
            assert len(xs) > 50, (shape, n, name)
            box = Rect(int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
            grown = Rect(zone.x0 - slack, zone.y0 - slack, zone.x1 + slack, zone.y1 + slack)
            assert grown.contains(box), (shape, n, name, box, zone)


def test_texts_on_screen_together_never_overlap(tmp_path: Path) -> None:
    """Three texts all asked for the bottom, all on screen at once, each in its own pure colour over a
    dark card: each colour's box, frame by frame, is clear of the others'."""
    size = CANVASES["9:16"]
    plain = {"shadow": False, "outline": 0}
    texts = [
        {"text": "Grand Opening Saturday", "role": "title", "style": {"size": 0.07, "color": "#ffff00", **plain}},
        {"text": "Everything half price", "role": "subtitle", "style": {"size": 0.05, "color": "#00ffff", **plain}},
        {"text": "Main Street 12", "role": "caption", "style": {"size": 0.05, "color": "#ff00ff", **plain}},
    ]
    card = {"src": "color:#101010", "kind": "color", "d": MS}
    d = {
        "t": [
            {"tt": 0, "sg": [card]},
            {"tt": 7, "sg": [{"st": 0, "d": MS, "fi": 0, "fo": 0, "pos": "bottom", **t} for t in texts]},
        ],
        "d": MS,
        "m": {"width": size[0], "height": size[1], "fps": 25, "fade_in": 0, "fade_out": 0},
    }
    frames = _frames(Draft.parse(d), tmp_path, "three")
    r, g, b = frames[..., 0], frames[..., 1], frames[..., 2]
    hi, lo = 150, 100
    masks = {
        "yellow": (r > hi) & (g > hi) & (b < lo),
        "cyan": (r < lo) & (g > hi) & (b > hi),
        "magenta": (r > hi) & (g < lo) & (b > hi),
    }
    for n in range(len(frames)):
        boxes = {}
        for name, m in masks.items():
            ys, xs = np.nonzero(m[n])
            assert len(xs) > 50, f"{name} text missing at frame {n}"
            boxes[name] = Rect(int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1)
        names = list(boxes)
        for i, a in enumerate(names):
            for c in names[i + 1 :]:
                assert not boxes[a].overlaps(boxes[c]), f"frame {n}: {a} {boxes[a]} overlaps {c} {boxes[c]}"


def test_an_end_card_keeps_logo_and_call_to_action_apart_and_the_logo_crisp(tmp_path: Path) -> None:
    size = CANVASES["9:16"]
    logo = EXAMPLES / "logo.png"
    lw, lh = Image.open(logo).size
    card = {"src": str(logo), "d": MS, "fit": "contain", "ed": {"logo_card": True}}
    base: dict[str, Any] = {
        "t": [{"tt": 0, "sg": [card]}],
        "d": MS,
        "m": {"width": size[0], "height": size[1], "fps": 25},
    }
    plain = _frames(Draft.parse(base), tmp_path, "card")
    cta = {"tt": 7, "sg": [{"text": "Shop now", "role": "cta", "pos": "center", "st": 0, "d": MS, "fi": 0, "fo": 0}]}
    full = _frames(Draft.parse({**base, "t": [*base["t"], cta]}), tmp_path, "card-cta")
    n = len(plain) // 2
    logo_ink = np.abs(plain[n] - plain[n][0, 0]).max(axis=2) > 40  # what differs from the card colour
    ys, xs = np.nonzero(logo_ink)
    assert xs.max() - xs.min() + 1 <= 2 * lw and ys.max() - ys.min() + 1 <= 2 * lh  # not blown up
    text = _ink(full[n], plain[n])
    assert text.sum() > 100
    ty = np.nonzero(text)[0]
    assert ty.min() > ys.max(), "the call to action is not below the logo"


def test_place_moves_to_the_nearest_free_spot_inside_the_zone() -> None:
    cv = Canvas(1080, 1920, 30)
    zone = safe_rect(1080, 1920)
    w, h = 600, 150
    at = place("center", w, h, cv, [])
    assert at is not None
    x, y = at
    face = Rect(x + 100, y - 40, x + 300, y + 200)
    moved_to = place("center", w, h, cv, [face])
    assert moved_to is not None
    nx, ny = moved_to
    moved = Rect(nx, ny, nx + w, ny + h)
    assert not moved.overlaps(face) and zone.contains(moved)
    assert nx == x and abs(ny - y) < 400  # the same side, the nearest free height


def _subject_box(frame: np.ndarray, tmp_path: Path) -> Rect:
    """What stands out in a frame with no face (the saliency detector), in its pixels."""
    png = tmp_path / "frame.png"
    Image.fromarray(frame.astype(np.uint8)).save(png)
    found = subject.analyse(png)
    assert found.kind == "salient", found
    b = found.box
    h, w = frame.shape[:2]
    return Rect(round(b.x * w), round(b.y * h), round(b.right * w), round(b.bottom * h))


@pytest.mark.parametrize("shape", ["16:9", "9:16"])
def test_text_and_logo_keep_off_the_subject_of_a_photo_without_a_face(tmp_path: Path, shape: str) -> None:
    # the rocket stands at the bottom of its photo, where a caption goes; the logo asked for over it too
    size = CANVASES[shape]
    photo = tmp_path / "IMG_20240704_091500.jpg"
    Image.open(EXAMPLES / "photos" / "04-rocket.jpg").save(photo, quality=92)
    texts = [{"text": "Launch day", "role": "caption", "pos": "bottom", "style": {"size": 0.06}}]
    logo = {"src": str(EXAMPLES / "logo.png"), "pos": "bottom_right", "size": 0.2}
    plain = _frames(_draft(photo, size, [], motion={"type": "none"}), tmp_path, "plain")
    full = _frames(_draft(photo, size, texts, logo, motion={"type": "none"}), tmp_path, "full")
    box = _subject_box(plain[0], tmp_path)
    ink = _ink(full[0], plain[0])
    assert ink.sum() > 200, "nothing was drawn"
    inside = ink[box.y0 : box.y1, box.x0 : box.x1].sum()
    assert inside == 0, f"{shape}: {inside} px of text or logo over the rocket {box}"


def test_a_subject_moves_text_only_to_the_opposite_edge_never_into_the_middle() -> None:
    cv = Canvas(640, 360, 25)
    zone = safe_rect(640, 360)
    w, h = 200, 40
    x, y = text_origin("bottom", w, h, cv)
    low = Rect(0, y - 10, 640, 360)  # what stands out fills the bottom band
    assert clear_edge("bottom", w, h, cv, [], [low]) == text_origin("top", w, h, cv)
    both = [low, Rect(0, 0, 640, zone.y0 + h + 10)]  # and the top band: no edge is clear
    assert clear_edge("bottom", w, h, cv, [], both) is None
    assert clear_edge("center", w, h, cv, [], [low]) == text_origin("center", w, h, cv)  # nothing to move off
    # a logo or another text where it was asked: not the subject's doing, so `place` nudges it instead
    logo = Rect(x, y, x + 50, y + 20)
    assert clear_edge("bottom", w, h, cv, [logo], [Rect(0, 0, 80, 80)]) is None


def test_a_title_and_its_subtitle_stay_together_off_a_subject(tmp_path: Path) -> None:
    # a faceless photo whose subject is at the top, where a title and its subtitle are asked for: the
    # title moving to the bottom alone left the subtitle on the subject, far from its title
    im = Image.new("RGB", (640, 360), (60, 70, 80))
    ImageDraw.Draw(im).ellipse([280, 20, 360, 90], fill=(255, 200, 0))
    src = tmp_path / "IMG_20240801_101500.jpg"
    im.save(src, quality=95)
    texts = [
        {"text": "BIG TITLE", "role": "title", "pos": "top", "style": {"size": 0.09}},
        {"text": "the subtitle", "role": "subtitle", "pos": "below_top", "style": {"size": 0.05}},
    ]
    size = CANVASES["16:9"]
    plain = _frames(_draft(src, size, [], motion={"type": "none"}), tmp_path, "plain")[10]
    both = _frames(_draft(src, size, texts, motion={"type": "none"}), tmp_path, "both")[10]
    rows = np.nonzero(_ink(both, plain).sum(axis=1) > 3)[0]
    assert len(rows), "nothing was drawn"
    bands = np.split(rows, np.nonzero(np.diff(rows) > 12)[0] + 1)
    assert len(bands) == 1, f"title and subtitle apart: rows {[(b[0], b[-1]) for b in bands]}"


@pytest.mark.parametrize(("shape", "fit"), [("16:9", "blur"), ("9:16", "cover")])
def test_text_keeps_off_a_face_in_a_clip(portrait: Path, tmp_path: Path, shape: str, fit: str) -> None:
    # a phone clip at 30 fps of the portrait, drifting down as a hand-held shot does: faces are looked
    # for in its frames, so the title and caption asked for over her face go elsewhere
    clip = tmp_path / "VID_20240612_143120.mp4"
    subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-y", "-loop", "1", "-framerate", "30", "-i", str(portrait), "-t", "2"]
        + ["-vf", "crop=1152:1400:0:'min(136,t*40)',scale=720:876,format=yuv420p", "-r", "30"]
        + ["-c:v", "libx264", "-preset", "ultrafast", str(clip)],
        check=True,
    )
    size = CANVASES[shape]
    texts = [
        {"text": "Summer Sale", "role": "title", "pos": "center", "style": {"size": 0.09}},
        {"text": "Fresh every day", "role": "caption", "pos": "top", "style": {"size": 0.05}},
    ]

    def draft(texts: list[dict]) -> Draft:
        tracks: list[dict] = [{"tt": 0, "sg": [{"src": str(clip), "kind": "video", "d": MS, "fit": fit}]}]
        if texts:
            tracks.append({"tt": 7, "sg": [{"st": 0, "d": MS, "fi": 0, "fo": 0, **t} for t in texts]})
        w, h = size
        return Draft.parse(
            {"t": tracks, "d": MS, "m": {"width": w, "height": h, "fps": 25, "fade_in": 0, "fade_out": 0}}
        )

    plain = _frames(draft([]), tmp_path, "plain")
    full = _frames(draft(texts), tmp_path, "full")
    for n in (0, len(plain) // 2, len(plain) - 1):
        face = _face(plain[n], tmp_path)
        ink = _ink(full[n], plain[n])
        assert ink.sum() > 200, "nothing was drawn"
        inside = ink[face.y0 : face.y1, face.x0 : face.x1].sum()
        assert inside == 0, f"{shape} frame {n}: {inside} px of text over the face {face}"
