"""The request table in English: requests (and short conversations) in, whole drafts and replies checked.

Each row runs through the engine's real turn (see `check_row` in test_planner.py): what it expects,
that nothing else changed, and that the reply says what did.
"""

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

S20 = "make a slideshow video, 20 seconds"

CASES: list[Row] = [
    (
        "seed promo",
        "promo",
        [PROMO_SEED],
        {
            "secs": 30,
            "size": (1920, 1080),
            "music": "upbeat",
            "trans": True,
            "captions": 0,
            "logo": "top_right",
            "reply": "What should the text say",
        },
    ),
    ("seed slideshow", "photos", [SLIDESHOW_SEED], {"music": "calm", "trans": True, "n": 5, "motion": True}),
    (
        "seed 1080p mp4",
        "promo",
        ["create five product images and a logo file into a 1080p MP4"],
        {"size": (1920, 1080), "n": 5, "logo": "top_right"},
    ),
    ("seed slideshow short", "photos", ["turn my photos into a slideshow"], {"n": 5, "trans": True}),
    ("30s", "photos", ["make a video, 30s"], {"secs": 30}),
    ("thirty seconds", "photos", ["a slideshow of thirty seconds"], {"secs": 30}),
    ("half a minute", "photos", ["make a slideshow video half a minute long"], {"secs": 30}),
    ("1:30", "photos", ["make a slideshow video 1:30 long"], {"secs": 90}),
    ("forty-five", "photos", [SLIDESHOW_SEED, "make it forty-five seconds"], {"secs": 45}),
    ("a minute and a half", "photos", [SLIDESHOW_SEED, "a minute and a half please", "yes"], {"secs": 90}),
    ("2 minutes", "photos", [SLIDESHOW_SEED, "make it 2 minutes", "ok"], {"secs": 120}),
    ("15 sec", "photos", [SLIDESHOW_SEED, "15 sec"], {"secs": 15}),
    (
        "'as' is not a second",
        "photos",
        ["make a slideshow video, 20 seconds", "show it as a square"],
        {"secs": 20, "size": (1080, 1080)},
    ),
    ("shorter", "photos", ["make a slideshow video, 20 seconds", "shorter"], {"secs": 14}),
    ("9:16 is a shape", "photos", [SLIDESHOW_SEED, "can you make it 9:16"], {"size": (1080, 1920), "secs": 14.7}),
    ("9:16 and a length", "photos", ["vertical 9:16 video for Reels, 20 seconds"], {"size": (1080, 1920), "secs": 20}),
    (
        "N second video",
        "photos",
        ["make a 30 second video with captions"],
        {"secs": 30, "captions": 0, "reply": "What should the text say"},
    ),
    ("N-second video", "photos", ["a 5-second video of these photos"], {"secs": 5}),
    ("vertical", "photos", [SLIDESHOW_SEED, "make it vertical"], {"size": (1080, 1920)}),
    ("reels", "photos", [SLIDESHOW_SEED, "vertical for Reels"], {"size": (1080, 1920)}),
    ("tiktok", "photos", ["make a 15 second tiktok video"], {"size": (1080, 1920), "secs": 15}),
    ("square", "photos", [SLIDESHOW_SEED, "square please"], {"size": (1080, 1080)}),
    ("insta portrait", "photos", [SLIDESHOW_SEED, "for instagram portrait"], {"size": (1080, 1350)}),
    ("720p", "photos", [SLIDESHOW_SEED, "720p"], {"size": (1280, 720)}),
    ("youtube after vertical", "photos", [SLIDESHOW_SEED, "vertical", "back to youtube"], {"size": (1920, 1080)}),
    ("slower", "photos", ["make a slideshow video, 20 seconds", "slower"], {"secs": 28}),
    ("faster", "photos", ["make a slideshow video, 20 seconds", "faster"], {"secs": 14}),
    ("hold one", "photos", [SLIDESHOW_SEED, "show the third photo for 6 seconds"], {"item_secs": (3, 6.0)}),
    # "longer" is 1.6x the photo's time, which the build put on the music's beat (3.38 s)
    ("last longer", "photos", [SLIDESHOW_SEED, "make the last photo longer"], {"item_secs": (5, 5.41)}),
    (
        "remove second",
        "photos",
        [SLIDESHOW_SEED, "remove the second photo"],
        {"order": ["01-astronaut", "03-cat", "04-rocket", "05-deep-field"]},
    ),
    (
        "remove by name",
        "photos",
        [SLIDESHOW_SEED, "delete the cat"],
        {"order": ["01-astronaut", "02-coffee", "04-rocket", "05-deep-field"]},
    ),
    (
        "move to end",
        "photos",
        [SLIDESHOW_SEED, "move the first photo to the end"],
        {"order": ["02-coffee", "03-cat", "04-rocket", "05-deep-field", "01-astronaut"]},
    ),
    (
        "swap",
        "photos",
        [SLIDESHOW_SEED, "swap the first and second photos"],
        {"order": ["02-coffee", "01-astronaut", "03-cat", "04-rocket", "05-deep-field"]},
    ),
    (
        "put first",
        "photos",
        [SLIDESHOW_SEED, "put the rocket first"],
        {"order": ["04-rocket", "01-astronaut", "02-coffee", "03-cat", "05-deep-field"]},
    ),
    (
        "reverse",
        "photos",
        [SLIDESHOW_SEED, "reverse the order"],
        {"order": ["05-deep-field", "04-rocket", "03-cat", "02-coffee", "01-astronaut"]},
    ),
    ("title quoted", "photos", [SLIDESHOW_SEED, 'title "Summer Sale"'], {"text": {"title": ("Summer Sale", 0, 3.5)}}),
    ("title says", "photos", [PROMO_SEED, "title says Summer Sale"], {"text": {"title": ("Summer Sale", 0, 3.5)}}),
    (
        "title replaced",
        "photos",
        [SLIDESHOW_SEED, "title 'Hello'", "change the title to 'Goodbye'"],
        {"text": {"title": ("Goodbye", 0, 3.5)}, "titles": 1},
    ),
    (
        "title top",
        "photos",
        [SLIDESHOW_SEED, "title 'Hello'", "move the title to the top"],
        {"text": {"title": ("Hello", 0, 3.5)}, "pos": {"title": "top"}},
    ),
    ("cta", "promo", [PROMO_SEED, "end with 'Shop now'"], {"text": {"cta": ("Shop now", 27, 30)}}),
    (
        "caption one",
        "photos",
        [SLIDESHOW_SEED, "caption the second photo 'Best coffee'"],
        {"caption_on": ("Best coffee", 2)},
    ),
    ("captions quoted", "photos", [SLIDESHOW_SEED, "captions 'One', 'Two', 'Three'"], {"captions": 3}),
    (
        "title timing",
        "photos",
        [SLIDESHOW_SEED, "title 'Hi'", "keep the title for the first 6 seconds"],
        {"text": {"title": ("Hi", 0, 6)}},
    ),
    (
        "title at end",
        "photos",
        ["make a slideshow video, 20 seconds", "title 'Bye'", "put the title at the end"],
        {"text": {"title": ("Bye", 16.5, 20)}},
    ),
    ("remove title", "photos", [SLIDESHOW_SEED, "title 'X'", "remove the title"], {"titles": 0}),
    ("remove captions", "promo", [PROMO_SEED, "remove the captions"], {"captions": 0}),
    (
        "title after slower",
        "photos",
        ["make a slideshow video, 20 seconds", "title 'Hi'", "slower"],
        {"text": {"title": ("Hi", 0, 3.5)}, "secs": 28},
    ),
    ("no music", "photos", ["make a slideshow without music"], {"music": None}),
    ("remove music", "photos", [SLIDESHOW_SEED, "remove the music"], {"music": None}),
    ("music volume", "photos", [SLIDESHOW_SEED, "music at 40%"], {"volume": 0.4}),
    ("calm music", "photos", [PROMO_SEED, "calm music instead"], {"music": "calm"}),
    ("quieter", "photos", [SLIDESHOW_SEED, "make the music quieter"], {"volume": 0.36}),
    ("fade out", "photos", [SLIDESHOW_SEED, "fade out the music over 4 seconds"], {"fade_out": 4000}),
    ("uploaded song", "song", [SLIDESHOW_SEED], {"music": "summer-song"}),
    ("epic", "photos", [SLIDESHOW_SEED, "something more epic"], {"music": "cinematic"}),
    ("no transitions", "photos", [SLIDESHOW_SEED, "no transitions"], {"trans": False}),
    ("no fade", "photos", [SLIDESHOW_SEED, "no fade"], {"fades": (0, 0), "trans": True}),
    ("no fade at the end", "photos", [SLIDESHOW_SEED, "no fade at the end"], {"fades": (400, 0)}),
    (
        "fade to black",
        "photos",
        [SLIDESHOW_SEED, "no fades", "fade to black at the end over 2 seconds"],
        {"fades": (0, 2000), "secs": 14.7},
    ),
    (
        "through black",
        "photos",
        [SLIDESHOW_SEED, "fade between photos through black"],
        {"trans": "fadeblack", "fades": (400, 800)},
    ),
    (
        "music fade is not the video's",
        "photos",
        [SLIDESHOW_SEED, "fade out the music over 4 seconds"],
        {"fade_out": 4000, "fades": (400, 800)},
    ),
    ("dissolve", "photos", [SLIDESHOW_SEED, "use dissolve transitions"], {"trans": "dissolve"}),
    ("mixed", "photos", [SLIDESHOW_SEED, "random transitions"], {"trans": "mix"}),
    ("longer transitions", "photos", [SLIDESHOW_SEED, "transitions 1.5 seconds"], {"trans_ms": 1500}),
    ("no ken burns", "photos", [SLIDESHOW_SEED, "no ken burns"], {"motion": False}),
    ("zoom in", "photos", [SLIDESHOW_SEED, "no ken burns", "zoom in"], {"motion": "zoom_in"}),
    ("bw", "photos", [SLIDESHOW_SEED, "black and white"], {"filter": "bw"}),
    ("warm", "photos", [SLIDESHOW_SEED, "warmer look"], {"filter": "warm"}),
    ("logo end", "promo", [PROMO_SEED, "logo at the end"], {"logo": "end", "secs": 30}),
    (
        "logo card keeps its length",
        "promo",
        [PROMO_SEED, "logo at the end", "make it 20 seconds"],
        {"logo": "end", "secs": 20, "card_secs": 2.5},
    ),
    ("logo corner", "promo", [PROMO_SEED, "logo in the bottom left"], {"logo": "bottom_left"}),
    ("clips build", "clips", ["make a montage"], {"n": 4, "music": True}),
    ("slow motion", "clips", ["make a montage", "slow motion on the first clip"], {"speed": (1, 0.5)}),
    ("mute", "clips", ["make a montage", "mute the second clip"], {"mute": 3}),
    ("trim", "clips", ["make a montage", "trim the first clip to 1-3s"], {"item_secs": (1, 2.0), "in": (1, 1000)}),
    (
        "promo then refine",
        "promo",
        [PROMO_SEED, "make it vertical", "slower", "title says Summer Sale"],
        {"size": (1080, 1920), "secs": 42, "text": {"title": ("Summer Sale", 0, 3.5)}},
    ),
    ("refine then undo", "photos", [SLIDESHOW_SEED, "make it vertical", "undo"], {"size": (1920, 1080)}),
    (
        "vague",
        "photos",
        [SLIDESHOW_SEED, "make it look better"],
        {"same": True, "reply": ("didn't understand", "slower")},
    ),
    (
        "voice-over",
        "photos",
        [SLIDESHOW_SEED, "add a voiceover reading the captions"],
        {"same": True, "reply": "voice-over"},
    ),
    ("no such photo", "photos", [SLIDESHOW_SEED, "remove the 9th photo"], {"same": True, "reply": "5 photos"}),
    ("speed without clips", "photos", [SLIDESHOW_SEED, "slow motion"], {"same": True, "reply": "slower"}),
    ("logo without logo", "photos", [SLIDESHOW_SEED, "logo at the end"], {"same": True, "reply": "upload"}),
    ("clips too short", "clips only", ["make a montage", "make it 30 seconds"], {"same": True, "reply": "clips run"}),
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
