"""Fonts asked for in words: "make the title bold", "captions in serif", "a more elegant font", 标题加粗,
手写体, 宋体. Each row is checked on the whole draft by `check_row`: only the font of the text named
changes, and the reply names the face (and says when Chinese text is drawn with the CJK face instead)."""

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
    # --- English requests, English text ---
    ("title bold", "photos", [S, HI, "make the title bold"], {"font": {"title": "bold"}, "reply": "Fira Sans Bold"}),
    ("serif font", "photos", [S, HI, "use a serif font"], {"font": {"title": "serif"}, "reply": "Playfair Display"}),
    ("handwritten title", "photos", [S, HI, "make the title handwritten"], {"font": {"title": "handwriting"}}),
    (
        "display face for the title",
        "photos",
        [S, "title 'Sale'", "a display font for the title"],
        {"font": {"title": "display"}, "reply": "Anton"},
    ),
    (
        "a more elegant font is the font's, not the look's",
        "photos",
        [S, HI, "a more elegant font"],
        {"font": {"title": "serif"}, "reply": "serif", "no_reply": "romantic"},
    ),
    (
        "a fun font",
        "photos",
        [S, HI, "can you use a fun font for the title"],
        {"font": {"title": "handwriting"}, "reply": "Kalam"},
    ),
    (
        "a different font",
        "photos",
        [S, HI, "use a different font"],
        {"font": {"title": "serif"}, "reply": ("Playfair Display", "handwriting")},
    ),
    (
        "another font again",
        "photos",
        [S, HI, "use a different font", "try another font"],
        {"font": {"title": "display"}, "reply": "Anton"},
    ),
    (  # a font said after new words but for the captions named next is the captions'
        "new title and bold captions",
        "photos",
        [S, CAPTIONS, "title 'Sale' and bold captions"],
        {"font": {"caption": "bold", "title": "sans"}, "text": {"title": ("Sale", 0, 3.5)}},
    ),
    (
        "zh new title in handwriting and red",
        "photos",
        [S, "标题「夏日特卖」用手写体和红色"],
        {
            "text": {"title": ("夏日特卖", 0, 3.5)},
            "font": {"title": "handwriting"},
            "text_look": {"title": ("color", "#e53935")},
        },
    ),
    (
        "captions in serif, the title kept",
        "photos",
        [S, HI, CAPTIONS, "put the captions in serif"],
        {"font": {"caption": "serif", "title": "sans"}, "reply": "caption"},
    ),
    (
        "title serif and captions handwritten",
        "photos",
        [S, HI, CAPTIONS, "the title in serif and the captions in handwriting"],
        {"font": {"title": "serif", "caption": "handwriting"}, "reply": ("Playfair Display", "Kalam")},
    ),
    (
        "bold and bigger",
        "photos",
        [S, HI, "make the title bold and bigger"],
        {"font": {"title": "bold"}, "text_look": {"title": ("size", 0.1125)}, "reply": ("bold", "bigger")},
    ),
    (
        "yellow and bold",
        "photos",
        [S, "title 'Summer Sale'", "make the title yellow and bold"],
        {"font": {"title": "bold"}, "text_look": {"title": ("color", "#fdd835")}, "reply": ("yellow", "bold")},
    ),
    (
        "not bold any more",
        "photos",
        [S, HI, "make the title bold", "make the title not bold"],
        {"font": {"title": "sans"}, "reply": "Noto Sans"},
    ),
    (
        "sans-serif is not serif",
        "photos",
        [S, HI, "use a serif font", "use a sans-serif font"],
        {"font": {"title": "sans"}, "reply": "sans-serif"},
    ),
    ("bold twice", "photos", [S, HI, "make the title bold", "make the title bold"], {"reply": "already in bold"}),
    (
        "a font not in the set",
        "photos",
        [S, HI, "change the font to Comic Sans"],
        {"same": True, "reply": "can't use that font", "no_reply": "Noto Sans"},
    ),
    ("not bold enough", "photos", [S, HI, "the title is not bold enough"], {"font": {"title": "bold"}}),
    ("change the title to serif", "photos", [S, HI, "change the title to serif"], {"font": {"title": "serif"}}),
    ("thicker letters", "photos", [S, HI, "make the letters thicker"], {"font": {"title": "bold"}}),
    ("italic", "photos", [S, HI, "make the title italic"], {"same": True, "reply": "italic"}),
    (
        "bold words in quotes are words",
        "photos",
        [S, "title 'Bold Moves'"],
        {"text": {"title": ("Bold Moves", 0, 3.5)}, "font": {"title": "sans"}},
    ),
    (
        "a Latin-only face asked of Chinese text",
        "photos",
        [S, NI_HAO, "make the title serif"],
        {"font": {"title": "serif"}, "reply": ("(Playfair Display)", "Chinese text uses Noto Sans CJK instead")},
    ),
    # --- Chinese requests ---
    ("zh 标题加粗", "photos", [S, NI_HAO, "标题加粗"], {"font": {"title": "bold"}, "reply": "Noto Sans CJK Bold"}),
    ("zh 粗体", "photos", [S, NI_HAO, "标题用粗体"], {"font": {"title": "bold"}, "reply": "粗体"}),
    (
        "zh 手写体 on Chinese",
        "photos",
        [S, NI_HAO, "标题改成手写体"],
        {"font": {"title": "handwriting"}, "reply": ("中文没有手写体", "Noto Sans CJK")},
    ),
    (
        "zh 宋体 is serif",
        "photos",
        [S, NI_HAO, "标题用宋体"],
        {"font": {"title": "serif"}, "reply": "中文没有衬线字体"},
    ),
    (
        "zh 衬线 on an English title",
        "photos",
        [S, "title 'Hello'", "标题换成衬线字体"],
        {"font": {"title": "serif"}, "reply": "Playfair Display", "no_reply": "中文没有"},
    ),
    ("zh 手写 on an English title", "photos", [S, HI, "标题用手写体"], {"font": {"title": "handwriting"}}),
    (
        "zh 字幕用手写体",
        "photos",
        [S, NI_HAO, ZH_CAPTIONS, "字幕用手写体"],
        {"font": {"caption": "handwriting", "title": "cjk"}, "reply": "字幕"},
    ),
    (
        "zh 换个字体 on Chinese is the other weight",
        "photos",
        [S, NI_HAO, "换个字体"],
        {"font": {"title": "bold"}, "reply": "Noto Sans CJK Bold"},
    ),
    (
        "zh 取消加粗",
        "photos",
        [S, NI_HAO, "标题加粗", "取消加粗"],
        {"font": {"title": "sans"}, "reply": "Noto Sans CJK"},
    ),
    (
        "zh 优雅的字体",
        "photos",
        [S, "title 'Our Wedding'", "换一个优雅的字体"],
        {"font": {"title": "serif"}, "reply": "Playfair Display"},
    ),
    (
        "zh bigger and bold",
        "photos",
        [S, NI_HAO, "标题放大一点，加粗"],
        {"font": {"title": "bold"}, "text_look": {"title": ("size", 0.1035)}, "reply": "粗体"},
    ),
]


test_request = row_test(CASES)
