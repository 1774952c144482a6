"""How text comes in, asked for in words (issue 16): "make the title pop in", "typewriter title", "slide the
captions in", "words appear one by one", 标题逐字出现, 打字机效果, 飞入, 滑入. Each row is checked on the
whole draft by `check_row`: only the named text's animation changes, and the reply names it."""

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
HI, NI_HAO = "title 'Hi'", "标题「你好」"
CAPTIONS, ZH_CAPTIONS = "captions 'Day one', 'The beach'", "字幕「第一天」「海边」"

CASES: list[Row] = [
    # --- English ---
    (
        "title pops in",
        "photos",
        [S, HI, "make the title pop in"],
        {"text_look": {"title": ("anim", "pop")}, "reply": "pops in"},
    ),
    (
        "animate the text",
        "photos",
        [S, HI, "animate the text"],
        {"text_look": {"title": ("anim", "fade_up")}, "reply": "fades up"},
    ),
    (
        "typewriter title",
        "photos",
        [S, HI, "typewriter title"],
        {"text_look": {"title": ("anim", "typewriter")}, "reply": "letter by letter"},
    ),
    (
        "title types in",
        "photos",
        [S, "title 'Summer Sale'", "make the title type in"],
        {"text_look": {"title": ("anim", "typewriter")}, "reply": "types in"},
    ),
    (
        "slide the captions in",
        "photos",
        [S, HI, CAPTIONS, "slide the captions in"],
        {"text_look": {"caption": ("anim", "slide")}, "reply": ("caption", "slides in")},
    ),
    (
        "title slides in",
        "photos",
        [S, HI, "can the title slide in from the side"],
        {"text_look": {"title": ("anim", "slide")}, "reply": "slides in"},
    ),
    (
        "words one by one",
        "photos",
        [S, "title 'Summer Sale Today'", "make the words appear one by one"],
        {"text_look": {"title": ("anim", "words")}, "reply": "word by word"},
    ),
    (
        "title word by word",
        "photos",
        [S, "title 'Summer Sale Today'", "title word by word"],
        {"text_look": {"title": ("anim", "words")}, "reply": "word by word"},
    ),
    (
        "letter by letter",
        "photos",
        [S, HI, "have the title appear letter by letter"],
        {"text_look": {"title": ("anim", "typewriter")}, "reply": "letter by letter"},
    ),
    (
        "title flies in",
        "photos",
        [S, HI, "the title flies in"],
        {"text_look": {"title": ("anim", "slide")}, "reply": "slides in"},
    ),
    (
        "title fades up",
        "photos",
        [S, HI, "make the title fade up"],
        {"text_look": {"title": ("anim", "fade_up")}, "reply": "fades up"},
    ),
    (
        "pop and bigger",
        "photos",
        [S, HI, "make the title bigger and pop in"],
        {"text_look": {"title": ("anim", "pop")}, "reply": ("bigger", "pops in")},
    ),
    (
        "spin is not done",
        "photos",
        [S, HI, "make the title spin in"],
        {"text_look": {"title": ("anim", "pop")}, "reply": ("Not done", "spin", "pops in")},
    ),
    ("pop with no title", "photos", [S, "make the title pop in"], {"same": True, "reply": "no title"}),
    # --- Chinese ---
    (
        "zh title letter by letter",
        "photos",
        [S, NI_HAO, "标题逐字出现"],
        {"text_look": {"title": ("anim", "typewriter")}, "reply": "打字机"},
    ),
    (
        "zh typewriter",
        "photos",
        [S, NI_HAO, "标题用打字机效果"],
        {"text_look": {"title": ("anim", "typewriter")}, "reply": "逐字出现"},
    ),
    ("zh fly in", "photos", [S, NI_HAO, "标题飞入"], {"text_look": {"title": ("anim", "slide")}, "reply": "滑入"}),
    (
        "zh captions slide in",
        "photos",
        [S, NI_HAO, ZH_CAPTIONS, "字幕滑入"],
        {"text_look": {"caption": ("anim", "slide")}, "reply": "滑入"},
    ),
    ("zh pop", "photos", [S, NI_HAO, "标题弹出"], {"text_look": {"title": ("anim", "pop")}, "reply": "弹出"}),
    (
        "zh word by word",
        "photos",
        [S, "标题「夏日特卖今天开始」", "标题逐词出现"],
        {"text_look": {"title": ("anim", "words")}, "reply": "逐词出现"},
    ),
    (
        "zh animate",
        "photos",
        [S, NI_HAO, "给标题加个动画"],
        {"text_look": {"title": ("anim", "fade_up")}, "reply": "上浮"},
    ),
]

test_request = row_test(CASES)
