"""Font families: each is a real file from its own package, under an open licence, at the weight it is
named for; each draws differently in a real render (at the widths the face's own metrics give); Chinese is
always drawn with a CJK face; and the set stays closed, so a draft can never name a file."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import numpy as np
import pytest
from PIL import ImageFont
from pydantic import ValidationError

from reelsmith.engine.edit import ops
from reelsmith.engine.media import fonts
from reelsmith.engine.model.choices import FONTS, FontName
from reelsmith.engine.model.draft import Draft, DraftError
from reelsmith.engine.render.render import render

from .media import frames_rgb

W, H = 960, 540
BG = np.array([0x20, 0x30, 0x40])
SIZE = 0.1
LATIN, CHINESE = "Grand Opening", "开业大吉"
WEIGHT = {"sans": 400, "bold": 700, "serif": 400, "display": 400, "handwriting": 400, "cjk": 400, "cjk_bold": 700}


def _tables(path: Path) -> dict[bytes, bytes]:
    """The tables of an OpenType/TrueType file, by tag."""
    data = path.read_bytes()
    n = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(n):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        out[tag] = data[off : off + length]
    return out


def _name(tables: dict[bytes, bytes], name_id: int) -> str:
    """A Windows/English string from the `name` table (13 is the licence)."""
    t = tables[b"name"]
    count, strings = struct.unpack(">HH", t[2:6])
    for j in range(count):
        pid, _, lang, nid, length, off = struct.unpack(">HHHHHH", t[6 + 12 * j : 18 + 12 * j])
        if nid == name_id and pid == 3 and lang == 0x409:
            return t[strings + off : strings + off + length].decode("utf-16-be")
    return ""


def _default_weight(tables: dict[bytes, bytes]) -> int | None:
    """The `wght` axis default of a variable font: the instance ffmpeg's drawtext draws."""
    if b"fvar" not in tables:
        return None
    t = tables[b"fvar"]
    axes_at, _, count, size = struct.unpack(">HHHH", t[4:12])
    for i in range(count):
        tag, _, default, _ = struct.unpack(">4siii", t[axes_at + i * size : axes_at + i * size + 16])
        if tag == b"wght":
            return round(default / 65536)
    return None


@pytest.mark.parametrize("font", FONTS)
def test_each_family_is_a_file_from_its_own_package_under_an_open_licence(font: FontName) -> None:
    face = fonts.FACES[font]
    path = fonts.resolve(font)
    spec = importlib.util.find_spec(face.package)
    assert spec is not None and spec.submodule_search_locations, f"{face.package} is not installed"
    assert path.is_file() and path.parent.is_relative_to(Path(next(iter(spec.submodule_search_locations))))
    assert path == fonts.packaged(font)
    tables = _tables(path)
    assert "Open Font License" in _name(tables, 13), _name(tables, 13)[:80]
    # drawtext draws a variable font at its default instance: each face is at the weight it is named for
    weight = _default_weight(tables) or struct.unpack(">H", tables[b"OS/2"][4:6])[0]
    assert weight == WEIGHT[font], (font, weight)


def test_the_script_table_matches_what_each_package_says_it_covers() -> None:
    """The fallback for Cyrillic, Greek and Vietnamese rests on FACES[...].scripts: the fontpkg packages'
    own metadata lists the subsets each face has."""
    import json

    for font, face in fonts.FACES.items():
        meta = fonts.resolve(font).parent.parent / "metadata.json"
        if face.package.startswith("fontpkg_"):
            subsets = set(json.loads(meta.read_text())["subsets"])
            assert face.scripts == subsets & set(fonts.SCRIPTS), font


def test_chinese_and_other_scripts_fall_back_to_a_face_that_has_them() -> None:
    for font in FONTS:
        cjk = fonts.family_for(font, "夏日特卖")
        assert cjk in ("cjk", "cjk_bold")
        assert cjk == ("cjk_bold" if font in ("bold", "display", "cjk_bold") else "cjk"), font
        assert fonts.resolve(font, "夏日特卖") == fonts.resolve(cjk)
    assert fonts.family_for("handwriting", "Привет") == "sans"
    assert fonts.family_for("display", "Καλημέρα") == "bold"
    assert fonts.family_for("serif", "Привет") == "serif"  # Playfair Display has Cyrillic
    assert fonts.family_for("handwriting", "Café crème") == "handwriting"  # accents are Latin


def _ink(frame: np.ndarray) -> np.ndarray:
    return np.abs(frame.astype(int) - BG).sum(axis=2) > 90


def _box(mask: np.ndarray) -> tuple[int, int, int, int]:
    ys, xs = np.nonzero(mask)
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """One render: each family in its own 0.4 s, a Latin line at the top and a Chinese one at the bottom."""
    style = {"size": SIZE, "shadow": False, "outline": 0}
    texts = []
    for i, font in enumerate(FONTS):
        for text, pos in ((LATIN, "top"), (CHINESE, "bottom")):
            texts.append(
                {"text": text, "st": i * 400, "d": 400, "pos": pos, "fi": 0, "fo": 0, "style": {**style, "font": font}}
            )
    n = len(FONTS)
    data = {
        "t": [{"tt": 0, "sg": [{"src": "color:#203040", "kind": "color", "d": 400 * n}]}, {"tt": 7, "sg": texts}],
        "d": 400 * n,
        "m": {"width": W, "height": H, "fps": 25},
    }
    out = render(Draft.parse(data), tmp_path_factory.mktemp("fonts") / "f.mp4", quality="draft")
    fr = frames_rgb(out.path, W, H)
    return {font: (_ink(fr[i * 10 + 5][: H // 2]), _ink(fr[i * 10 + 5][H // 2 :])) for i, font in enumerate(FONTS)}


def _reference_width(font: ImageFont.FreeTypeFont, text: str) -> int:
    """The ink width FreeType itself gives `text` in this face (Pillow draws it)."""
    from PIL import Image, ImageDraw

    im = Image.new("L", (W * 2, H), 0)
    ImageDraw.Draw(im).text((20, 20), text, font=font, fill=255)
    x0, _, x1, _ = _box(np.asarray(im) > 90)
    return x1 - x0


def test_each_family_draws_its_own_glyphs_at_its_own_metrics(drawn: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    px = round(SIZE * H)
    for font in FONTS:
        x0, _, x1, _ = _box(drawn[font][0])
        want = _reference_width(ImageFont.truetype(str(fonts.resolve(font, LATIN)), px), LATIN)
        assert abs((x1 - x0) - want) <= 3, (font, x1 - x0, want)
    for a in FONTS:  # and every family looks different from every other
        for b in FONTS[FONTS.index(a) + 1 :]:
            ma, mb = drawn[a][0], drawn[b][0]
            assert (ma ^ mb).sum() > 0.25 * max(ma.sum(), mb.sum()), (a, b)


def test_chinese_is_drawn_with_the_cjk_face_of_its_weight(drawn: dict[str, tuple[np.ndarray, np.ndarray]]) -> None:
    regular, heavy = drawn["cjk"][1], drawn["cjk_bold"][1]
    assert heavy.sum() > 1.3 * regular.sum()  # the bold face really is bolder
    for font in FONTS:
        want = heavy if fonts.family_for(font, CHINESE) == "cjk_bold" else regular
        assert (drawn[font][1] ^ want).sum() <= 0.02 * want.sum(), font  # the very same face


@pytest.mark.parametrize(
    "bad", ["/etc/passwd", "../../fonts/x.ttf", "Sans", "bold:text=x", "serif\n", "cjk_bold ", "Comic Sans", ""]
)
def test_a_font_outside_the_set_is_refused_everywhere(bad: str) -> None:
    data = {
        "t": [
            {"tt": 0, "sg": [{"src": "color:#203040", "kind": "color", "d": 1000}]},
            {"tt": 7, "sg": [{"text": "hi", "d": 1000, "style": {"font": bad}}]},
        ],
        "d": 1000,
        "m": {"width": W, "height": H, "fps": 25},
    }
    with pytest.raises(DraftError, match="font"):
        Draft.parse(data)
    with pytest.raises(fonts.FontError):
        fonts.resolve(bad)
    with pytest.raises(ValidationError):
        ops.SetTextStyle.model_validate({"role": "title", "font": bad})


def test_the_font_is_offered_to_the_claude_planner_as_the_closed_set() -> None:
    tool = next(t for t in ops.tool_schemas() if t["name"] == "set_text_style")
    prop = tool["input_schema"]["properties"]["font"]
    assert set(next(x for x in prop["anyOf"] if "enum" in x)["enum"]) == set(FONTS)
    assert "serif" in tool["description"] and "handwriting" in tool["description"]
