"""Joins between items, measured in rendered frames: a crossfade blends linearly, a fade through black
goes down and up evenly, named transitions show both pictures, a hard cut has no blend, awkward
lengths lose no frame, and photos join a clip at another frame rate."""

import numpy as np
import pytest
from PIL import Image

from reelsmith.engine.render.render import render

from .media import frames_rgb, make_clip, photo
from .test_render import H, W, draft


def test_crossfade_really_blends(media, tmp_path):
    red, blue = photo(media / "r.jpg", color=(255, 0, 0)), photo(media / "b.jpg", color=(0, 0, 255))
    d = draft([{"src": str(red), "d": 1000, "tr": {"name": "fade", "d": 400}}, {"src": str(blue), "d": 1000}], d=1600)
    fr = frames_rgb(render(d, tmp_path / "x.mp4", quality="draft").path, W, H).astype(int)
    assert len(fr) == 40
    mid = fr[:, H // 2, W // 2]
    assert mid[5, 0] > 220 and mid[5, 2] < 40  # red before the join
    assert mid[-5, 2] > 220 and mid[-5, 0] < 40  # blue after
    join = mid[15:25]  # the 400 ms overlap sits at frames 15..24 at 25 fps
    assert ((join[:, 0] > 60) & (join[:, 2] > 60)).any()  # both colours at once: a blend
    assert (np.diff(join[:, 2]) >= -4).all()  # blue rises steadily through the join
    # linear, as a crossfade is: the k-th frame of the 10-frame join is k/10 blue, (10-k)/10 red
    share = join[:, 2] / (join[:, 0] + join[:, 2])
    assert np.abs(share - np.arange(10) / 10).max() < 0.05, share.round(2)


def test_a_fade_through_black_goes_down_and_up_evenly(media, tmp_path):
    # the cinematic look's transition: xfade's own fadeblack went from the picture to black in four
    # frames of 25 and came back over the rest, a cut to black rather than a fade
    red, blue = photo(media / "r.jpg", color=(255, 0, 0)), photo(media / "b.jpg", color=(0, 0, 255))
    d = draft(
        [{"src": str(red), "d": 1600, "tr": {"name": "fadeblack", "d": 800}}, {"src": str(blue), "d": 1600}],
        d=2400,
        fade_in=0,
        fade_out=0,
    )
    fr = frames_rgb(render(d, tmp_path / "x.mp4", quality="draft").path, W, H).astype(float)
    level = fr[:, H // 2, W // 2].max(axis=1) / 255  # red's level, then blue's
    join = level[20:40]  # the 800 ms join: frames 20..39 at 25 fps
    assert level[19] > 0.9 and level[40] > 0.9
    assert join.min() < 0.03  # through black
    down, up = join[:10], join[10:]  # ten frames down, ten up
    assert (np.diff(down) < 0).all() and (np.diff(up) > 0).all()
    # straight ramps: each frame a like step, so neither half is a cut
    assert np.abs(down - (1 - np.arange(10) / 10)).max() < 0.06, down.round(2)
    assert np.abs(up - np.arange(10) / 10).max() < 0.06, up.round(2)


@pytest.mark.parametrize("name", ["wipeleft", "slideup", "circleopen", "radial", "dissolve"])
def test_named_transitions_show(media, tmp_path, name):
    red, blue = photo(media / "r.jpg", color=(255, 0, 0)), photo(media / "b.jpg", color=(0, 0, 255))
    d = draft([{"src": str(red), "d": 1000, "tr": {"name": name, "d": 400}}, {"src": str(blue), "d": 1000}], d=1600)
    fr = frames_rgb(render(d, tmp_path / "x.mp4", quality="draft").path, W, H).astype(int)
    f = fr[20]  # the middle of the transition holds both pictures
    if name == "dissolve":  # a dissolve is a smooth crossfade: every pixel is part red, part blue
        assert (f[..., 0] > 60).mean() > 0.9 and (f[..., 2] > 60).mean() > 0.9
        return
    assert ((f[..., 0] > 200) & (f[..., 2] < 60)).mean() > 0.05
    assert ((f[..., 2] > 200) & (f[..., 0] < 60)).mean() > 0.05


def test_awkward_durations_join_without_losing_a_frame(media, tmp_path):
    """Transition frames come from the timeline's rounding, in the pieces and in xfade alike.

    1610 ms segments with 430 ms fades at 24 fps round to an 11-frame overlap, while
    430 ms alone rounds to 10: if xfade used the latter, the join lost a frame and the
    end was padded with a frozen copy.
    """
    cols = [(255, 0, 0), (0, 0, 255), (0, 255, 0)]
    ps = [photo(media / f"c{i}.jpg", color=c) for i, c in enumerate(cols)]
    sg = [{"src": str(p), "d": 1610, "tr": {"name": "fade", "d": 430}} for p in ps]
    d = draft(sg, d=1610 * 3 - 430 * 2, fps=24)
    fr = frames_rgb(render(d, tmp_path / "a.mp4", quality="draft").path, W, H).astype(int)
    assert len(fr) == round((1610 * 3 - 430 * 2) * 24 / 1000)
    green = fr[:, H // 2, W // 2, 1]
    first_full_green = int(np.argmax(green > 235))
    # the last photo is fully in view from the end of the second join to the end: no padding needed
    assert len(fr) - first_full_green == round(1610 * 24 / 1000) - 11


def test_hard_cut_has_no_blend(media, tmp_path):
    red, blue = photo(media / "r.jpg", color=(255, 0, 0)), photo(media / "b.jpg", color=(0, 0, 255))
    d = draft([{"src": str(red), "d": 1000, "tr": {"name": "none", "d": 400}}, {"src": str(blue), "d": 1000}], d=2000)
    mid = frames_rgb(render(d, tmp_path / "x.mp4", quality="draft").path, W, H)[:, H // 2, W // 2].astype(int)
    assert len(mid) == 50
    assert (mid[:25, 0] > 220).all() and (mid[25:, 2] > 220).all()  # red up to the cut, blue from it


@pytest.mark.parametrize("clip_fps,canvas_fps", [(30, 30), (29.97, 25), (60, 24)])
def test_photos_and_a_clip_at_another_rate_join_with_transitions(media, tmp_path, clip_fps, canvas_fps):
    """The README's own `make photo1.jpg photo2.jpg clip.mp4` never rendered: stills entered at ffmpeg's
    25 fps default and xfade refused to join them to a clip conformed to the canvas rate."""
    clip = make_clip(media / "VID_20240612_143055.mp4", 2.0, "320x240", 30, audio=True)
    if clip_fps != 30:
        from .media import ff

        other = media / "PXL_20240612_143055.mp4"
        ff(
            "-y",
            "-i",
            str(clip),
            "-r",
            str(clip_fps),
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-c:a",
            "copy",
            str(other),
        )
        clip = other
    shots = [photo(media / f"IMG_20240612_14305{i}.jpg", seed=i) for i in range(2)]
    sg = [
        {"src": str(shots[0]), "d": 1500, "tr": {"name": "fade", "d": 500}, "motion": {"type": "zoom_in"}},
        {"src": str(clip), "kind": "video", "d": 1500, "tr": {"name": "slideleft", "d": 500}},
        {"src": str(shots[1]), "d": 1500},
    ]
    d = draft(sg, d=3500, fps=canvas_fps)
    out = render(d, tmp_path / "mix.mp4", quality="draft")
    assert len(frames_rgb(out.path, W, H)) == round(3.5 * canvas_fps) == out.frames


# name: (axis the picture changes along, the side the next picture comes in from, whether pictures move)
SLIDES_AND_WIPES = {
    "slideleft": ("x", "end", True),
    "slideright": ("x", "start", True),
    "slideup": ("y", "end", True),
    "slidedown": ("y", "start", True),
    "wipeleft": ("x", "end", False),
    "wiperight": ("x", "start", False),
    "wipeup": ("y", "end", False),
    "wipedown": ("y", "start", False),
}


@pytest.mark.parametrize("name", list(SLIDES_AND_WIPES))
def test_slides_move_both_pictures_and_wipes_move_only_the_edge(media, tmp_path, name):
    """Frame by frame, as ffmpeg's xfade defines each: at the k-th of t frames the next picture covers
    k/t of the frame from its side; a slide carries the first picture away with it (its white bar moves
    as far as the edge), a wipe leaves it in place."""
    axis, side, moves = SLIDES_AND_WIPES[name]
    first = np.full((H, W, 3), (220, 20, 20), np.uint8)  # red, with a white bar across the axis's middle
    if axis == "x":
        first[:, W // 2 - 4 : W // 2 + 4] = 255
    else:
        first[H // 2 - 4 : H // 2 + 4, :] = 255
    Image.fromarray(first).save(media / "bar.png")
    blue = photo(media / "b.png", size=(W, H), color=(20, 20, 220))
    still = {"type": "none"}
    sg = [
        {"src": str(media / "bar.png"), "d": 1000, "motion": still, "tr": {"name": name, "d": 400}},
        {"src": str(blue), "d": 1000, "motion": still},
    ]
    fr = frames_rgb(render(draft(sg, d=1600, fade_in=0, fade_out=0), tmp_path / "x.mp4").path, W, H).astype(int)
    size = W if axis == "x" else H
    for k in range(1, 10):  # the 400 ms join is frames 15..24 at 25 fps; its first frame is all red
        line = fr[15 + k, H // 3, :] if axis == "x" else fr[15 + k, :, W // 3]  # a line along the axis
        blue_px = (line[:, 2] > 150) & (line[:, 0] < 100)
        white_px = line.min(axis=1) > 180
        covered = size * k / 10
        edge = size - covered if side == "end" else covered
        found = int(np.argmax(blue_px)) if side == "end" else size - int(np.argmax(blue_px[::-1]))
        assert abs(found - edge) <= 3, (k, found, edge)
        bar = size / 2 + ((-covered if side == "end" else covered) if moves else 0)
        before_edge = bar - edge if side == "start" else edge - bar  # > 0: on the first picture's side
        if 6 < bar < size - 6 and before_edge > 6:
            assert white_px.any() and abs(np.flatnonzero(white_px).mean() - bar) <= 3, (k, bar)
        elif before_edge < -6 or not -6 < bar < size + 6:  # under the next picture, or off the frame
            assert not white_px[4:-4].any(), k
