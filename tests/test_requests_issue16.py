"""The request table, the rows of issue 16: what went wrong (misreads, file names as text, parts dropped
silently, destructive changes made at once), each checked on the whole draft by `check_row`."""

from __future__ import annotations

from typing import Any

import pytest

from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.store import Store

from .test_planner import (  # noqa: F401  (fixtures are found by name)
    PROMO_SEED,
    SLIDESHOW_SEED,
    Row,
    check_row,
    engine_parts,
    silent_music,
)
from .test_requests_en import S20

CASES: list[Row] = [
    # --- issue 16: what went wrong, each checked on the whole draft ---
    (
        "each photo N s",
        "photos",
        [S20, "each photo 3 seconds"],
        {"each": 3.0, "secs": 12.2, "reply": "each photo shows for 3s"},
    ),
    ("N s per photo", "photos", [S20, "3 seconds per photo"], {"each": 3.0, "secs": 12.2}),
    ("every picture N s", "photos", [S20, "every picture for 4 seconds"], {"each": 4.0, "secs": 17.2}),
    (
        "build with each photo",
        "photos",
        ["make a slideshow, 2 seconds per photo"],
        {"each": 2.0, "secs": 7.2, "reply": "made a 7.2s"},
    ),
    (
        "shorter transitions",
        "photos",
        [S20, "shorter transitions"],
        {"trans_ms": 350, "secs": 20, "reply": "0.35s each"},
    ),
    ("faster transitions", "photos", [S20, "faster transitions"], {"trans_ms": 350, "secs": 20}),
    ("longer transitions word", "photos", [S20, "slower transitions"], {"trans_ms": 1120, "secs": 20}),
    (
        "2 second crossfades",
        "photos",
        ["make a slideshow with 2 second crossfades"],
        {"trans": "fade", "trans_ms": 2000, "secs": 14.5, "reply": ("made a 14.5s", "2s each")},
    ),
    (
        "title pops in",
        "photos",
        [SLIDESHOW_SEED, "title 'Hello'", "make the title pop in"],
        {"text_look": {"title": ("fi", 100)}, "music": "calm", "reply": "pops in"},
    ),
    (
        "title among captions",
        "photos",
        ['make a promo with captions, title "Fire & Flavor"'],
        {"text": {"title": ("Fire & Flavor", 0, 3.5)}, "captions": 0, "reply": "each should say"},
    ),
    (
        "title and subtitle",
        "photos",
        [SLIDESHOW_SEED, "'Summer Sale' as a title and '50% off everything' as a subtitle"],
        {
            "text": {"title": ("Summer Sale", 0, 3.5), "subtitle": ("50% off everything", 0, 3.5)},
            "pos": {"title": "center", "subtitle": "below_center"},
            "reply": ('title "Summer Sale"', 'subtitle "50% off everything"'),
        },
    ),
    (
        "subtitle follows the title up",
        "photos",
        [SLIDESHOW_SEED, "title 'Sale' and subtitle 'Today only'", "move the title to the top"],
        {"pos": {"title": "top", "subtitle": "below_top"}},
    ),
    (
        "warm one photo",
        "photos",
        [SLIDESHOW_SEED, "warm filter on the second photo"],
        {"item_filter": (2, "warm"), "filter": "none"},
    ),
    ("bw one photo", "photos", [SLIDESHOW_SEED, "make the last photo black and white"], {"item_filter": (5, "bw")}),
    ("zoom one photo", "photos", [SLIDESHOW_SEED, "zoom in on the third photo"], {"motion": True, "reply": "zoom in"}),
    ("zoom on a thing", "photos", [SLIDESHOW_SEED, "zoom in on the bottle"], {"ask": True, "reply": "bottle"}),
    ("twice as long", "photos", [SLIDESHOW_SEED, "make the video twice as long"], {"secs": 29.4, "reply": "→ 29.4s"}),
    ("half as long", "photos", [S20, "half as long"], {"secs": 10}),
    ("double it", "photos", [S20, "double the length"], {"secs": 40}),
    (
        "only the first 3",
        "photos",
        [SLIDESHOW_SEED, "only the first 3 photos"],
        {"n": 3, "order": ["01-astronaut", "02-coffee", "03-cat"], "reply": "kept 3"},
    ),
    (
        "just the last two",
        "photos",
        [SLIDESHOW_SEED, "just the last two photos"],
        {"same": True, "reply": "remove 3 of your 5"},
    ),
    ("calmer music", "photos", [PROMO_SEED, "calmer music"], {"music": "calm", "reply": "calm music"}),
    ("more energetic music", "photos", [SLIDESHOW_SEED, "more energetic music please"], {"music": "upbeat"}),
    ("already calm", "photos", [SLIDESHOW_SEED, "calmer music"], {"same": True, "reply": "already calm"}),
    (
        "more professional",
        "photos",
        [SLIDESHOW_SEED, "make it more professional"],
        {"style": True, "music": "corporate", "trans": "dissolve", "reply": "more professional look"},
    ),
    ("more fun", "photos", [SLIDESHOW_SEED, "make it more fun"], {"style": True, "music": "upbeat", "filter": "vivid"}),
    (
        "cinematic",
        "photos",
        [SLIDESHOW_SEED, "make it cinematic"],
        {"style": True, "trans": "fadeblack", "fades": (1000, 1000)},
    ),
    (
        "elegant keeps my song",
        "song",
        [SLIDESHOW_SEED, "make it elegant"],
        {"style": True, "music": "summer-song", "reply": "kept your song"},
    ),
    (
        "phone photos get no names",
        "phone",
        [PROMO_SEED],
        {
            "captions": 0,
            "titles": 0,
            "secs": 30,
            "reply": "What should the text say",
            "no_reply": ("Img", "Pxl", "Dsc"),
        },
    ),
    (
        "build says its length",
        "photos",
        ["make a 30 second slideshow"],
        {"secs": 30, "reply": "made a 30s", "no_reply": "14.7s"},
    ),
    (
        "text from the request",
        "promo",
        ["make a promo for our new hot sauce line with text overlays"],
        {
            "text": {"title": ("New Hot Sauce Line", 0, 3.5), "cta": ("Get yours today", 6.7, 9.7)},
            "captions": 0,
            "reply": ('title "New Hot Sauce Line"', "to change it"),
        },
    ),
    (
        "text from an event",
        "photos",
        ["make a video announcing the grand opening of Luna Café with text"],
        {"text": {"title": ("Grand Opening of Luna Café", 0, 3.5)}, "titles": 1},
    ),
    (
        "text for a sale",
        "photos",
        ["a promo for the summer sale with captions"],
        {"text": {"title": ("Summer Sale", 0, 3.5), "cta": ("Shop the sale", 6.7, 9.7)}},
    ),
    ("add captions asks", "photos", [SLIDESHOW_SEED, "add captions"], {"ask": True, "captions": 0}),
    (
        "captions named",
        "photos",
        [SLIDESHOW_SEED, "captions: One, Two, Three"],
        {"captions": 3, "no_reply": "Astronaut", "reply": "3 captions: One, Two, Three"},
    ),
    ("song in a promo", "song", ["a 6 second promo"], {"music": "summer-song", "secs": 6}),
    ("song in an upbeat promo", "song", ["an upbeat promo video"], {"music": "summer-song"}),
    ("mood said of the music", "song", ["a promo with upbeat music"], {"music": "upbeat"}),
    ("make it 2", "photos", [SLIDESHOW_SEED, "make it 2"], {"ask": True, "reply": "2 seconds"}),
    ("bare number", "photos", [SLIDESHOW_SEED, "5"], {"ask": True}),
    ("blurry one", "photos", [SLIDESHOW_SEED, "skip the blurry one"], {"ask": True, "reply": "Which one"}),
    ("remove it", "photos", [SLIDESHOW_SEED, "remove it"], {"ask": True}),
    ("change the music", "photos", [SLIDESHOW_SEED, "change the music"], {"ask": True, "reply": "mood"}),
    # --- text looks ---
    (
        "logo corner smaller",
        "promo",
        [PROMO_SEED, "logo top left and a bit smaller"],
        {"logo": "top_left", "logo_size": 0.102, "reply": "smaller"},
    ),
    ("logo bigger", "promo", [PROMO_SEED, "make the logo bigger"], {"logo": "top_right", "logo_size": 0.156}),
    (
        "captions smaller, none",
        "photos",
        [SLIDESHOW_SEED, "make the captions smaller"],
        {"same": True, "reply": "no caption"},
    ),
    (
        "title bigger",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "make the title bigger"],
        {"text_look": {"title": ("size", 0.1125)}, "reply": "bigger"},
    ),
    (
        "title a bit smaller",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "title a bit smaller"],
        {"text_look": {"title": ("size", 0.0783)}},
    ),
    (
        "title yellow",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "make the title yellow"],
        {"text_look": {"title": ("color", "#fdd835")}},
    ),
    (
        "box behind title",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "put a box behind the title"],
        {"text_look": {"title": ("box", True)}},
    ),
    (
        "title fades in",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "fade in the title"],
        {"text_look": {"title": ("fi", 800)}},
    ),
    (
        "title bold",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "make the title bold"],
        {"font": {"title": "bold"}, "reply": "bold"},
    ),
    (
        "title slides in",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "make the title slide in"],
        {"text_look": {"title": ("fi", 300)}, "reply": ("Not done", "fade in")},
    ),
    ("pop in, no title", "photos", [SLIDESHOW_SEED, "make the title pop in"], {"same": True, "reply": "no title"}),
    ("60 fps", "photos", [SLIDESHOW_SEED, "60 fps"], {"fps": 60, "reply": "60 fps"}),
    (
        "phone number",
        "photos",
        [SLIDESHOW_SEED, "add our phone number 555-123-4567"],
        {"text": {"cta": ("Call 555-123-4567", 11.7, 14.7)}},
    ),
    # --- every part answered ---
    (
        "vertical and voice-over",
        "photos",
        [SLIDESHOW_SEED, "make it vertical and add a voice-over"],
        {"size": (1080, 1920), "reply": ("canvas", "Not done", "voice-over")},
    ),
    (
        "a part not understood",
        "photos",
        [SLIDESHOW_SEED, "make it vertical, and make it sparkle"],
        {"size": (1080, 1920), "reply": ("Not done", "didn't understand", "sparkle")},
    ),
    # --- destructive changes wait for a yes ---
    (
        "8x longer is proposed",
        "photos",
        [SLIDESHOW_SEED, "make it 2 minutes"],
        {"same": True, "reply": ('"yes"', "120s")},
    ),
    ("then yes", "photos", [SLIDESHOW_SEED, "make it 2 minutes", "yes"], {"secs": 120}),
    ("then no", "photos", [SLIDESHOW_SEED, "make it 2 minutes", "no"], {"same": True, "reply": "as it is"}),
    (
        "then something else",
        "photos",
        [SLIDESHOW_SEED, "make it 2 minutes", "make it vertical", "yes"],
        {"same": True, "reply": "nothing waiting"},
    ),
    ("yes with nothing asked", "photos", [SLIDESHOW_SEED, "yes"], {"same": True, "reply": "nothing waiting"}),
    (
        "removing most is proposed",
        "photos",
        [SLIDESHOW_SEED, "only the first photo"],
        {"same": True, "reply": "remove 4 of your 5"},
    ),
    ("removing most, ok", "photos", [SLIDESHOW_SEED, "only the first photo", "ok"], {"n": 1}),
    (
        "dropping my song is proposed",
        "song",
        [SLIDESHOW_SEED, "remove the music"],
        {"same": True, "reply": "drop your own song"},
    ),
    ("dropping my song, do it", "song", [SLIDESHOW_SEED, "remove the music", "do it"], {"music": None}),
    (
        "replacing my song is proposed",
        "song",
        [SLIDESHOW_SEED, "calm music instead"],
        {"same": True, "reply": "replace your own song"},
    ),
    ("a tenth of the length", "photos", [S20, "make it 3 seconds"], {"same": True, "reply": "from 20s to 3s"}),
    (
        "10 times longer is proposed",
        "photos",
        [SLIDESHOW_SEED, "make the video 10 times longer"],
        {"same": True, "reply": "147s"},
    ),
    ("10 times longer, yes", "photos", [SLIDESHOW_SEED, "make the video 10 times longer", "yes"], {"secs": 147}),
    ("proposal survives a new turn", "photos", [S20, "only the first photo", "go ahead"], {"n": 1, "secs": 20}),
]


@pytest.mark.parametrize("name,files,requests,exp", CASES, ids=[c[0] for c in CASES])
def test_request(
    engine_parts: tuple[Store, BlobStore],  # noqa: F811  (the fixture imported above)
    name: str,
    files: str,
    requests: list[str],
    exp: dict[str, Any],
) -> None:
    check_row(engine_parts, name, files, requests, exp)
