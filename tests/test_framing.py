"""Subject-aware framing, measured on rendered frames: a real face (the astronaut) stays whole in the
first, middle and last frame of a zoom and of a pan on 16:9, 1:1 and 9:16; "keep the top" keeps the
photo's top row; a panorama on a tall canvas is swept across; and a photo too small for the canvas is
named in the reply of the turn that adds it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from reelsmith.engine.edit import ops
from reelsmith.engine.edit.work import Context, Work
from reelsmith.engine.media import subject
from reelsmith.engine.media.ffmpeg import ffmpeg_exe
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.render import render

from .motion import frames_gray, velocities
from .rows import converse, engine_parts, silent_music  # noqa: F401  (fixtures are found by name)

pytestmark = pytest.mark.slow  # renders

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "photos"
MAGENTA = (255, 0, 255)
CANVASES = {"16:9": (960, 540), "1:1": (540, 540), "9:16": (540, 960)}


@pytest.fixture(scope="module")
def portrait(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, subject.Box]:
    """The astronaut cut to a 3:4 portrait (her face in the top third), enlarged to 1536x2048; the face the
    detector finds in it; and a copy with a magenta mark just inside each corner of that face box, so
    the rendered frames show where the box went."""
    d = tmp_path_factory.mktemp("framing")
    src = Image.open(EXAMPLES / "01-astronaut.jpg").convert("RGB")
    photo = src.crop((96, 0, 480, 512)).resize((1536, 2048), Image.Resampling.LANCZOS)
    clean = d / "astronaut-portrait.jpg"
    photo.save(clean, quality=92)
    found = subject.faces(clean)
    assert found, "no face found in the astronaut photo"
    face = found[0]
    assert 0.2 < face.x < face.right < 0.85 and 0.05 < face.y < face.bottom < 0.45, face
    marked = photo.copy()
    draw = ImageDraw.Draw(marked)
    m = 16  # px in the photo
    x0, y0 = round(face.x * photo.width), round(face.y * photo.height)
    x1, y1 = round(face.right * photo.width), round(face.bottom * photo.height)
    for x, y in ((x0, y0), (x1 - m, y0), (x0, y1 - m), (x1 - m, y1 - m)):
        draw.rectangle((x, y, x + m - 1, y + m - 1), fill=MAGENTA)
    path = d / "astronaut-marked.png"  # lossless: the marks stay pure magenta
    marked.save(path)
    return clean, path, face


def _draft(photo: Path, size: tuple[int, int], motion: str, ms: int = 2000, **seg: object) -> Draft:
    w, h = size
    return Draft.parse(
        {
            "t": [{"tt": 0, "sg": [{"src": str(photo), "d": ms, "fit": "cover", "motion": {"type": motion}, **seg}]}],
            "d": ms,
            "m": {"width": w, "height": h, "fps": 30, "fade_in": 0, "fade_out": 0},
        }
    )


def _frames(path: Path, size: tuple[int, int], picks: list[int]) -> list[np.ndarray]:
    """The frames numbered `picks`, as RGB arrays."""
    w, h = size
    sel = "+".join(f"eq(n\\,{n})" for n in picks)
    p = subprocess.run(
        [ffmpeg_exe(), "-v", "error", "-i", str(path), "-vf", f"select={sel}", "-fps_mode", "passthrough"]
        + ["-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
        capture_output=True,
        check=True,
    )
    arr = np.frombuffer(p.stdout, np.uint8).reshape(-1, h, w, 3)
    assert len(arr) == len(picks)
    return list(arr)


def _marks(frame: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The magenta marks whole in the frame: (x, y, w, h) of each square blob that does not touch its edge
    (the suit's mission patch has a little magenta too, in a thin strip)."""
    import cv2

    r, g, b = (frame[..., i].astype(int) for i in range(3))
    mask = ((r > 170) & (b > 170) & (g < 110)).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    h, w = mask.shape
    return [
        (x, y, bw, bh)
        for x, y, bw, bh, area in (stats[i] for i in range(1, n))
        if area >= 12 and abs(bw - bh) <= max(2, bw // 4) and x > 0 and y > 0 and x + bw < w and y + bh < h
    ]


@pytest.mark.parametrize("shape", list(CANVASES))
@pytest.mark.parametrize("motion", ["zoom_in", "zoom_out", "pan_right", "pan_left"])
def test_the_face_stays_whole_through_zooms_and_pans(portrait, tmp_path, shape, motion):
    _, marked, _ = portrait
    size = CANVASES[shape]
    out = render(_draft(marked, size, motion), tmp_path / "v.mp4", quality="draft", cache_dir=tmp_path / "cache")
    first, middle, last = _frames(out.path, size, [0, out.frames // 2, out.frames - 1])
    for name, frame in (("first", first), ("middle", middle), ("last", last)):
        found = _marks(frame)
        assert len(found) == 4, f"{shape} {motion}: {len(found)} of the face box's 4 corners in the {name} frame"
    assert list((tmp_path / "cache").glob("subject-*.json")), "the subject is cached beside the stills"


def test_without_subject_framing_the_face_would_be_cut(portrait, tmp_path):
    """The check above can fail: the plain centre crop of this portrait on 16:9 cuts her head off."""
    _, marked, _ = portrait
    size = CANVASES["16:9"]
    out = render(_draft(marked, size, "none", focus="center"), tmp_path / "c.mp4", quality="draft")
    (frame,) = _frames(out.path, size, [0])
    assert len(_marks(frame)) < 4


def test_the_detector_finds_the_face_in_the_rendered_frame(portrait, tmp_path):
    """The face found in the photo is found again in the 9:16 frame, where the crop mapping puts it."""
    clean, _, face = portrait
    size = CANVASES["9:16"]
    out = render(_draft(clean, size, "none"), tmp_path / "f.mp4", quality="high")
    (frame,) = _frames(out.path, size, [0])
    im = Image.fromarray(frame)
    seen = subject.detect(im).faces
    assert seen, "no face in the rendered frame"
    # the cover crop of a 3:4 photo to 9:16 keeps its full height and cuts the sides: y maps unchanged
    assert seen[0].y == pytest.approx(face.y, abs=0.03) and seen[0].bottom == pytest.approx(face.bottom, abs=0.03)
    cx = seen[0].centre[0]
    assert 0.2 < cx < 0.8


def test_keep_the_top_keeps_the_top_row_in_the_first_frame(tmp_path):
    """A tall photo on 16:9 with a magenta band along its top row, zooming out (the first frame is the
    tightest): framed at the top, the band is the frame's top row; framed on its subject, it is cut."""
    photo = Image.open(EXAMPLES / "03-cat.jpg").convert("RGB").resize((900, 1350), Image.Resampling.LANCZOS)
    ImageDraw.Draw(photo).rectangle((0, 0, photo.width - 1, 5), fill=MAGENTA)
    path = tmp_path / "cat-tall.png"
    photo.save(path)
    size = CANVASES["16:9"]
    rows = {}
    for focus in ("top", "auto"):
        out = render(_draft(path, size, "zoom_out", focus=focus), tmp_path / f"{focus}.mp4", quality="draft")
        (frame,) = _frames(out.path, size, [0])
        r, g, b = (frame[0, :, i].astype(int) for i in range(3))
        rows[focus] = float(((r > 170) & (b > 170) & (g < 110)).mean())
    assert rows["top"] > 0.95, rows
    assert rows["auto"] < 0.05, rows


def test_a_panorama_on_a_tall_canvas_is_swept_across(tmp_path):
    """A 6000x1200 panorama built into a 9:16 video fills the frame and pans across it, a steady whole
    number of pixels a frame, rather than sitting as a thin strip on a blurred fill."""
    # stars everywhere: texture in every patch, for the phase correlation
    strip = Image.open(EXAMPLES / "05-deep-field.jpg").convert("RGB").resize((1800, 1200), Image.Resampling.LANCZOS)
    pano = Image.new("RGB", (6000, 1200))
    for i, x in enumerate(range(0, 6000, 1800)):
        pano.paste(strip if i % 2 == 0 else strip.transpose(Image.Transpose.FLIP_LEFT_RIGHT), (x, 0))
    path = tmp_path / "PANO_20240612.jpg"
    pano.save(path, quality=90)
    w = Work(None, Context([MediaInfo(str(path), "image", 6000, 1200)]))
    ops.apply(w, ops.Build(aspect="9:16", music=False))
    (seg,) = w.video
    assert seg.fit == "cover" and seg.motion.type == "pan_right" and seg.motion.amount > 1, seg
    draft = w.check()
    draft.m.width, draft.m.height = 540, 960  # the same shape, smaller: a quicker render
    out = render(draft, tmp_path / "pano.mp4", quality="draft")
    fr = frames_gray(out.path, (142, 352, 256, 256))
    v = velocities(fr, 128, 128, 256)
    dx = v[1:, 0]  # the first step comes out of the fade from black
    speed = np.median(dx)
    assert speed < -3, f"no sweep: {np.round(dx, 2)}"  # content moves left: the window slides right
    assert (np.abs(dx - speed) < 0.5).all(), f"an uneven sweep: {np.round(dx, 2)}"
    # the frame is filled: the bands at its top and bottom are as sharp as its middle, not a blurred fill
    (frame,) = _frames(out.path, (540, 960), [out.frames // 2])
    grey = frame.mean(axis=2)

    def detail(band: np.ndarray) -> float:
        return float(np.abs(np.diff(band, axis=1)).mean())

    middle = detail(grey[430:530])
    assert detail(grey[:100]) > 0.4 * middle and detail(grey[-100:]) > 0.4 * middle


@pytest.mark.parametrize(
    ("clip_size", "rotate", "aspect", "fit"),
    [
        ("640x360", 90, "16:9", "blur"),  # a phone clip shot upright, in a landscape video
        ("640x360", None, "9:16", "blur"),  # a landscape clip in a vertical reel
        ("480x360", None, "16:9", "cover"),  # 4:3 in 16:9: close to the shape, filled with a little cut
    ],
)
def test_a_clip_far_from_the_canvas_shape_is_shown_whole_on_a_blurred_fill(tmp_path, clip_size, rotate, aspect, fit):
    """A clip is framed as a photo is: cover only when its shape is close to the canvas's. Cover-cropping
    an upright phone clip into 16:9 kept a third of its height (heads and feet gone)."""
    from reelsmith.engine.media.probe import probe

    from .media import ff

    # a magenta border round the whole picture: where the whole clip is on screen, it shows on all sides
    raw = tmp_path / "raw.mp4"
    ff("-y", "-f", "lavfi", "-i", f"testsrc2=size={clip_size}:rate=30:duration=2,drawbox=c=0xFF00FF:t=6",
       "-f", "lavfi", "-i", "sine=d=2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
       "-c:a", "aac", str(raw))  # fmt: skip
    clip = tmp_path / "VID_20240612_143120.mp4"
    ff("-y", *(["-display_rotation", str(rotate)] if rotate else []), "-i", str(raw), "-c", "copy", str(clip))
    w = Work(None, Context([probe(clip)]))
    ops.apply(w, ops.Build(aspect=aspect, music=False))
    (seg,) = w.video
    assert seg.kind == "video" and seg.fit == fit, seg
    if fit == "cover":
        return
    draft = w.check()
    size = (480, 270) if aspect == "16:9" else (270, 480)
    draft.m.width, draft.m.height = size
    out = render(draft, tmp_path / "clip.mp4", quality="draft")
    (frame,) = _frames(out.path, size, [out.frames // 2])
    grey = frame.mean(axis=2)
    if aspect == "9:16":
        grey = grey.T  # the fill above and below becomes left and right
    fw = grey.shape[0] * 9 / 16  # the whole clip across the short side of 270 px: 152 px of 480
    side = int((grey.shape[1] - fw) / 2) - 4  # each band of fill beside it

    def detail(band: np.ndarray) -> float:
        return float(np.abs(np.diff(band, axis=0)).mean() + np.abs(np.diff(band, axis=1)).mean())

    middle = detail(grey[:, side + 8 : -side - 8])
    assert detail(grey[:, :side]) < 0.25 * middle and detail(grey[:, -side:]) < 0.25 * middle  # blurred
    assert grey[:, :side].mean() > 8  # a fill made of the clip, not black bars
    # the whole clip: its border on all four sides
    r, g, b = (frame[..., i].astype(int) for i in range(3))
    magenta = (r > 150) & (b > 150) & (g < 110)
    if aspect == "9:16":
        magenta = magenta.T
    rows, cols = np.nonzero(magenta)
    assert rows.min() <= 2 and rows.max() >= magenta.shape[0] - 3, "the clip's top or bottom is cut off"
    assert abs((cols.max() - cols.min() + 1) - fw) <= 4, (cols.min(), cols.max(), fw)


def test_a_clip_is_framed_again_for_a_new_canvas(tmp_path):
    """ "Vertical for Reels" after a landscape video: a landscape clip, filled edge to edge on 16:9,
    goes on a blurred fill on 9:16 (cover-cropped, a third of its width was left), and back again."""
    from reelsmith.engine.media.probe import probe

    from .media import make_clip

    clip = make_clip(tmp_path / "VID_20240612_143120.mp4", 1.0, "640x360", 30)
    w = Work(None, Context([probe(clip)]))
    ops.apply(w, ops.Build(aspect="16:9", music=False))
    fits = [w.video[0].fit]
    for aspect in ("9:16", "16:9"):
        ops.apply(w, ops.SetCanvas(aspect=aspect))
        fits.append(w.video[0].fit)
    assert fits == ["cover", "blur", "cover"]


def test_keep_the_top_of_a_clip_cuts_it_from_the_bottom(tmp_path):
    """A 4:3 clip filling a 16:9 frame loses an eighth at the top and bottom; "keep the top" keeps its
    top row (a magenta band) on screen, the plain crop from the middle does not."""
    from reelsmith.engine.media.probe import probe

    from .media import ff

    clip = tmp_path / "VID_20240612_143120.mp4"
    ff("-y", "-f", "lavfi", "-i", "color=c=gray:s=480x360:r=30:d=1,drawbox=y=0:h=10:c=0xFF00FF:t=fill",
       "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(clip))  # fmt: skip
    top_rows = {}
    for focus in ("top", "auto"):
        w = Work(None, Context([probe(clip)]))
        ops.apply(w, ops.Build(aspect="16:9", music=False))
        if focus == "top":
            ops.apply(w, ops.SetFraming(show="crop", focus="top", kind="video"))
        draft = w.check()
        assert draft.video()[0].fit == "cover"
        draft.m.width, draft.m.height = 480, 270
        out = render(draft, tmp_path / f"{focus}.mp4", quality="draft")
        (frame,) = _frames(out.path, (480, 270), [out.frames // 2])
        r, g, b = (frame[:4, 40:-40, i].astype(int) for i in range(3))
        top_rows[focus] = float(((r > 150) & (b > 150) & (g < 110)).mean())
    assert top_rows["top"] > 0.9 and top_rows["auto"] < 0.05, top_rows


@pytest.mark.parametrize(
    ("request_text", "photos", "clip"),
    [
        ("show the whole clip", "cover", "blur"),
        ("don't crop the clips", "cover", "blur"),
        ("show the whole photos", "blur", "cover"),
        ("show the whole eclipse photos", "blur", "cover"),  # "eclipse" is not a clip
        ("show the whole photos and clips", "blur", "blur"),
        ("don't crop my photos or clips", "blur", "blur"),
        ("don't crop", "blur", "blur"),
        # the length of a clip, not its framing
        ("keep the whole clip", "cover", "cover"),
        ("include the entire clip", "cover", "cover"),
        ("don't crop the clips to 3 seconds", "cover", "cover"),
    ],
)
def test_framing_words_name_photos_clips_or_both(engine_parts, request_text, photos, clip):  # noqa: F811
    files = [
        ("IMG_20240612_143055.jpg", "image", 1920, 1080, 0.0),
        ("VID_20240612_143120.mp4", "video", 1440, 1080, 8.0),  # 4:3 in 16:9: filled at first
        ("IMG_20240612_143140.jpg", "image", 1920, 1080, 0.0),
    ]
    d, _, _ = converse(engine_parts, request_text, files, ["turn these into a 12 second video", request_text])
    fits = [s.get("fit", "cover") for s in d["t"][0]["sg"]]
    assert fits == [photos, clip, photos], fits


@pytest.mark.parametrize(
    ("request_text", "want"),
    [
        (
            "turn my photos into a slideshow video with music",
            "Photo 2 (IMG_1234.jpg) is 600 px wide; it will look soft at 1080p.",
        ),
        ("把我的照片做成带音乐的幻灯片", "第 2 张照片（IMG_1234.jpg）宽 600 像素，在 1080p 下会显得模糊。"),
    ],
)
def test_a_small_photo_is_named_when_it_is_added(engine_parts, request_text, want):  # noqa: F811
    files = [("DSC01234.jpg", "image", 4000, 3000, 0.0), ("IMG_1234.jpg", "image", 600, 400, 0.0)]
    _, replies, _ = converse(engine_parts, f"soft {request_text}", files, [request_text, "make it 20 seconds"])
    assert want in replies[0], replies[0]
    assert "soft" not in replies[1] and "模糊" not in replies[1]  # said once, when it is added
    big = [("DSC01234.jpg", "image", 4000, 3000, 0.0)]
    _, replies, _ = converse(engine_parts, f"sharp {request_text}", big, [request_text])
    assert "soft" not in replies[0] and "模糊" not in replies[0]


def test_face_detectors_are_reused_across_photos_and_never_shared(portrait):
    """A loaded detector goes back to a pool after each photo (loading one costs 40 ms a render thread),
    and is only ever used by one thread at a time: 16 photos on 4 threads find the same face as one,
    with at most one detector per thread ever made."""
    from concurrent.futures import ThreadPoolExecutor

    clean, _, _ = portrait
    before = subject._idle.qsize()  # other tests in this process may have left some
    with Image.open(clean) as im:
        im.load()
        want = subject.detect(im)
        with ThreadPoolExecutor(4) as pool:
            found = list(pool.map(lambda _: subject.detect(im.copy()), range(16)))
    assert want.kind == "faces" and all(f == want for f in found)
    assert 1 <= subject._idle.qsize() <= max(before, 1) + 4  # at most one more per thread
