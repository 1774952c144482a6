"""Laying the uploads out as a new video."""

from __future__ import annotations

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
    secs,
    short_side,
)
from reelsmith.engine.edit.ops.layers import SetLogo, SetMusic
from reelsmith.engine.edit.ops.look import SetTransitions
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
        photo_ms = 2500 if self.style == "promo" else PHOTO_MS
        for i, u in enumerate(visuals):
            seg = VideoSegment(
                id=f"v{i + 1}", src=u.path, name=stem(u.path), kind=u.file_type, fit=fit_for(u, width, height)
            )
            if u.file_type == "video":
                seg.ed = VideoEdit(src_d=int(u.duration * 1000))
                seg.d = min(int(u.duration * 1000), CLIP_MAX_MS)
            else:
                seg.d = photo_ms
                seg.motion = Motion(type=GENTLE[i % len(GENTLE)], amount=0.06)
            w.video.append(seg)
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
                else "upbeat"
                if self.style == "promo"
                else "calm"
                if self.style == "slideshow"
                else None,
            ).apply(w)
        w.settle()
        return self.describe(w)

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
        track = w.audio()[0] if music and w.audio() else None
        if track is None:
            return made
        if track.ed.mood:
            return made + w.ctx.say(f" with {track.ed.mood} music", f"，配乐：{track.ed.mood}")
        return made + w.ctx.say(f" with your song {track.name}", f"，配乐：{track.name}")
