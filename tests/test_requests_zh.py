"""The request table in Chinese: the same checks as the English table (`check_row` in rows.py).

Replies to a Chinese request are in Chinese, so the expected wording here is Chinese too.
"""

from __future__ import annotations

from .rows import (  # noqa: F401  (fixtures are found by name)
    PROMO_SEED,
    SLIDESHOW_SEED,
    Row,
    check_row,
    engine_parts,
    row_test,
    silent_music,
)
from .test_requests_en import CASES as EN
from .test_requests_en import S20
from .test_requests_issue16 import CASES as ISSUE
from .test_requests_more import CASES as MORE
from .test_requests_zh2 import CASES as ZH2

CASES: list[Row] = [
    ("zh no fades", "photos", [SLIDESHOW_SEED, "不要淡入淡出"], {"fades": (0, 0), "trans": True}),
    (
        "zh promo",
        "promo",
        ["把这些图片做成30秒的宣传视频，配上音乐和文字"],
        {"secs": 30, "music": "upbeat", "captions": 0, "reply": "文字要写什么"},
    ),
    ("zh slideshow", "photos", ["把我的照片做成带音乐和转场的幻灯片"], {"trans": True, "music": "calm"}),
    ("zh vertical", "photos", [SLIDESHOW_SEED, "做成竖屏"], {"size": (1080, 1920)}),
    ("zh slower", "photos", ["make a slideshow video, 20 seconds", "慢一点"], {"secs": 28}),
    ("zh title", "photos", [SLIDESHOW_SEED, "标题改成「夏季促销」"], {"text": {"title": ("夏季促销", 0, 3.5)}}),
    ("zh no music", "photos", [SLIDESHOW_SEED, "去掉音乐"], {"music": None}),
    (
        "zh remove second",
        "photos",
        [SLIDESHOW_SEED, "删除第二张照片"],
        {"order": ["01-astronaut", "03-cat", "04-rocket", "05-deep-field"]},
    ),
    ("zh bw", "photos", [SLIDESHOW_SEED, "换成黑白"], {"filter": "bw"}),
    ("zh volume", "photos", [SLIDESHOW_SEED, "音乐音量调到50%"], {"volume": 0.5}),
    # 安静一点 is "a bit quieter": the volume, not a calmer mood
    ("zh music a bit quieter", "photos", [SLIDESHOW_SEED, "音乐安静一点"], {"volume": 0.36, "reply": "音量"}),
    ("zh quiet music", "photos", [SLIDESHOW_SEED, "换成安静的音乐"], {"music": "calm"}),
    # a Chinese reply names the transition in Chinese
    ("zh slide transitions", "photos", [SLIDESHOW_SEED, "转场换成滑动"], {"trans": "slideleft", "reply": "向左滑动"}),
    ("zh wipe transitions", "photos", [SLIDESHOW_SEED, "转场换成擦除"], {"trans": "wipeleft", "reply": "向左擦除"}),
    ("zh no transitions", "photos", [SLIDESHOW_SEED, "不要转场"], {"trans": False}),
    ("zh thirty", "photos", [SLIDESHOW_SEED, "改成三十秒"], {"secs": 30}),
    ("zh half minute", "photos", [SLIDESHOW_SEED, "半分钟"], {"secs": 30}),
    (
        "zh last first",
        "photos",
        [SLIDESHOW_SEED, "把最后一张移到最前面"],
        {"order": ["05-deep-field", "01-astronaut", "02-coffee", "03-cat", "04-rocket"]},
    ),
    ("zh logo end", "promo", [PROMO_SEED, "加上片尾标志"], {"logo": "end"}),
    ("zh undo", "photos", [SLIDESHOW_SEED, "做成竖屏", "撤销"], {"size": (1920, 1080)}),
    ("zh unsupported", "photos", [SLIDESHOW_SEED, "帮我配音"], {"same": True, "reply": "配音"}),
    # --- issue 16, in Chinese ---
    ("zh each photo", "photos", [S20, "每张照片停留3秒"], {"each": 3.0, "secs": 12.2, "reply": "每张照片显示 3 秒"}),
    ("zh each picture", "photos", [S20, "每张图片显示4秒"], {"each": 4.0, "secs": 17.2}),
    ("zh each, no noun", "photos", [S20, "每张3秒"], {"each": 3.0}),
    ("zh shorter transitions", "photos", [S20, "转场短一点"], {"trans_ms": 350, "secs": 20}),
    ("zh faster transitions", "photos", [S20, "转场快一点"], {"trans_ms": 350, "secs": 20}),
    ("zh longer transitions", "photos", [S20, "转场慢一点"], {"trans_ms": 1120, "secs": 20}),
    ("zh transition seconds", "photos", [S20, "转场2秒"], {"trans_ms": 2000, "secs": 20}),
    ("zh curly quotes", "photos", [SLIDESHOW_SEED, "标题是‘夏日特卖’"], {"text": {"title": ("夏日特卖", 0, 3.5)}}),
    ("zh double quotes", "photos", [SLIDESHOW_SEED, "标题是“夏日特卖”"], {"text": {"title": ("夏日特卖", 0, 3.5)}}),
    ("zh book quotes", "photos", [SLIDESHOW_SEED, "标题改成『新品上市』"], {"text": {"title": ("新品上市", 0, 3.5)}}),
    ("zh no quotes", "photos", [SLIDESHOW_SEED, "标题是夏日特卖"], {"text": {"title": ("夏日特卖", 0, 3.5)}}),
    (
        "zh text after colon",
        "photos",
        [SLIDESHOW_SEED, "加上文字：欢迎光临"],
        {"text": {"title": ("欢迎光临", 0, 3.5)}, "captions": 0},
    ),
    ("zh title after colon", "photos", [SLIDESHOW_SEED, "标题：春季新品"], {"text": {"title": ("春季新品", 0, 3.5)}}),
    (
        "zh title and subtitle",
        "photos",
        [SLIDESHOW_SEED, "标题「夏日特卖」，副标题「全场五折」"],
        {
            "text": {"title": ("夏日特卖", 0, 3.5), "subtitle": ("全场五折", 0, 3.5)},
            "pos": {"subtitle": "below_center"},
        },
    ),
    ("zh cta", "promo", [PROMO_SEED, "结尾加上「立即购买」"], {"text": {"cta": ("立即购买", 27, 30)}}),
    (
        "zh title bigger",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "把标题改大一点"],
        {"text_look": {"title": ("size", 0.1035)}},
    ),
    ("zh title bigger, none", "photos", [SLIDESHOW_SEED, "把标题改大一点"], {"same": True, "reply": "还没有标题"}),
    (
        "zh title smaller",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题缩小"],
        {"text_look": {"title": ("size", 0.072)}},
    ),
    (
        "zh title red",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成红色"],
        {"text_look": {"title": ("color", "#e53935")}},
    ),
    (  # a colour the old list did not name became the title's words: 标题改成紫色 put "紫色" on screen
        "zh title purple",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成紫色"],
        {"text": {"title": ("你好", 0, 3.5)}, "text_look": {"title": ("color", "#8e24aa")}, "reply": "紫色"},
    ),
    (
        "zh title dark red",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成深红色"],
        {"text": {"title": ("你好", 0, 3.5)}, "text_look": {"title": ("color", "#7e1f1d")}, "reply": "深红色"},
    ),
    (
        "zh new title in a light colour",
        "photos",
        [SLIDESHOW_SEED, "标题「夏日」用浅蓝色"],
        {"text": {"title": ("夏日", 0, 3.5)}, "text_look": {"title": ("color", "#83bef1")}, "reply": "浅蓝色"},
    ),
    (  # a shade without 色, and 粉红: colours, never the title's new words (粉红 renamed the title)
        "标题改成浅蓝",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成浅蓝"],
        {"text": {"title": ("你好", 0, 3.5)}, "text_look": {"title": ("color", "#83bef1")}, "reply": "标题改成浅蓝色"},
    ),
    (
        "标题改成粉红",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成粉红色"],
        {"text": {"title": ("你好", 0, 3.5)}, "text_look": {"title": ("color", "#ec407a")}, "reply": "粉色"},
    ),
    (  # "a light colour" names no colour: asked about, and the title keeps its words
        "标题改成浅色",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成浅色"],
        {"same": True, "reply": "没有理解"},
    ),
    (  # a look after the colour is no title (it renamed the title "红色加粗")
        "标题改成红色加粗",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成红色加粗"],
        {"text": {"title": ("你好", 0, 3.5)}, "text_look": {"title": ("color", "#e53935")}, "reply": "红色"},
    ),
    (
        "标题改成黄色并放到底部",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成黄色并放到底部"],
        {"text": {"title": ("你好", 0, 3.5)}, "pos": {"title": "bottom"}, "text_look": {"title": ("color", "#fdd835")}},
    ),
    (  # 显示 after the place is the title's time, never the video's length (it made a 20 s video)
        "第一次请求，标题放在顶部显示20秒",
        "photos",
        ["把我的照片做成视频，标题「夏日」放在顶部显示20秒"],
        {"secs": 14.7, "pos": {"title": "top"}, "reply": "全程显示"},
    ),
    (  # words that start with a colour are words (白色情人节: White Valentine's Day)
        "标题改成白色情人节特惠",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成白色情人节特惠"],
        {"text": {"title": ("白色情人节特惠", 0, 3.5)}},
    ),
    (
        "标题改成大红色",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题改成大红色"],
        {"text": {"title": ("你好", 0, 3.5)}, "text_look": {"title": ("color", "#e53935")}},
    ),
    (  # the box is always dark: said, and the text keeps its colour (it turned red)
        "标题背景改成红色",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题背景改成红色"],
        {"same": True, "reply": "只能是深色"},
    ),
    (  # a colour after two captions is both of theirs
        "两条字幕用黄色",
        "photos",
        [SLIDESHOW_SEED, "加字幕「第一天」「第二天」用黄色"],
        {"captions": 2, "text_look": {"caption": ("color", "#fdd835")}, "reply": "第二天（黄色）"},
    ),
    (  # 上面的 / 下面 are "above" / "below it", not the frame's top or bottom (the title moved)
        "上面的标题改成红色",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "把上面的标题改成红色"],
        {"pos": {"title": "center"}, "text_look": {"title": ("color", "#e53935")}},
    ),
    (
        "标题下面加副标题",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题下面加副标题「全场五折」"],
        {"text": {"subtitle": ("全场五折", 0, 3.5)}, "pos": {"subtitle": "below_center"}},
    ),
    (  # the title's time (an existing title: it was not understood; longer made a 21 s video)
        "标题显示5秒",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题显示5秒"],
        {"text": {"title": ("你好", 0, 5.0)}, "reply": "显示5秒", "no_reply": "添加"},
    ),
    (
        "标题长一点",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题长一点"],
        {"text": {"title": ("你好", 0, 5.2)}},
    ),
    (  # the colour before 标题, for new words (dropped without a word)
        "浅蓝色的新标题",
        "photos",
        [SLIDESHOW_SEED, "加一个浅蓝色的标题「你好」"],
        {"text": {"title": ("你好", 0, 3.5)}, "text_look": {"title": ("color", "#83bef1")}, "reply": "浅蓝色"},
    ),
    (
        "新标题放在顶部",
        "photos",
        [SLIDESHOW_SEED, "标题「夏日」放在顶部"],
        {"text": {"title": ("夏日", 0, 3.5)}, "pos": {"title": "top"}, "reply": "放在顶部"},
    ),
    (
        "zh new title in a colour",
        "photos",
        [SLIDESHOW_SEED, "标题「夏日特卖」用黄色"],
        {"text": {"title": ("夏日特卖", 0, 3.5)}, "text_look": {"title": ("color", "#fdd835")}, "reply": "黄色"},
    ),
    (
        "zh title box",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题加背景框"],
        {"text_look": {"title": ("box", True)}},
    ),
    ("zh title top", "photos", [SLIDESHOW_SEED, "标题「你好」", "标题放在顶部"], {"pos": {"title": "top"}}),
    ("zh captions top, none", "photos", [SLIDESHOW_SEED, "字幕放在顶部"], {"same": True}),
    ("zh bold", "photos", [SLIDESHOW_SEED, "标题「你好」", "标题加粗"], {"font": {"title": "bold"}, "reply": "粗体"}),
    ("zh warm second", "photos", [SLIDESHOW_SEED, "第二张照片用暖色滤镜"], {"item_filter": (2, "warm")}),
    ("zh bw last", "photos", [SLIDESHOW_SEED, "最后一张照片换成黑白"], {"item_filter": (5, "bw")}),
    ("zh twice as long", "photos", [SLIDESHOW_SEED, "长一倍"], {"secs": 29.4}),
    ("zh half", "photos", [S20, "缩短一半"], {"secs": 10}),
    (
        "zh only first 3",
        "photos",
        [SLIDESHOW_SEED, "只要前3张"],
        {"n": 3, "order": ["01-astronaut", "02-coffee", "03-cat"]},
    ),
    ("zh only first 1 proposed", "photos", [SLIDESHOW_SEED, "只保留前一张"], {"same": True, "reply": "确认"}),
    ("zh only first 1, confirmed", "photos", [SLIDESHOW_SEED, "只保留前一张", "确认"], {"n": 1}),
    ("zh only first 1, ok", "photos", [SLIDESHOW_SEED, "只保留前一张", "好的"], {"n": 1}),
    ("zh proposal dropped", "photos", [SLIDESHOW_SEED, "只保留前一张", "算了"], {"same": True, "reply": "保持原样"}),
    ("zh calmer", "photos", [PROMO_SEED, "音乐更舒缓一点"], {"music": "calm"}),
    ("zh livelier", "photos", [SLIDESHOW_SEED, "音乐更欢快"], {"music": "upbeat"}),
    ("zh already calm", "photos", [SLIDESHOW_SEED, "音乐舒缓一点"], {"same": True, "reply": "已经是"}),
    ("zh change music asks", "photos", [SLIDESHOW_SEED, "换个音乐"], {"ask": True}),
    (
        "zh professional",
        "photos",
        [SLIDESHOW_SEED, "做得更专业一点"],
        {"style": True, "music": "corporate", "reply": "专业风格"},
    ),
    ("zh fun", "photos", [SLIDESHOW_SEED, "活泼一点"], {"style": True, "music": "upbeat"}),
    ("zh cinematic", "photos", [SLIDESHOW_SEED, "要有电影感"], {"style": True, "trans": "fadeblack"}),
    ("zh 60fps", "photos", [SLIDESHOW_SEED, "60帧"], {"fps": 60}),
    ("zh make it 2", "photos", [SLIDESHOW_SEED, "改成2"], {"ask": True, "reply": "2秒"}),
    ("zh remove it", "photos", [SLIDESHOW_SEED, "删掉它"], {"ask": True}),
    ("zh blurry", "photos", [SLIDESHOW_SEED, "删掉模糊的那张"], {"ask": True}),
    ("zh drop my song proposed", "song", [SLIDESHOW_SEED, "去掉音乐"], {"same": True, "reply": "去掉你上传的音乐"}),
    ("zh drop my song, yes", "song", [SLIDESHOW_SEED, "去掉音乐", "确认"], {"music": None}),
    ("zh song in a promo", "song", ["把这些图片做成6秒的宣传视频"], {"music": "summer-song", "secs": 6}),
    ("zh long proposed", "photos", [SLIDESHOW_SEED, "改成两分钟"], {"same": True, "reply": "确认"}),
    ("zh long confirmed", "photos", [SLIDESHOW_SEED, "改成两分钟", "好"], {"secs": 120}),
    (
        "zh vertical and voice",
        "photos",
        [SLIDESHOW_SEED, "做成竖屏，再加上配音"],
        {"size": (1080, 1920), "reply": ("未完成", "配音")},
    ),
    (
        "zh text from the request",
        "promo",
        ["为我们的新辣酱系列做一个宣传视频，配上文字"],
        {"text": {"title": ("新辣酱系列", 0, 3.5), "cta": ("立即购买", 7.0, 9.7)}, "reply": "标题「新辣酱系列」"},
    ),
    (
        "zh text asks",
        "phone",
        ["把这些图片做成30秒的宣传视频，配上音乐和文字"],
        {"secs": 30, "titles": 0, "reply": "文字要写什么"},
    ),
    (
        "zh promo then vertical then slower",
        "promo",
        [PROMO_SEED, "做成竖屏", "慢一点"],
        {"size": (1080, 1920), "secs": 42},
    ),
    (
        "zh title then bigger then top",
        "photos",
        [SLIDESHOW_SEED, "标题「你好」", "标题大一点", "标题放在顶部"],
        {"pos": {"title": "top"}},
    ),
    (
        "zh each then vertical",
        "photos",
        [SLIDESHOW_SEED, "每张照片停留3秒", "做成竖屏"],
        {"size": (1080, 1920), "each": 3.0},
    ),
]


test_request = row_test(CASES)


def test_tables_cover_the_issue() -> None:
    """The sizes the tables have grown to, so they only grow."""
    rows = EN + ISSUE + CASES + MORE + ZH2
    zh = [c for c in rows if any("\u4e00" <= ch <= "\u9fff" for r in c[2] for ch in r)]
    assert len({c[0] for c in rows}) == len(rows)  # names are unique: they name the sessions
    assert len(rows) >= 300 and len(zh) >= 80
    assert sum(len(c[2]) >= 3 for c in rows) >= 40  # conversations of three turns or more
    assert sum(bool(c[3].get("same") or c[3].get("ask")) for c in rows) >= 30  # must ask or refuse, change nothing
