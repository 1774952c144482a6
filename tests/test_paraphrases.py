"""The same intent in five wordings: wording must not matter. Each row is checked like the request
table (`check_row`): what the intent expects, nothing else changed, and the reply says what did."""

from __future__ import annotations

from typing import Any

from .rows import SLIDESHOW_SEED, engine_parts, row_test, silent_music  # noqa: F401

S20 = "make a slideshow video, 20 seconds"
TITLED = [SLIDESHOW_SEED, "title 'Hello'"]

# intent: (files, the conversation before, what the last request must do, five wordings)
INTENTS: dict[str, tuple[str, list[str], dict[str, Any], list[str]]] = {
    "length 30s": (
        "photos",
        [SLIDESHOW_SEED],
        {"secs": 30},
        ["make it 30 seconds", "30s please", "can you make the video thirty seconds long", "half a minute", "改成30秒"],
    ),
    "vertical": (
        "photos",
        [SLIDESHOW_SEED],
        {"size": (1080, 1920)},
        ["make it vertical", "portrait please", "9:16", "can you make it 9:16", "做成竖屏"],
    ),
    "square": (
        "photos",
        [SLIDESHOW_SEED],
        {"size": (1080, 1080)},
        ["square", "make it square", "1:1", "square please", "做成方形"],
    ),
    "slower": (
        "photos",
        [S20],
        {"secs": 28},
        ["slower", "slow it down", "a bit slower please", "less rushed", "慢一点"],
    ),
    "each photo 3s": (
        "photos",
        [S20],
        {"each": 3.0, "secs": 12.2},
        [
            "each photo 3 seconds",
            "3 seconds per photo",
            "every photo for 3 seconds",
            "3 seconds for each photo",
            "每张照片停留3秒",
        ],
    ),
    "shorter transitions": (
        "photos",
        [S20],
        {"trans_ms": 350, "secs": 20},
        [
            "shorter transitions",
            "faster transitions",
            "quicker transitions",
            "make the transitions shorter",
            "转场短一点",
        ],
    ),
    "no transitions": (
        "photos",
        [SLIDESHOW_SEED],
        {"trans": False},
        ["no transitions", "hard cuts", "just cut between photos", "remove the transitions", "不要转场"],
    ),
    "remove second photo": (
        "photos",
        [SLIDESHOW_SEED],
        {"order": ["01-astronaut", "03-cat", "04-rocket", "05-deep-field"]},
        [
            "remove the second photo",
            "delete photo 2",
            "drop the 2nd picture",
            "get rid of the coffee",
            "删除第二张照片",
        ],
    ),
    "title": (
        "photos",
        [SLIDESHOW_SEED],
        {"text": {"title": ("Summer Sale", 0, 3.5)}},
        [
            'title "Summer Sale"',
            "title says Summer Sale",
            "add a title: Summer Sale",
            "‘Summer Sale’ as the title",
            "标题是“Summer Sale”",
        ],
    ),
    "title bigger": (
        "photos",
        TITLED,
        {"text_look": {"title": ("size", 0.1125)}},
        ["make the title bigger", "bigger title", "title larger", "the title should be larger", "标题放大"],
    ),
    "title at the top": (
        "photos",
        TITLED,
        {"pos": {"title": "top"}},
        [
            "move the title to the top",
            "put the title at the top",
            "title on the top",
            "title at the top please",
            "标题放在顶部",
        ],
    ),
    "no music": (
        "photos",
        [SLIDESHOW_SEED],
        {"music": None},
        ["no music", "remove the music", "without music please", "kill the music", "去掉音乐"],
    ),
    "calm music": (
        "photos",
        ["make a promo video"],
        {"music": "calm"},
        ["calm music", "calmer music", "make the music calmer", "more relaxing music", "音乐更舒缓一点"],
    ),
    "music quieter": (
        "photos",
        [SLIDESHOW_SEED],
        {"volume": 0.36},
        ["make the music quieter", "music softer", "lower the music", "music a bit quieter", "音乐小一点"],
    ),
    "black and white": (
        "photos",
        [SLIDESHOW_SEED],
        {"filter": "bw"},
        ["black and white", "make it black & white", "monochrome please", "grayscale", "换成黑白"],
    ),
    "warm second photo": (
        "photos",
        [SLIDESHOW_SEED],
        {"item_filter": (2, "warm")},
        [
            "warm filter on the second photo",
            "make the second photo warmer",
            "warm look on photo 2",
            "the 2nd picture warm",
            "第二张照片用暖色",
        ],
    ),
    "only the first 3": (
        "photos",
        [SLIDESHOW_SEED],
        {"n": 3, "order": ["01-astronaut", "02-coffee", "03-cat"]},
        [
            "only the first 3 photos",
            "just the first three",
            "keep the first 3",
            "only use the first three pictures",
            "只要前3张",
        ],
    ),
    "twice as long": (
        "photos",
        [S20],
        {"secs": 40},
        ["make it twice as long", "double the length", "make the video twice as long", "2x longer", "长一倍"],
    ),
    "ask for a number alone": (
        "photos",
        [SLIDESHOW_SEED],
        {"ask": True},
        ["make it 2", "2", "set it to 2", "change it to 2", "改成2"],
    ),
    "undo": (
        "photos",
        [SLIDESHOW_SEED, "make it vertical"],
        {"size": (1920, 1080)},
        ["undo", "go back", "revert", "undo that", "撤销"],
    ),
}
CASES = [
    (f"{intent} #{i + 1}", files, [*before, wording], exp)
    for intent, (files, before, exp, wordings) in INTENTS.items()
    for i, wording in enumerate(wordings)
]


def test_every_intent_has_five_wordings() -> None:
    assert len(INTENTS) >= 20 and all(len(x[3]) == 5 for x in INTENTS.values())


test_wording_does_not_matter = row_test(CASES)
