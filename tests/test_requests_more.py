"""The request table, grown: everyday phrasings from shop owners, families and marketers (Reels and TikTok
words, complaints like "it's too long", names instead of numbers), music under people talking, and
replies that name only what changed. Each row is checked on the whole draft by `check_row`."""

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
from .test_requests_en import S20

S = SLIDESHOW_SEED
CLIPS = "make a video from my clips with music"  # 15.9s, calm music at 35%, dipping under the clips' sound
FIVE = ["01-astronaut", "02-coffee", "03-cat", "04-rocket", "05-deep-field"]
TALL, SQUARE = (1080, 1920), (1080, 1080)


def order(*n: int) -> list[str]:
    return [FIVE[i - 1] for i in n]


CASES: list[Row] = [
    # --- shapes, as people name them ---
    ("for tiktok", "photos", [S, "make it for TikTok"], {"size": TALL, "reply": "for TikTok"}),
    ("ig stories", "photos", [S, "resize for Instagram stories"], {"size": TALL}),
    ("IG reels", "photos", [S, "can you make it work for IG reels"], {"size": TALL, "reply": "Reels"}),
    ("portrait for my story", "photos", [S, "I need it in portrait for my story"], {"size": TALL}),
    ("square for the feed", "photos", [S, "post it as a square for the feed"], {"size": SQUARE}),
    ("4:5 for the feed", "photos", [S, "4:5 for the Instagram feed"], {"size": (1080, 1350)}),
    ("vertical please, tiktok", "photos", [S, "vertical please, it's for TikTok"], {"size": TALL}),
    ("full screen on phones", "photos", [S, "make it full screen on phones"], {"size": TALL}),
    ("export in 720p", "photos", [S, "export in 720p"], {"size": (1280, 720)}),
    ("24 fps is not a style", "photos", [S, "24 fps for a film look"], {"fps": 24, "no_reply": "cinematic"}),
    (
        "already landscape",
        "photos",
        [S, "make it landscape for YouTube"],
        {"reply": "already 1920x1080", "no_reply": "canvas 1920"},
    ),
    # --- length and pace, as complaints ---
    ("too long", "photos", [S20, "it's too long"], {"secs": 14}),
    ("too short", "photos", [S20, "it's too short"], {"secs": 28}),
    ("shorten it", "photos", [S20, "shorten it"], {"secs": 14}),
    ("feels too slow", "photos", [S20, "it feels too slow"], {"secs": 14, "reply": "faster"}),
    ("too fast", "photos", [S20, "it's too fast"], {"secs": 28, "reply": "slower"}),
    ("photos change too quickly", "photos", [S20, "the photos change too quickly"], {"secs": 28}),
    ("15s max", "photos", [S20, "15s max"], {"secs": 15}),
    ("keep it under", "photos", [S20, "keep it under 15 seconds"], {"secs": 15}),
    ("a minute for a reel is proposed", "photos", [S, "make it a 60 second video"], {"same": True, "reply": '"yes"'}),
    ("fast paced montage", "photos", ["make a montage of these, fast paced"], {"secs": 11.1, "reply": "11.1s"}),
    # --- which photo, by name and by number ---
    ("cat first by name", "photos", [S, "put the cat photo first"], {"order": order(3, 1, 2, 4, 5)}),
    ("coffee to the end", "photos", [S, "move the coffee one to the end"], {"order": order(1, 3, 4, 5, 2)}),
    ("swap photos 2 and 3", "photos", [S, "swap photos 2 and 3"], {"order": order(1, 3, 2, 4, 5)}),
    ("start with the rocket", "photos", [S, "start with the rocket"], {"order": order(4, 1, 2, 3, 5)}),
    ("end on the cat", "photos", [S, "end on the cat"], {"order": order(1, 2, 4, 5, 3)}),
    ("put photo 5 first", "photos", [S, "put photo 5 first"], {"order": order(5, 1, 2, 3, 4)}),
    ("lose the third", "photos", [S, "lose the third photo"], {"order": order(1, 2, 4, 5)}),
    (
        "remove two at once",
        "photos",
        [S, "remove the second and fourth photos"],
        {"order": order(1, 3, 5), "reply": ("removed 04-rocket", "removed 02-coffee")},
    ),
    (
        "two photos, two lengths",
        "photos",
        [S, "make the first photo 6 seconds and the last one 2 seconds"],
        {"item_secs": (1, 6.0), "reply": ("shows for 6s", "shows for 2s")},
    ),
    # --- clips ---
    ("speed up one clip", "clips", [CLIPS, "speed up the first clip"], {"speed": (1, 1.5)}),
    ("mute all clips", "clips", [CLIPS, "mute all the clips"], {"mute": 3, "reply": "muted 2 clips"}),
    (
        "first seconds of a clip",
        "clips",
        # the build cut the clip up to a beat short (on the music's beat), so the trim takes less off
        [CLIPS, "only use the first 3 seconds of the beach clip"],
        {"n": 4, "secs": 13.55, "reply": "trimmed to 0-3s"},
    ),
    # --- music under people talking ---
    ("balanced already", "clips", [CLIPS, "balance the music with the clips"], {"same": True, "reply": "already"}),
    (
        "balance a loud song",
        "clips",
        [CLIPS, "music at 80%", "balance the music with the clips"],
        {"volume": 0.35, "duck": True, "reply": "at 35%"},
    ),
    (
        "too loud over the talking",
        "clips",
        [CLIPS, "the music is too loud over the talking"],
        {"volume": 0.21, "duck": True, "reply": ("at 21%", "dips under")},
    ),
    (
        "lower when people speak",
        "clips",
        [CLIPS, "don't lower the music for the clips", "music lower when people speak"],
        {"duck": True, "reply": "dips under the clips' own sound", "no_reply": "21%"},
    ),
    ("stop ducking", "clips", [CLIPS, "don't lower the music for the clips"], {"duck": False, "reply": "level"}),
    ("can't hear them", "clips", [CLIPS, "i can't hear what they're saying over the music"], {"volume": 0.21}),
    (
        "music off during the clips",
        "clips",
        [CLIPS, "turn off the music during the clips"],
        {"volume": 0.21, "music": "calm", "no_reply": "removed"},
    ),
    (
        "nothing to duck under",
        "photos",
        [S, "music lower when people speak"],
        {"same": True, "reply": "no clip here has its own sound"},
    ),
    # --- style words: the reply names only what changed ---
    (
        "professional names only changes",
        "photos",
        [S, "make it more professional"],
        {"style": True, "music": "corporate", "no_reply": ("Ken Burns", "original colours")},
    ),
    (
        "professional twice",
        "photos",
        [S, "make it more professional", "make it more professional"],
        {"style": True, "reply": "already has the professional look", "no_reply": "corporate music"},
    ),
    ("premium", "photos", [S, "make it look more premium"], {"style": True, "music": "corporate"}),
    (
        "fun and energetic",
        "photos",
        [S, "make it more fun and energetic"],
        {"style": True, "music": "upbeat", "no_reply": "already"},
    ),
    ("simple and clean", "photos", [S, "keep it simple and clean"], {"style": True, "motion": False}),
    ("elegant wedding", "photos", [S, "more elegant, it's for a wedding"], {"style": True, "music": "romantic"}),
    # --- words on screen ---
    (
        "title that says",
        "photos",
        [S, "add a title that says Grand Opening"],
        {"text": {"title": ("Grand Opening", 0, 3.5)}},
    ),
    ("link in bio", "photos", [S, "add 'Link in bio' at the end"], {"text": {"cta": ("Link in bio", 12.5, 14.7)}}),
    (
        "shop now button",
        "photos",
        [S, "add a 'Shop now' button at the end"],
        {"text": {"cta": ("Shop now", 12.5, 14.7)}},
    ),
    ("text without quotes", "photos", [S, "add the text 50% OFF"], {"text": {"title": ("50% OFF", 0, 3.5)}}),
    (
        "website at the end",
        "photos",
        [S, "add our website www.lunacafe.com at the end"],
        {"text": {"cta": ("Visit www.lunacafe.com", 12.5, 14.7)}},
    ),
    (
        "apostrophe after a colon",
        "photos",
        [S, "title: Mother's Day Special"],
        {"text": {"title": ("Mother's Day Special", 0, 3.5)}},
    ),
    (
        "title bigger and yellow",
        "photos",
        [S, "title 'Hi'", "title bigger and yellow"],
        {"text_look": {"title": ("color", "#fdd835")}, "reply": ("bigger", "yellow")},
    ),
    # --- music ---
    ("music too loud", "photos", [S, "the music is too loud"], {"volume": 0.36}),
    ("music fades in slowly", "photos", [S, "make the music fade in slowly"], {"music": "calm", "reply": "3s in"}),
    ("music fades out", "photos", [S, "make the music fade out at the end"], {"fade_out": 3000, "no_reply": "black"}),
    ("chill lofi", "photos", [S, "chill lofi beat"], {"music": "lofi"}),
    ("turn the music down", "photos", [S, "turn the music down"], {"volume": 0.36, "no_reply": "made a"}),
    ("music is there", "photos", [S, "add background music"], {"same": True, "reply": "music already"}),
    ("trending sounds", "photos", [S, "add trending sounds"], {"same": True, "reply": "trending"}),
    ("spotify", "photos", [S, "can you add music from spotify"], {"same": True, "reply": "licensed"}),
    (
        "calm build",
        "photos",
        ["slideshow of our family vacation with calm music"],
        {"music": "calm", "no_reply": "already"},
    ),
    # --- transitions and looks ---
    ("just cuts", "photos", [S, "no transitions, just cuts"], {"trans": False}),
    ("fades between, already", "photos", [S, "use fades between the photos"], {"reply": "already has fade"}),
    ("swipe transitions", "photos", [S, "add swipe transitions"], {"trans": "slideleft"}),
    ("smoother transitions", "photos", [S, "smoother transitions"], {"trans_ms": 1120}),
    ("transitions too slow", "photos", [S, "the transitions are too slow"], {"trans_ms": 350}),
    ("white flash", "photos", [S, "add a white flash between photos"], {"trans": "fadewhite"}),
    ("vintage", "photos", [S, "vintage look"], {"same": True, "reply": "vintage"}),
    ("which filter", "photos", [S, "add a filter"], {"ask": True, "reply": "Which look"}),
    ("fade in already", "photos", [S, "fade in at the start"], {"reply": "already has fade in"}),
    ("auto captions", "photos", [S, "auto captions from the audio"], {"same": True, "reply": "subtitles from speech"}),
    # --- the logo ---
    ("logo corner already", "promo", [PROMO_SEED, "logo in the corner"], {"reply": "already top right"}),
    (
        "logo bottom left bigger",
        "promo",
        [PROMO_SEED, "move the logo to the bottom left and make it bigger"],
        {"logo": "bottom_left", "logo_size": 0.156},
    ),
    ("add a logo without one", "photos", [S, "add a logo"], {"same": True, "reply": "no logo"}),
    # --- the music suits the occasion the request names, and the reply says which ---
    ("birthday: festive", "photos", ["birthday video for my daughter"], {"music": "festive", "reply": "festive music"}),
    (
        "a quoted grand opening: upbeat, one title",
        "photos",
        ["make a video for our 'Grand Opening', title 'Grand Opening'"],
        {"music": "upbeat", "titles": 1, "reply": ['title "Grand Opening"', "upbeat music"], "no_reply": "subtitle"},
    ),
    ("wedding: romantic", "photos", ["a wedding video of these photos"], {"music": "romantic"}),
    (
        "the build says its default music",
        "photos",
        ["a promo from these"],
        {"music": "upbeat", "reply": "with upbeat music"},
    ),
    ("生日: festive", "photos", ["用这些照片做一个生日视频"], {"music": "festive"}),
    ("婚礼: romantic", "photos", ["做一个婚礼相册视频"], {"music": "romantic"}),
    ("开业: upbeat", "photos", ["做一个开业宣传视频，标题是「盛大开业」"], {"music": "upbeat"}),
    ("a said mood wins", "photos", ["a calm birthday slideshow with lofi music"], {"music": "lofi"}),
    (
        "an occasion later is not a music change",
        "photos",
        [S, "title 'Happy Birthday'"],
        {"music": "calm", "titles": 1, "reply": "Happy Birthday", "no_reply": "festive"},
    ),
    # --- named looks: type and text motion come with them, and texts added later take them ---
    (
        "elegant restyles the title",
        "photos",
        [S, "title 'Our Day'", "make it more elegant"],
        {"style": True, "text_look": {"title": ("font", "serif")}, "reply": "text in serif"},
    ),
    (
        "a title after a look takes it",
        "photos",
        [S, "make it more elegant", "title 'Our Day'"],
        {"titles": 1, "text_look": {"title": ("font", "serif")}},
    ),
    (
        "make it pop is a bold look",
        "photos",
        [S, "title 'Grand Opening'", "make it pop"],
        {"style": True, "text_look": {"title": ("font", "display")}, "reply": "bold look"},
    ),
    (
        "a promo is made in the bold look",
        "photos",
        ["a promo from these, title 'Summer Sale'"],
        {"trans": "smoothleft", "text_look": {"title": ("font", "display")}, "reply": "in the bold look"},
    ),
    (
        "a wedding in the elegant look",
        "photos",
        ["a wedding video of these photos, title 'Anna & Tom'"],
        {"trans": "fade", "music": "romantic", "text_look": {"title": ("font", "serif")}, "reply": "elegant look"},
    ),
    (
        "a font said after the words at build",
        "photos",
        ["a promo from these, title 'Summer Sale' in bold"],
        {"text_look": {"title": ("font", "bold")}, "reply": "title in bold"},
    ),
    (
        "a serif subtitle in a conversation",
        "photos",
        [S, "title 'Our Trip', subtitle 'Summer 2024' in serif"],
        {"titles": 1, "font": {"subtitle": "serif", "title": "sans"}},
    ),
    (
        "a look named at build",
        "photos",
        ["a cinematic video of these"],
        {"trans": "fadeblack", "reply": "cinematic look"},
    ),
    ("生日: fun look", "photos", ["做一个生日视频"], {"music": "festive", "reply": "活泼有趣风格"}),
    # --- conversations ---
    (
        "tiktok, title, bigger",
        "photos",
        [S, "make it for TikTok", "title 'New Menu'", "make the title bigger"],
        {"text_look": {"title": ("size", 0.1125)}},
    ),
    ("lose one, then undo", "photos", [S, "lose the third photo", "undo"], {"order": FIVE}),
    (
        "loud, balanced, still loud",
        "clips",
        [CLIPS, "music at 80%", "balance the music with the clips", "the music is too loud over the talking"],
        {"volume": 0.21},
    ),
]


test_request = row_test(CASES)
