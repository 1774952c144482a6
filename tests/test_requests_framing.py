"""Framing asked for in words: "show the whole photo", "keep the top", "don't cut off heads", 显示完整照片,
保留顶部, "show the whole clips", 视频片段显示完整. Each row is checked on the whole draft by `check_row`:
only the framing (fit and focus) of the photos or clips named changes, and the reply says so."""

from __future__ import annotations

from .rows import (  # noqa: F401  (fixtures are found by name)
    SLIDESHOW_SEED,
    Row,
    check_row,
    engine_parts,
    row_test,
    silent_music,
)

S = SLIDESHOW_SEED

CASES: list[Row] = [
    # --- English ---
    ("whole photos", "photos", [S, "show the whole photos"], {"framing": (None, "blur", "auto"), "reply": "whole"}),
    (
        "fit the whole picture",
        "photos",
        [S, "fit the whole picture in the frame"],
        {"framing": (None, "blur", "auto"), "reply": "blurred fill"},
    ),
    (
        "the whole second photo",
        "photos",
        [S, "show the whole second photo"],
        {"framing": (2, "blur", "auto"), "reply": ("whole photo", "02-coffee")},
    ),
    ("don't crop", "photos", [S, "please don't crop the photos"], {"framing": (None, "blur", "auto")}),
    (
        "keep the top of one photo",
        "photos",
        [S, "keep the top of the second photo"],
        {"framing": (2, "cover", "top"), "reply": ("top", "02-coffee")},
    ),
    ("don't cut off heads", "photos", [S, "don't cut off heads"], {"framing": (None, "cover", "top"), "reply": "top"}),
    (
        "heads cut off in the first photo",
        "photos",
        [S, "heads are cut off in the first photo"],
        {"framing": (1, "cover", "top"), "reply": "01-astronaut"},
    ),
    (
        "keep the bottom of the last photo",
        "photos",
        [S, "keep the bottom of the last photo"],
        {"framing": (5, "cover", "bottom"), "reply": "bottom"},
    ),
    (
        "fill the frame again",
        "photos",
        [S, "show the whole photos", "fill the frame"],
        {"framing": (None, "cover", "auto"), "reply": "fill the frame"},
    ),
    (
        "a whole photo stays whole on a new shape",
        "photos",
        [S, "show the whole second photo", "make it square"],
        {"size": (1080, 1080), "framing": (2, "blur", "auto")},
    ),
    ("no such photo", "photos", [S, "show the whole ninth photo"], {"same": True, "reply": "no such photo"}),
    # clips are framed as photos are, and a request that names one kind leaves the other alone
    (
        "the whole clips",
        "clips",
        [S, "show the whole clips"],
        {"framing": ("clips", "blur", "auto"), "reply": "whole clip"},
    ),
    (
        "keep the top of the clips",
        "clips",
        [S, "keep the top of the clips"],
        {"framing": ("clips", "cover", "top"), "reply": "top"},
    ),
    (
        "the whole photos, not the clips",
        "clips",
        [S, "show the whole photos"],
        {"framing": (None, "blur", "auto"), "reply": "whole photo"},
    ),
    # --- Chinese ---
    ("zh whole photos", "photos", [S, "显示完整照片"], {"framing": (None, "blur", "auto"), "reply": "完整显示"}),
    (
        "zh the second photo whole",
        "photos",
        [S, "第二张照片显示完整"],
        {"framing": (2, "blur", "auto"), "reply": "完整显示"},
    ),
    ("zh keep the top", "photos", [S, "保留顶部"], {"framing": (None, "cover", "top"), "reply": "顶部"}),
    (
        "zh the whole clips",
        "clips",
        [S, "视频片段显示完整"],
        {"framing": ("clips", "blur", "auto"), "reply": "视频片段完整显示"},
    ),
    (
        "zh keep the top of the third",
        "photos",
        [S, "第三张照片保留顶部"],
        {"framing": (3, "cover", "top"), "reply": "顶部"},
    ),
    ("zh don't cut heads", "photos", [S, "不要切掉头"], {"framing": (None, "cover", "top"), "reply": "顶部"}),
    (
        "zh fill the screen",
        "photos",
        [S, "显示完整照片", "铺满画面"],
        {"framing": (None, "cover", "auto"), "reply": "铺满"},
    ),
]

test_request = row_test(CASES)
