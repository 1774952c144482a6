"""Laying the uploads out as a new video."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import ClassVar, Literal

from pydantic import Field

from reelsmith.engine.edit.ops.base import (
    CLIP_MAX_MS,
    FADE_IN_MS,
    FADE_OUT_MS,
    GENTLE,
    PHOTO_MS,
    Aspect,
    Op,
    aspect_of,
    fit_for,
    is_logo,
    is_sweep,
    secs,
    short_side,
    sweep_for,
)
from reelsmith.engine.edit.ops.layers import SetLogo, SetMusic
from reelsmith.engine.edit.ops.look import SetTransitions
from reelsmith.engine.edit.styles import STYLES, ZH_STYLES, StyleName, zh_music
from reelsmith.engine.edit.work import OpError, Work, canvas, stem
from reelsmith.engine.model.draft import Meta, Motion, VideoEdit, VideoSegment


class Build(Op):
    """Lay the uploads out as a new video: photos and clips in upload order, a logo in the corner,
    music under it all (an uploaded song, else generated)."""

    name: ClassVar[str] = "build"
    length: ClassVar = "change"
    says_length: ClassVar = True
    style: Literal["slideshow", "promo", "montage"] = "slideshow"
    seconds: float | None = Field(None, gt=0, le=3600)
    aspect: Aspect | None = None
    music: bool = True
    look: StyleName | None = None  # a named look (edit/styles.py): type, transitions, motion, music, pace

    def apply(self, w: Work) -> str:
        ups = w.ctx.uploads
        logos = [u for u in ups if u.file_type == "image" and is_logo(u)]
        visuals = [u for u in ups if u.file_type in ("image", "video") and u not in logos]
        if not visuals:
            raise OpError(
                w.ctx.say(
                    "there are no photos or clips to build from; upload some images or videos",
                    "没有可用的照片或视频；请先上传图片或视频",
                )
            )
        old = w.meta
        aspect = self.aspect or aspect_of(old)
        width, height = canvas(aspect, short_side(old))
        kept = old.model_fields_set  # what the person chose before survives starting over
        w.reset(
            Meta(
                title=old.title if "title" in kept else "reelsmith video",
                width=width,
                height=height,
                fps=old.fps,
                # from black and back: a video that starts and ends cleanly
                fade_in=old.fade_in if "fade_in" in kept else FADE_IN_MS,
                fade_out=old.fade_out if "fade_out" in kept else FADE_OUT_MS,
            )
        )
        look = STYLES[self.look] if self.look else None
        if self.look:
            w.meta.ed.style = self.look
        photo_ms = round(look.photo_s * 1000) if look else 2500 if self.style == "promo" else PHOTO_MS
        for i, u in enumerate(visuals):
            seg = VideoSegment(
                id=f"v{i + 1}", src=u.path, name=stem(u.path), kind=u.file_type, fit=fit_for(u, width, height)
            )
            if u.file_type == "video":
                seg.ed = VideoEdit(src_d=int(u.duration * 1000))
                seg.d = min(int(u.duration * 1000), CLIP_MAX_MS)
            else:
                seg.d = photo_ms
                strength = look.motion if look else 0.06
                seg.motion = Motion(type=GENTLE[i % len(GENTLE)] if strength else "none", amount=strength)
                if sweep := sweep_for(u, width, height, seg.d):  # a panorama: a pan across it, filling the frame
                    seg.fit, seg.motion = "cover", sweep
            w.video.append(seg)
        if look:
            SetTransitions(style=look.transition, seconds=look.seconds).apply(w)
            if look.filter:
                w.meta.filter = look.filter
        else:
            style = {"promo": "mix", "montage": "fade"}.get(self.style, "fade")
            SetTransitions(style=style, seconds=0.4 if self.style == "montage" else 0.7).apply(w)
        if self.seconds:
            w.fit_length(int(self.seconds * 1000))
            w.draft.m.ed.length = int(self.seconds * 1000)  # kept through later edits
        if logos:
            SetLogo(placement="top_right").apply(w)
        if self.music:
            songs = [u for u in ups if u.file_type == "audio"]
            # the person's own song is the soundtrack whatever the kind of video
            SetMusic(
                track=stem(songs[0].path) if songs else None,
                mood=None
                if songs
                else look.mood
                if look
                else "upbeat"
                if self.style == "promo"
                else "calm"
                if self.style == "slideshow"
                else None,
            ).apply(w)
        w.settle()
        return "\n".join([self.describe(w), *soft_photos(w)])

    def describe(self, w: Work, music: bool = False) -> str:
        """What was made, as it is now: a build's later steps in the same request (a length, a shape)
        are told in this one line rather than as changes to a video the person never saw. With
        `music`, the soundtrack it chose too (when no later step of the request says it)."""
        width, height = w.size
        items = [s for s in w.video if not s.ed.logo_card]
        photos = sum(1 for s in items if s.kind != "video")
        clips = len(items) - photos
        what = " and ".join(
            x
            for x in (
                f"{photos} photo{'s' * (photos != 1)}" if photos else "",
                f"{clips} clip{'s' * (clips != 1)}" if clips else "",
            )
            if x
        )
        made = w.ctx.say(
            f"made a {secs(w.total / 1000)} {width}x{height} {self.style} from {what}",
            f"已用{len(items)}个素材生成 {round(w.total / 1000, 1):g} 秒 {width}x{height} 的视频",
        )
        if self.look:
            made += w.ctx.say(f" in the {self.look} look", f"，{ZH_STYLES[self.look]}风格")
        track = w.audio()[0] if music and w.audio() else None
        if track is None:
            return made
        if track.ed.mood:
            return made + w.ctx.say(f" with {track.ed.mood} music", f"，配乐：{zh_music(track.name, track.ed.mood)}")
        return made + w.ctx.say(f" with your song {track.name}", f"，配乐：{track.name}")


SOFT = 1.5  # a photo enlarged more than this to fill its place on the canvas looks soft


def soft_photos(w: Work) -> list[str]:
    """A line for each photo too small for the canvas: "photo 3 (IMG_1234.jpg) is 600 px wide; it will
    look soft at 1080p". More than three become one line."""
    width, height = w.size
    soft: list[tuple[int, str, int, bool]] = []  # photo number, file name, pixels, across
    photos = [s for s in w.video if s.kind == "image" and not s.ed.logo_card]
    for n, s in enumerate(photos, 1):
        u = w.ctx.upload(s.src)
        if u is None or not u.width or not u.height:
            continue
        kw, kh = width / u.width, height / u.height
        if s.fit == "cover" and is_sweep(s.motion):  # swept across: only its short side must fill
            across = s.motion.type in ("pan_up", "pan_down")
        else:  # the side that fills the frame (cover), or that meets its edge (whole photo)
            across = kw >= kh if s.fit == "cover" else kw <= kh
        if (kw if across else kh) > SOFT:
            soft.append((n, PurePosixPath(u.path).name, u.width if across else u.height, across))
    p = f"{min(width, height)}p"
    if len(soft) > 3:
        nums = ", ".join(str(n) for n, _, _, _ in soft[:-1]) + f" and {soft[-1][0]}"
        least = min(px for _, _, px, _ in soft)
        return [
            w.ctx.say(
                f"photos {nums} are smaller than the frame needs (down to {least} px); they will look soft at {p}",
                f"第 {nums.replace(' and ', '、').replace(', ', '、')} 张照片尺寸不足"
                f"（最小 {least} 像素），在 {p} 下会显得模糊",
            )
        ]
    return [
        w.ctx.say(
            f"photo {n} ({name}) is {px} px {'wide' if across else 'tall'}; it will look soft at {p}",
            f"第 {n} 张照片（{name}）{'宽' if across else '高'} {px} 像素，在 {p} 下会显得模糊",
        )
        for n, name, px, across in soft
    ]
