"""The first-cut planner: what it reads from a request, and the timeline it builds."""

import pytest

from reelsmith.engine.editor import build, parse_request, summary
from reelsmith.engine.probe import MediaInfo


@pytest.mark.parametrize("text, seconds, aspect", [
    ("turn these images into a 30-second promo video with music and text overlays", 30, "16:9"),
    ("make a 15s vertical video for Reels", 15, "9:16"),
    ("half a minute, square please", 30, "1:1"),
    ("a thirty-second slideshow", 30, "16:9"),
    ("1:30 long, for TikTok", 90, "9:16"),
    ("做一个20秒的竖屏视频", 20, "9:16"),
    ("turn my photos into a slideshow video with music and transitions", None, "16:9"),
])
def test_duration_and_aspect(text, seconds, aspect):
    r = parse_request(text)
    assert (r.seconds, r.aspect) == (seconds, aspect)


def test_title_mood_music_transition():
    r = parse_request('calm slideshow, title "Our Trip", caption "Day one", no transitions')
    assert (r.title, r.captions, r.mood, r.transition) == ("Our Trip", ["Day one"], "calm", "none")
    assert not parse_request("no music please").music


def photos(n, w=1600, h=900):
    return [MediaInfo(f"/p/{i}.jpg", "image", w, h) for i in range(n)]


def test_build_fills_requested_length_with_transitions():
    d = build(photos(5), "a 30-second promo with wipe transitions")
    video = d.video()
    assert d.d == 30000 and len(video) == 5
    assert sum(s.d for s in video) - sum(s.tr.d for s in video[:-1]) == 30000
    assert all(s.tr.name == "wipeleft" for s in video[:-1]) and video[-1].tr is None
    assert d.m.width == 1920 and d.m.height == 1080


def test_summary_format():
    asked = []
    d = build(photos(3), 'calm slideshow, title "Urban Dreams"', music=lambda m, s: asked.append((m, s)) or "/m.wav")
    assert asked == [("calm", d.d / 1000)]  # asked once, for the mood and the final length
    s = summary(d)
    assert s.startswith("Timeline (3 tracks): 1. Video: 3 clips/photos")
    assert '3. Title: "Urban Dreams" (0-3.5s)' in s and "2. BGM: calm (0-" in s


def test_nothing_visual_is_a_clear_error():
    with pytest.raises(ValueError, match="no photos or clips"):
        build([MediaInfo("/m.mp3", "audio", duration=10)], "make a video")
