"""Real renders, checked by probing and by pixels."""

import numpy as np
import pytest
from PIL import Image

from reelsmith.engine.media import music
from reelsmith.engine.model.draft import Draft
from reelsmith.engine.render.render import render
from reelsmith.engine.render.zones import safe_rect

from .media import audio_samples, frames_rgb, loudness, make_clip, pcm, photo, stream_info
from .test_probe import exif_rotated

W, H = 320, 180


def draft(video, *, d, fps=25, texts=(), audio=(), overlays=(), w=W, h=H, **meta):
    t = [{"tt": 0, "sg": list(video)}]
    if audio:
        t.append({"tt": 1, "sg": list(audio)})
    if overlays:
        t.append({"tt": 2, "sg": list(overlays)})
    if texts:
        t.append({"tt": 7, "sg": list(texts)})
    return Draft.parse({"t": t, "d": d, "m": {"width": w, "height": h, "fps": fps, **meta}})


@pytest.mark.parametrize("fps", [24, 30])
def test_slideshow_exact_duration_streams_and_loudness(media, tmp_path, fps):
    photos = [photo(media / f"p{i}.jpg", seed=i) for i in range(3)]
    track = music.make_track("upbeat", 4, media / "m.wav")
    sg = [
        {"src": str(p), "d": 1600, "motion": {"type": m}, "tr": {"name": "fade", "d": 400}}
        for p, m in zip(photos, ["zoom_in", "pan_left", "zoom_out"], strict=True)
    ]
    d = draft(
        sg,
        d=4000,
        fps=fps,
        audio=[{"src": str(track), "d": 4000, "vol": 0.5}],
        texts=[{"text": "Hello", "st": 0, "d": 1500, "pos": "center"}],
    )
    seen = []
    out = render(d, tmp_path / "out.mp4", quality="draft", progress=lambda a, b: seen.append((a, b)))
    n = round(4 * fps)
    assert out.frames == n
    frames = frames_rgb(out.path, W, H)
    assert len(frames) == n  # duration exact to the frame
    samples = audio_samples(out.path)
    assert abs(samples - 4 * 48000) <= 48000 / fps  # audio as long as video, within a frame
    info = stream_info(out.path)
    assert "h264 (High)" in info and "yuv420p" in info and f"{W}x{H}" in info and f"{fps} fps" in info
    assert "aac (LC)" in info and "48000 Hz, stereo" in info
    data = out.path.read_bytes()
    assert data.find(b"moov") < data.find(b"mdat")  # +faststart
    assert abs(loudness(out.path) - (-14)) < 1.0
    assert seen[-1] == (n, n) and [a for a, _ in seen] == sorted(a for a, _ in seen)
    # no black or frozen frames at the joins
    assert frames.reshape(n, -1).mean(axis=1).min() > 40
    diffs = np.abs(np.diff(frames.astype(np.int16), axis=0)).mean(axis=(1, 2, 3))
    for start_ms in (1200, 2400):  # the two 400 ms joins: every frame there must move on
        a = round(start_ms * fps / 1000)
        assert (diffs[a : round((start_ms + 400) * fps / 1000) - 1] > 0.3).all(), f"frozen at the join at {start_ms} ms"


def test_title_drawn_only_in_its_time_and_cjk_renders(media, tmp_path):
    d = draft(
        [{"src": "color:#202020", "kind": "color", "d": 2000}],
        d=2000,
        texts=[
            {
                "text": "夏季促销",
                "st": 400,
                "d": 800,
                "pos": "center",
                "fi": 0,
                "fo": 0,
                "style": {"size": 0.2, "shadow": False, "outline": 0},
            }
        ],
    )
    fr = frames_rgb(render(d, tmp_path / "t.mp4", quality="draft").path, W, H)
    centre = fr[:, H // 2 - 25 : H // 2 + 25, W // 2 - 80 : W // 2 + 80].max(axis=3)
    bright = (centre > 180).mean(axis=(1, 2))
    assert bright[:9].max() == 0 and bright[32:].max() == 0  # before 0.4 s, after 1.2 s: nothing
    assert bright[12:28].min() > 0.05  # CJK glyphs, not tofu boxes or nothing
    # tofu (missing glyph boxes) would draw four identical hollow rectangles; real glyphs differ
    quarters = np.array_split(centre[20] > 180, 4, axis=1)
    assert len({q.sum() for q in quarters}) > 1


def test_rotated_phone_photo_comes_out_upright(media, tmp_path):
    p = exif_rotated(media / "phone.jpg")
    d = draft([{"src": str(p), "d": 400, "fit": "contain"}], d=400, w=180, h=320)
    f = frames_rgb(render(d, tmp_path / "u.mp4", quality="draft").path, 180, 320)[0].astype(int)
    top, bottom = f[60, 90], f[260, 90]
    assert top[0] > 200 and top[2] < 60, "top should be red when upright"
    assert bottom[2] > 200 and bottom[0] < 60


def test_ken_burns_zoom_is_smooth_and_monotonic(media, tmp_path):
    im = Image.new("RGB", (640, 360), (0, 0, 0))
    im.paste((255, 255, 255), (280, 140, 360, 220))  # an 80 px white square in the middle
    im.save(media / "sq.png")
    d = draft([{"src": str(media / "sq.png"), "d": 2000, "motion": {"type": "zoom_in", "amount": 0.2}}], d=2000)
    fr = frames_rgb(render(d, tmp_path / "z.mp4", quality="high").path, W, H)
    widths = (fr[:, H // 2, :, 0] > 128).sum(axis=1).astype(float)
    assert 1.15 < widths[-1] / widths[0] < 1.25  # the whole 20% zoom happens
    assert (np.diff(widths) >= -1).all()  # never shrinks back: no judder
    centre = [np.nonzero(f[H // 2, :, 0] > 128)[0].mean() for f in fr]
    assert np.ptp(centre) <= 2.0  # the centre holds still (edge thresholding adds +-1 px at 320 px)


def test_clip_with_sound_rotation_and_music_ducking(media, tmp_path):
    clip = make_clip(media / "c.mp4", 2.0, "320x240", 25, audio=True)
    rot = make_clip(media / "r.mp4", 1.5, "320x240", 30, audio=False, rotate=90)
    track = music.make_track("lofi", 4, media / "m.wav")
    d = draft(
        [
            {"src": str(clip), "kind": "video", "d": 1500, "in": 300, "tr": {"name": "fade", "d": 300}},
            {"src": str(rot), "kind": "video", "d": 1500, "fit": "blur"},
        ],
        d=2700,
        audio=[{"src": str(track), "d": 2700}],
    )
    out = render(d, tmp_path / "c.mp4", quality="draft")
    assert len(frames_rgb(out.path, W, H)) == round(2.7 * 25)
    assert abs(audio_samples(out.path) - 2.7 * 48000) <= 48000 / 25


def test_logo_overlay_corner(media, tmp_path):
    logo = Image.new("RGBA", (100, 100), (0, 255, 0, 255))
    logo.save(media / "logo.png")
    d = draft(
        [{"src": "color:#000000", "kind": "color", "d": 1000}],
        d=1000,
        overlays=[
            {"src": str(media / "logo.png"), "st": 0, "d": 1000, "pos": "top_right", "size": 0.2, "opacity": 1.0}
        ],
    )
    f = frames_rgb(render(d, tmp_path / "l.mp4", quality="draft").path, W, H)[10].astype(int)
    assert f[20, W - 30, 1] > 200 and f[20, 30, 1] < 40  # green top right, not top left


def test_a_jpeg_logo_on_white_is_keyed_and_sized_for_a_vertical_canvas(media, tmp_path):
    from PIL import ImageDraw

    logo = Image.new("RGB", (600, 200), "white")  # a wordmark saved as JPEG: no transparency
    ImageDraw.Draw(logo).rectangle((40, 40, 560, 160), fill=(0, 0, 255))
    logo.save(media / "logo.jpg", quality=90)
    w, h = 360, 640
    d = draft(
        [{"src": "color:#ff0000", "kind": "color", "d": 400}],
        d=400,
        w=w,
        h=h,
        overlays=[{"src": str(media / "logo.jpg"), "st": 0, "d": 400, "pos": "top_left", "size": 0.15, "opacity": 1.0}],
    )
    f = frames_rgb(render(d, tmp_path / "k.mp4", quality="draft").path, w, h)[5].astype(int)
    blue = (f[..., 2] > 150) & (f[..., 0] < 100)
    white = (f[..., 0] > 200) & (f[..., 1] > 200) & (f[..., 2] > 200)
    assert white.sum() == 0  # the white box is gone: red shows around the logo
    ys, xs = np.nonzero(blue)
    # the same area as a square of 15% of the short side: 54 px square → about 94 x 31 for 3:1; in the
    # top-left corner of the safe zone, below the band Reels and TikTok cover
    zone = safe_rect(w, h)
    assert 80 <= xs.max() - xs.min() + 1 <= 100, (xs.min(), xs.max())
    assert abs(xs.min() - zone.x0) <= 8 and abs(ys.min() - zone.y0) <= 8, (xs.min(), ys.min(), zone)


def test_preview_is_small_and_fast(media, tmp_path):
    p = photo(media / "p.jpg", (1600, 1200))
    d = draft([{"src": str(p), "d": 2000}], d=2000, w=1920, h=1080, fps=30)
    out = render(d, tmp_path / "p.mp4", preview=True)
    assert (out.width, out.height, out.fps) == (640, 360, 15)
    assert len(frames_rgb(out.path, 640, 360)) == 30


def test_failed_render_leaves_previous_output_untouched(media, tmp_path):
    out = tmp_path / "keep.mp4"
    out.write_bytes(b"previous render")
    d = draft([{"src": str(media / "missing.jpg"), "d": 1000}], d=1000)
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; what matters is the file
        render(d, out, quality="draft")
    assert out.read_bytes() == b"previous render"
    assert [p.name for p in tmp_path.iterdir()] == ["media", "keep.mp4"] or not list(tmp_path.glob(".*partial*"))


def test_filters_change_colour(media, tmp_path):
    p = photo(media / "p.jpg", color=(200, 80, 40))
    d = draft([{"src": str(p), "d": 400}], d=400, filter="bw")
    f = frames_rgb(render(d, tmp_path / "bw.mp4", quality="draft").path, W, H)[0].astype(int)
    r, g, b = f[H // 2, W // 2]
    assert max(r, g, b) - min(r, g, b) < 12


@pytest.mark.parametrize("fps", [24, 25, 30, 60])
def test_segments_fill_the_timeline_exactly_at_any_fps(fps):
    from reelsmith.engine.model.draft import layout
    from reelsmith.engine.render.canvas import Canvas, frame_layout

    sg = [{"src": "x.jpg", "d": d, "tr": {"name": "fade", "d": 430}} for d in (1610, 2290, 1333, 3001, 977)]
    d = draft(sg, d=1, fps=fps)
    frames, trans = frame_layout(d.video(), Canvas(W, H, fps))
    end_ms = layout(d.video())[-1][1]
    assert sum(frames) - sum(trans) == round(end_ms * fps / 1000)
    assert all(f - (trans[i - 1] if i else 0) - trans[i] >= 0 for i, f in enumerate(frames))


@pytest.mark.parametrize(
    "aspect, height, size",
    [
        ("16:9", 1080, (1920, 1080)),
        ("9:16", 1080, (1080, 1920)),
        ("1:1", 1080, (1080, 1080)),
        ("4:5", 1080, (1080, 1350)),
        ("16:9", 720, (1280, 720)),
    ],
)
def test_canvas_presets_render_at_their_size(media, tmp_path, aspect, height, size):
    from reelsmith.engine.edit.work import canvas

    assert canvas(aspect, height) == size
    p = photo(media / "p.jpg", (800, 600))
    d = draft([{"src": str(p), "d": 400, "fit": "blur"}], d=400, w=size[0], h=size[1], fps=25)
    assert frames_rgb(render(d, tmp_path / "a.mp4", quality="draft").path, *size).shape[0] == 10


def test_text_box_and_position_presets(media, tmp_path):
    d = draft(
        [{"src": "color:#000000", "kind": "color", "d": 1000}],
        d=1000,
        texts=[
            {
                "text": "Sale",
                "st": 0,
                "d": 1000,
                "pos": "top",
                "fi": 0,
                "fo": 0,
                "style": {"box": True, "box_color": "#ff0000", "box_opacity": 1.0, "size": 0.12},
            }
        ],
    )
    f = frames_rgb(render(d, tmp_path / "b.mp4", quality="draft").path, W, H)[12].astype(int)
    red = (f[..., 0] > 150) & (f[..., 1] < 80)
    assert red[: H // 3].mean() > 0.03 and red[2 * H // 3 :].mean() == 0  # a red box at the top only


@pytest.mark.parametrize(
    "text",
    [
        ";drawtext=textfile=/etc/shadow",  # one word wider than a vertical frame at title size
        "Supercalifragilisticexpialidocious-Extravaganza-Weekend Sale",
        "https://shop.example.com/summer-sale-2024?ref=reels",
    ],
)
def test_a_word_wider_than_the_frame_stays_inside_it(media, tmp_path, text):
    w, h = 360, 640  # a vertical canvas, where titles have the least room
    d = draft(
        [{"src": "color:#000000", "kind": "color", "d": 400}],
        d=400,
        w=w,
        h=h,
        texts=[{"text": text, "st": 0, "d": 400, "pos": "center", "fi": 0, "fo": 0, "style": {"size": 0.08}}],
    )
    f = frames_rgb(render(d, tmp_path / "t.mp4", quality="draft").path, w, h)[5].astype(int)
    lit = f.max(axis=2) > 100
    cols = np.flatnonzero(lit.any(axis=0))
    assert lit.sum() > 500  # the text is there
    # nothing drawn in the outer 4% of either side: the words were shrunk or broken, never cut off
    assert cols.min() >= w * 0.04 and cols.max() <= w * 0.96, (cols.min(), cols.max())


def test_an_encoder_crash_is_rendered_again_once(media, tmp_path, monkeypatch):
    """ffmpeg dying of SIGSEGV (seen now and then with threaded x264) is retried; a refusal is not."""
    from reelsmith.engine.media import ffmpeg

    real, marker = ffmpeg.ffmpeg_exe(), tmp_path / "crashed-once"
    crashy = tmp_path / "ffmpeg-that-crashes-once"
    # the first main-pass encode (the one with libx264) dies of a segfault; everything else is real ffmpeg
    crashy.write_text(
        f'#!/bin/sh\ncase "$*" in *libx264*) [ -e {marker} ] || {{ touch {marker}; kill -SEGV $$; }};; '
        f'esac\nexec {real} "$@"\n'
    )
    crashy.chmod(0o755)
    monkeypatch.setattr(ffmpeg, "ffmpeg_exe", lambda: str(crashy))
    p = photo(media / "p.jpg", (640, 360))
    out = render(draft([{"src": str(p), "d": 1000}], d=1000), tmp_path / "again.mp4", quality="draft")
    assert marker.exists() and out.duration == pytest.approx(1.0, abs=0.05)
    with pytest.raises(ffmpeg.FFmpegError, match=r"failed \(exit \d+\)") as e:  # an ordinary failure: no second try
        ffmpeg.run(["-i", str(media / "missing.jpg"), str(tmp_path / "x.mp4")])
    assert not isinstance(e.value, ffmpeg.Crashed)


def test_fades_from_and_to_black_cover_everything_drawn(media, tmp_path):
    white = photo(media / "IMG_20240612_143055.jpg", color=(240, 240, 240))
    d = draft(
        [{"src": str(white), "d": 2000}],
        d=2000,
        fade_in=400,
        fade_out=800,
        texts=[{"text": "END", "st": 0, "d": 2000, "pos": "center", "fo": 0}],
        audio=[{"src": str(music.make_track("upbeat", 2, media / "m.wav")), "d": 2000, "fi": 0, "fo": 0}],
    )
    out = render(d, tmp_path / "f.mp4", quality="draft")
    fr = frames_rgb(out.path, W, H).astype(int)
    lum = fr.reshape(len(fr), -1).mean(axis=1)
    assert lum[0] < 12 and lum[-1] < 12, (lum[0], lum[-1])  # black, title included
    assert lum[25] > 200  # full picture between the fades
    assert (np.diff(lum[:10]) > 0).all() and (np.diff(lum[-20:]) < 0).all()  # steady ramps
    x = pcm(out.path)
    tail = np.sqrt(np.mean(x[-2400:] ** 2))
    mid = np.sqrt(np.mean(x[48000 - 4800 : 48000 + 4800] ** 2))
    assert tail < 0.05 * mid  # the sound fades out with the picture


def test_every_export_quality_has_encoder_settings() -> None:
    """The qualities the client, CLI and MCP offer (reelsmith.protocol.facts) are exactly the ones the
    renderer can encode: a new one added on either side alone fails here."""
    from reelsmith.engine.render.render import QUALITY
    from reelsmith.protocol.facts import QUALITIES

    assert tuple(QUALITY) == QUALITIES
