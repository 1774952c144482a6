"""The request table in Chinese, grown: as people type it (with and without punctuation, 「」 and “”
quotes, full-width digits, colons and percent signs), for shops, families and Douyin / Xiaohongshu.
Replies to a Chinese request are in Chinese, so the expected wording here is Chinese too."""

from __future__ import annotations

from .rows import (  # noqa: F401  (fixtures are found by name)
    SLIDESHOW_SEED,
    Row,
    check_row,
    engine_parts,
    row_test,
    silent_music,
)
from .test_requests_en import S20
from .test_requests_more import CLIPS, TALL, order

S = SLIDESHOW_SEED

CASES: list[Row] = [
    # --- shape and length ---
    ("zh douyin vertical", "photos", [S, "做成抖音竖屏"], {"size": TALL}),
    ("zh xiaohongshu", "photos", [S, "发小红书用"], {"size": TALL}),
    ("zh shipinhao is no build", "photos", [S, "做成视频号的尺寸"], {"size": TALL, "no_reply": "生成"}),
    ("zh 4 to 5", "photos", [S, "改成4比5"], {"size": (1080, 1350)}),
    ("zh full-width 15s", "photos", [S, "改成１５秒"], {"secs": 15}),
    ("zh length 30", "photos", [S, "时长改成30秒"], {"secs": 30}),
    ("zh full-width minute", "photos", [S20, "时长１分钟"], {"secs": 60}),
    ("zh build 30s", "photos", ["做个30秒的视频"], {"secs": 30, "reply": "30 秒"}),
    ("zh each pic", "photos", [S, "每张图3秒"], {"each": 3.0}),
    ("zh each full-width", "photos", [S, "每张照片３秒"], {"each": 3.0, "reply": "每张照片显示 3 秒"}),
    ("zh first longer", "photos", [S, "第一张放久一点"], {"item_secs": (1, 5.89)}),  # 1.6x its time on the beat
    ("zh too slow", "photos", [S, "节奏太慢了"], {"secs": 10.3, "reply": "加快"}),
    ("zh too long", "photos", [S, "视频太长了"], {"secs": 10}),
    ("zh can't see", "photos", [S, "照片切换太快了看不清"], {"secs": 20.6, "reply": "放慢"}),
    # --- which photo ---
    ("zh delete third", "photos", [S, "把第三张删了"], {"order": order(1, 2, 4, 5)}),
    ("zh delete two", "photos", [S, "去掉第二张和第四张"], {"order": order(1, 3, 5)}),
    ("zh swap", "photos", [S, "第二张和第三张换一下位置"], {"order": order(1, 3, 2, 4, 5)}),
    ("zh zoom third", "photos", [S, "第三张加个推近效果"], {"motion": True, "reply": "03-cat 开启动态效果（推近）"}),
    # --- words on screen ---
    ("zh title colon", "photos", [S, "加个标题：开业大吉"], {"text": {"title": ("开业大吉", 0, 3.5)}}),
    ("zh cta curly", "photos", [S, "结尾加上“扫码关注”"], {"text": {"cta": ("扫码关注", 12.5, 14.7)}}),
    ("zh cta unquoted", "photos", [S, "结尾写上 欢迎到店品尝"], {"text": {"cta": ("欢迎到店品尝", 12.5, 14.7)}}),
    ("zh full-width in quotes", "photos", [S, "标题“全场５折”"], {"text": {"title": ("全场５折", 0, 3.5)}}),
    (
        "zh phone colon",
        "photos",
        [S, "加上电话：138 0013 8000"],
        {"text": {"cta": ("电话 138 0013 8000", 12.5, 14.7)}},
    ),
    (
        "zh website",
        "photos",
        [S, "结尾加个网址 www.lunacafe.com"],
        {"text": {"cta": ("访问 www.lunacafe.com", 12.5, 14.7)}},
    ),
    (
        "zh title white",
        "photos",
        [S, "标题「你好」", "标题换成白色"],
        {"text_look": {"title": ("color", "#ffffff")}, "reply": "白色"},
    ),
    ("zh title up", "photos", [S, "标题「你好」", "标题放到上面"], {"pos": {"title": "top"}, "reply": "顶部"}),
    (
        "zh bigger then yellow",
        "photos",
        [S, "标题「你好」", "标题放大一点，改成黄色"],
        {"text_look": {"title": ("color", "#fdd835")}, "reply": ("放大", "黄色")},
    ),
    (
        "zh black box",
        "photos",
        [S, "标题「你好」", "标题加个黑色背景"],
        {"text_look": {"title": ("box", True)}, "no_reply": "黑色"},
    ),
    # --- music ---
    ("zh quieter", "photos", [S, "音乐小声一点"], {"volume": 0.36}),
    ("zh no bgm", "photos", [S, "不要背景音乐"], {"music": None}),
    ("zh upbeat", "photos", [S, "换成欢快的音乐"], {"music": "upbeat"}),
    ("zh full-width percent", "photos", [S, "音乐音量调到３０％"], {"volume": 0.3}),
    ("zh cinematic music only", "photos", [S, "音乐换成电影感的"], {"music": "cinematic", "no_reply": "风格"}),
    # a mood said of the music is the music's, not a look; and it is named in Chinese
    ("zh romantic music", "photos", [S, "换成浪漫的音乐"], {"music": "romantic", "reply": "浪漫", "no_reply": "风格"}),
    ("zh music to romantic", "photos", [S, "音乐换成浪漫的"], {"music": "romantic", "reply": "音乐：浪漫"}),
    ("zh festive music", "photos", [S, "换成喜庆的音乐"], {"music": "festive", "reply": "节日"}),
    ("zh build names its mood", "photos", ["做一个30秒的宣传视频，配上音乐"], {"secs": 30, "reply": "配乐：欢快"}),
    ("zh my song", "song", [S, "用我上传的歌"], {"music": "summer-song", "reply": "已经是summer-song"}),
    ("zh my song, none", "photos", [S, "用我上传的歌"], {"same": True}),
    ("zh trending", "photos", [S, "用抖音热歌"], {"same": True, "reply": "热门"}),
    # --- music under people talking ---
    ("zh duck", "clips", [CLIPS, "说话的时候音乐小一点"], {"volume": 0.21, "reply": "压低"}),
    ("zh too noisy", "clips", [CLIPS, "背景音乐太吵了，听不清说话"], {"volume": 0.21}),
    ("zh balanced", "clips", [CLIPS, "音乐和原声平衡一下"], {"same": True, "reply": "已经平衡"}),
    ("zh no duck", "clips", [CLIPS, "音乐不要压低"], {"duck": False, "reply": "不再"}),
    ("zh clip 2x", "clips", [CLIPS, "第二段视频两倍速"], {"speed": (3, 2.0)}),
    ("zh mute one clip", "clips", [CLIPS, "第一段视频静音"], {"mute": 1, "reply": "1个片段"}),
    # --- looks and styles ---
    ("zh warmer", "photos", [S, "整体调暖一点"], {"filter": "warm"}),
    ("zh which filter", "photos", [S, "加个滤镜"], {"ask": True}),
    ("zh vintage", "photos", [S, "复古一点"], {"same": True, "reply": "复古"}),
    ("zh premium", "photos", [S, "高级一点"], {"style": True, "music": "corporate", "no_reply": "动态"}),
    ("zh minimal", "photos", [S, "简约一点"], {"style": True, "motion": False}),
    ("zh stickers", "photos", [S, "帮我加个贴纸"], {"same": True, "reply": "贴纸"}),
    # --- conversations ---
    (
        "zh vertical, title, bigger",
        "photos",
        [S, "做成竖屏", "标题「新品上市」", "标题大一点"],
        {"text_look": {"title": ("size", 0.1035)}},
    ),
    ("zh each then faster", "photos", [S, "每张照片3秒", "再快一点"], {"secs": 8.5}),
    ("zh delete then undo", "photos", [S, "把第三张删了", "撤销"], {"order": order(1, 2, 3, 4, 5)}),
]


test_request = row_test(CASES)
