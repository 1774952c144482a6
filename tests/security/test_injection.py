"""A hostile draft reaches ffmpeg: nothing it says may become a filter, an option, a file read or a write.

Each attack is run against the real renderer (and over the service where the draft comes in by HTTP);
canary files show that nothing was read or written, and on-screen text is measured against the font's own
metrics, so a `%{...}` expansion or a lost backslash shows up as the wrong width.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ImageFont

from reelsmith.engine.media import fonts
from reelsmith.engine.model.draft import Draft, DraftError
from reelsmith.engine.render.render import RenderError, render

from ..api import ATTRIBUTION, Api
from ..media import frames_rgb, make_clip, photo

W, H = 640, 360
PAYLOADS = [
    "black,drawtext=textfile=/etc/passwd:fontsize=20",
    "black,metadata=mode=print:file={canary}",
    "#000000:x=1",
    "red'[x];[x]null",
    "0x000000,format=gray",
    "#000000\n;nullsrc",
    "/etc/passwd",
    "%{e:system(1)}",
    "file:/etc/passwd",
    "-i /etc/passwd",
]


def _draft(video: list[dict], **m: object) -> dict:
    return {"t": [{"tt": 0, "sg": video}], "d": 1000, "m": {"width": W, "height": H, "fps": 25, **m}}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_background_colour_is_a_colour(payload: str, media: Path, tmp_path: Path) -> None:
    canary = tmp_path / "written-by-ffmpeg.txt"
    clip = make_clip(media / "VID_20240612_143055.mp4", seconds=1, fps=30)
    data = _draft(
        [{"src": str(clip), "kind": "video", "d": 1000, "fit": "contain"}], bg=payload.replace("{canary}", str(canary))
    )
    with pytest.raises(DraftError, match="m.bg"):
        Draft.parse(data)
    assert not canary.exists()


def test_fonts_come_from_the_registered_set(tmp_path: Path) -> None:
    evil = tmp_path / "f:text=X"
    evil.write_bytes(fonts.resolve("sans").read_bytes())
    for font in (str(evil), "/etc/passwd", "../../x.ttf", "sans:text=X"):
        data = _draft([{"src": "color:#336699", "kind": "color", "d": 1000}])
        data["t"].append({"tt": 7, "sg": [{"text": "hi", "d": 1000, "style": {"font": font}}]})
        with pytest.raises(DraftError, match="font"):
            Draft.parse(data)


@pytest.mark.parametrize(
    "field,value",
    [
        ("src", "color:red,drawtext=text=x"),
        ("src", "color:#12345"),
    ],
)
def test_colour_cards_are_colours(field: str, value: str) -> None:
    with pytest.raises(DraftError):
        Draft.parse(_draft([{field: value, "kind": "color", "d": 1000}]))


@pytest.mark.parametrize(
    "src",
    [
        "/etc/passwd",
        "http://127.0.0.1:9/x.mp4",
        "concat:/etc/passwd|/etc/hosts",
        "subfile,,start,0,end,10,,:/etc/passwd",
        "-filters",
    ],
)
def test_sources_are_local_files_only(src: str, tmp_path: Path) -> None:
    """`reelsmith render` takes drafts from anywhere: a src is a file on disk, never a protocol or option."""
    d = Draft.parse(_draft([{"src": src, "kind": "video", "d": 1000}]))
    with pytest.raises(RenderError, match="not a photo, clip or audio file|no such file"):
        render(d, tmp_path / "x.mp4", quality="preview")
    assert not (tmp_path / "x.mp4").exists()


HOSTILE_TEXTS = [
    "50% off",
    "%{e:1+1}",
    "C:\\new\\table",
    "it's 'quoted'",
    "a:b=c,d;[e]",
    "{braces} %%",
    "line one\nline two",
]


def _ink_box(frame: np.ndarray, bg: np.ndarray) -> tuple[int, int, int, int]:
    """Bounding box of pixels that differ from the plain background."""
    diff = np.abs(frame.astype(int) - bg.astype(int)).sum(axis=2) > 90
    ys, xs = np.nonzero(diff)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def _reference(font: ImageFont.FreeTypeFont, text: str, shape: tuple[int, int]) -> np.ndarray:
    """`text` as FreeType draws it (Pillow), cropped to its ink and scaled to `shape`: a reference render."""
    from PIL import Image, ImageDraw

    im = Image.new("L", (W * 2, H), 0)
    ImageDraw.Draw(im).text((10, 10), text, font=font, fill=255)
    ink = im.crop(im.getbbox()).resize((shape[1], shape[0]))
    return np.asarray(ink) > 110


def _drawn_width(font: ImageFont.FreeTypeFont, text: str, bg: np.ndarray) -> int:
    """The ink width of `text` drawn in white by Pillow over `bg`, measured as the render is."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (W * 2, H), tuple(int(v) for v in bg))
    ImageDraw.Draw(im).text((10, 10), text, font=font, fill="white")
    x0, _, x1, _ = _ink_box(np.asarray(im), bg)
    return x1 - x0


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    return float((a & b).sum() / max(1, (a | b).sum()))


def test_on_screen_text_is_drawn_exactly_as_written(tmp_path: Path) -> None:
    """Each hostile text renders, at the width the font itself gives for those exact characters."""
    px_frac = 0.08
    texts = [
        {
            "text": t,
            "st": i * 400,
            "d": 400,
            "pos": "center",
            "fi": 0,
            "fo": 0,
            "style": {"size": px_frac, "shadow": False, "outline": 0},
        }
        for i, t in enumerate(HOSTILE_TEXTS)
    ]
    data = _draft([{"src": "color:#203040", "kind": "color", "d": 400 * len(texts)}])
    data["d"] = 400 * len(texts)
    data["t"].append({"tt": 7, "sg": texts})
    out = render(Draft.parse(data), tmp_path / "t.mp4", quality="draft")
    fr = frames_rgb(out.path, W, H)
    bg = np.array([0x20, 0x30, 0x40])
    font = ImageFont.truetype(str(fonts.resolve("sans")), round(px_frac * H))
    for i, text in enumerate(HOSTILE_TEXTS):
        x0, y0, x1, y1 = _ink_box(fr[i * 10 + 5], bg)
        lines = text.split("\n")
        # the width FreeType gives these exact characters, drawn on the same colour and measured the same way
        want = max(_drawn_width(font, line, bg) for line in lines)
        assert abs((x1 - x0) - want) <= 3, (text, x1 - x0, want)
        if len(lines) > 1:
            assert y1 - y0 > 1.6 * round(px_frac * H), "the newline must break the line"
        else:  # the glyphs themselves: the drawn ink against a reference drawn by FreeType from the same font
            drawn = np.abs(fr[i * 10 + 5].astype(int) - bg).sum(axis=2)[y0 : y1 + 1, x0 : x1 + 1] > 90
            assert _iou(drawn, _reference(font, text, drawn.shape)) > 0.6, text


def test_concurrent_renders_never_share_text_files(tmp_path: Path) -> None:
    """Two renders at once in one scratch root: each draws its own title."""
    from concurrent.futures import ThreadPoolExecutor

    def job(title: str) -> np.ndarray:
        data = _draft([{"src": "color:#000000", "kind": "color", "d": 1000}])
        data["t"].append(
            {
                "tt": 7,
                "sg": [
                    {
                        "text": title,
                        "d": 1000,
                        "pos": "center",
                        "fi": 0,
                        "fo": 0,
                        "style": {"size": 0.1, "shadow": False, "outline": 0},
                    }
                ],
            }
        )
        out = render(Draft.parse(data), tmp_path / f"{len(title)}.mp4", quality="draft", work_dir=tmp_path / "w")
        return frames_rgb(out.path, W, H)[12]

    with ThreadPoolExecutor(2) as pool:
        short, long_ = pool.map(job, ["I", "IIIIIIIIIIIIIIII"])
    w_short = _ink_box(short, np.zeros(3))[2] - _ink_box(short, np.zeros(3))[0]
    w_long = _ink_box(long_, np.zeros(3))[2] - _ink_box(long_, np.zeros(3))[0]
    assert w_long > 5 * w_short
    assert not any((tmp_path / "w").iterdir()), "a finished job leaves no scratch files behind"


# --- every string field of a draft, fuzzed with injection payloads -----------------------------
INJECT = st.sampled_from(
    [
        "x,drawtext=textfile=/etc/passwd",
        "x:fontfile=/etc/passwd",
        "x';nullsrc[o]",
        "x[in];[in]null",
        "x\\,y",
        "%{pts}",
        "x\nmovie=/etc/passwd",
        "file:/etc/passwd",
        "-y",
        "../../etc/passwd",
    ]
) | st.text(alphabet=st.sampled_from(list(":,;[]'\\%{}=\n -/ab")), min_size=1, max_size=30)
STRING_FIELDS = [
    ("m", "bg"),
    ("m", "filter"),
    ("m", "title"),
    ("v", "src"),
    ("v", "fit"),
    ("v", "kind"),
    ("v", "filter"),
    ("v", "motion.type"),
    ("v", "tr.name"),
    ("t", "style.color"),
    ("t", "style.font"),
    ("t", "style.outline_color"),
    ("t", "style.box_color"),
    ("t", "pos"),
    ("t", "role"),
    ("o", "pos"),
    ("o", "src"),
    ("a", "src"),
]


def _set(obj: dict, dotted: str, value: str) -> None:
    *head, last = dotted.split(".")
    for k in head:
        obj = obj.setdefault(k, {})
    obj[last] = value


@pytest.fixture(scope="module")
def fuzz_media(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    d = tmp_path_factory.mktemp("fuzz")
    return {
        "photo": str(photo(d / "IMG_20240612_143055.jpg", (400, 300))),
        "clip": str(make_clip(d / "clip.mp4", seconds=1, fps=30)),
        "logo": str(photo(d / "logo.png", (64, 64), color=(200, 0, 0))),
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(STRING_FIELDS), payload=INJECT)
def test_fuzzed_string_fields_never_reach_ffmpeg_unchecked(
    field: tuple[str, str], payload: str, fuzz_media: dict[str, str], tmp_path: Path
) -> None:
    """Every string a draft carries is refused, or rendered as plain data: ffmpeg never reads or writes
    anything the draft names, and text appears literally."""
    where, key = field
    data: dict[str, Any] = {
        "t": [
            {
                "tt": 0,
                "sg": [
                    {"src": fuzz_media["photo"], "d": 600, "tr": {"name": "fade", "d": 200}},
                    {"src": fuzz_media["clip"], "kind": "video", "d": 600, "fit": "contain"},
                ],
            },
            {"tt": 1, "sg": [{"src": fuzz_media["clip"], "d": 1000}]},
            {"tt": 2, "sg": [{"src": fuzz_media["logo"], "d": 1000}]},
            {"tt": 7, "sg": [{"text": payload, "d": 1000}]},
        ],
        "d": 1000,
        "m": {"width": 160, "height": 90, "fps": 25},
    }
    seg = {
        "m": data["m"],
        "v": data["t"][0]["sg"][1],
        "a": data["t"][1]["sg"][0],
        "o": data["t"][2]["sg"][0],
        "t": data["t"][3]["sg"][0],
    }[where]
    _set(seg, key, payload)
    try:
        draft = Draft.parse(data)
    except DraftError:
        return  # refused up front: the safe answer for a field that is a closed choice
    try:
        render(draft, tmp_path / "f.mp4", quality="preview", work_dir=tmp_path / "w")
    except RenderError as e:
        assert "ffmpeg" not in str(e).lower(), e  # refused by our checks, not by ffmpeg choking on a graph


def test_hostile_draft_over_http_is_refused(engine_factory, media: Path) -> None:
    srv = engine_factory()
    api = Api(srv.url)
    sid = api.session()
    clip = make_clip(media / "clip.mp4", seconds=1, fps=30)
    ref = api.upload(sid, clip).json()["data"]["files"][0]["cdn_url"]
    draft = _draft(
        [{"src": ref, "kind": "video", "d": 1000, "fit": "contain"}], bg="black,drawtext=textfile=/etc/passwd"
    )
    r = api.post(
        "/api/render/proxy/lambda",
        headers=ATTRIBUTION,
        json={"id": "r1", "sessionId": sid, "draft": draft, "output": {"quality": "preview"}},
    )
    assert r.status_code == 422 and "m.bg" in r.json()["message"]


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -1.0, 1e9, "0.1);drawtext=textfile=/etc/passwd"])
@pytest.mark.parametrize("field", ["amount", "vol"])
def test_numbers_that_reach_the_filter_text_are_checked(field: str, bad: object) -> None:
    """Motion amounts and volumes become numbers in Ken Burns and ducking expressions: a value that is
    not a number in range is refused when the draft is read, never written into the graph."""
    seg: dict = {"src": "a.jpg", "d": 2000, "motion": {"type": "zoom_in"}}
    if field == "amount":
        seg["motion"]["amount"] = bad
    else:
        seg["vol"] = bad
    with pytest.raises(DraftError):
        Draft.parse({"t": [{"tt": 0, "sg": [seg]}], "d": 2000})
