"""Operations on what sits over and under the pictures: text, captions, logo, music; and removal."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from reelsmith.engine.edit.ops.base import ZH_NAMES, Op, is_logo
from reelsmith.engine.edit.work import AUDIO, OVERLAY, TEXT, OpError, Work, stem
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.choices import Corner, Position, Role
from reelsmith.engine.model.draft import (
    AudioEdit,
    AudioSegment,
    OverlaySegment,
    TextSegment,
    Transition,
    VideoEdit,
    VideoSegment,
)

# The generator's moods (media.music.MOODS, in its order), spelled out so the type checker knows them;
# tests/test_planner.py fails if the two part.
MoodName = Literal["upbeat", "lofi", "calm", "cinematic", "corporate", "festive", "romantic"]
ROLE_POS: dict[Role, Position] = {"title": "center", "caption": "bottom", "cta": "center", "lower_third": "lower_third"}


class SetText(Op):
    """Put text on the video. role: title (opening), caption (on one item), cta (call to action at the
    end), lower_third, or text. Replaces the existing title or cta rather than adding a second."""

    name: ClassVar[str] = "set_text"
    text: str = Field(min_length=1, max_length=200)
    role: Role = "title"
    item: int | None = None  # for captions: which item it sits on
    pos: Position | None = None
    at: Literal["start", "end", "whole"] | None = None
    seconds: float | None = Field(None, gt=0.2, le=600)

    def apply(self, w: Work) -> str:
        if w.empty:
            raise OpError(w.ctx.say("make the video first, then add text", "请先生成视频再加文字"))
        lane = w.lane(TEXT, "Text")
        anchor: str = self.at or ("end" if self.role == "cta" else "start")
        if self.role == "caption" or self.item:
            anchor = w.item(self.item or 1).id
        texts: list[TextSegment] = lane.sg
        same = [
            x
            for x in texts
            if x.role == self.role and (self.role in ("title", "cta") or (self.role == "caption" and x.ed.at == anchor))
        ]
        old = same[0].text if same else None
        if same:
            x = same[0]
            x.text = self.text
        else:
            x = TextSegment(id=w.new_id("t"), role=self.role, text=self.text)
            lane.sg.append(x)
        x.ed.at = anchor
        x.pos = self.pos or (x.pos if "pos" in x.model_fields_set else ROLE_POS.get(self.role, "bottom"))
        if self.role in ("title", "cta") and "size" not in x.style.model_fields_set:
            x.style.size = 0.09 if self.role == "title" else 0.075
        if any(ord(c) > 0x2E80 for c in self.text):
            x.style.font = "cjk"
        if self.seconds:
            x.ed.hold = int(self.seconds * 1000)
        role = {"cta": "call to action"}.get(self.role, self.role.replace("_", " "))
        if old and old != self.text:
            return w.ctx.say(f'{role} "{old}" → "{self.text}"', f"{ZH_NAMES.get(role, role)}「{old}」→「{self.text}」")
        return w.ctx.say(f'{role} "{self.text}"', f"添加{ZH_NAMES.get(self.role, '文字')}「{self.text}」")


class AddCaptions(Op):
    """One caption per photo or clip, in order; without texts, each item's name is used."""

    name: ClassVar[str] = "add_captions"
    texts: list[str] | None = None

    def apply(self, w: Work) -> str:
        items = [(n, s) for n, s in enumerate(w.video, 1) if not s.ed.logo_card]
        texts = self.texts or [_nice(w.label(s)) for _, s in items]
        for (n, _), t in zip(items, texts, strict=False):
            SetText(text=t, role="caption", item=n).apply(w)
        n = min(len(items), len(texts))
        return w.ctx.say(f"{n} caption{'s' * (n != 1)}: " + ", ".join(texts[:n]), f"{n}条字幕")


def _nice(name: str) -> str:
    """'01-deep-field' -> 'Deep Field': a file name as a caption."""
    words = [p for p in name.replace("_", "-").replace(".", "-").split("-") if p and not p.isdigit()]
    return " ".join(words).title() or name


class SetLogo(Op):
    """Place the uploaded logo: in a corner over the whole video, or as an intro or end card."""

    name: ClassVar[str] = "set_logo"
    placement: Literal[Corner, "intro", "end"] = "top_right"
    size: float | None = Field(None, gt=0.02, le=0.6)

    def apply(self, w: Work) -> str:
        logos = [u for u in w.ctx.uploads if u.file_type == "image" and is_logo(u)]
        current = [o.src for o in w.overlays()] + [s.src for s in w.video if s.ed.logo_card]
        src = current[0] if current else logos[0].path if logos else None
        if src is None:
            raise OpError(
                w.ctx.say(
                    'there is no logo: upload one (a file with "logo" in its name, or a transparent PNG)',
                    "没有标志：请上传文件名含 logo 的图片或透明 PNG",
                )
            )
        w.video[:] = [s for s in w.video if not s.ed.logo_card]
        for lane in w.lanes:
            if lane.tt == OVERLAY:
                lane.sg = []
        placement = self.placement
        if placement == "intro" or placement == "end":
            card = VideoSegment(
                id=w.new_id("card"),
                src=src,
                name="logo",
                kind="image",
                d=2500,
                fit="contain",
                ed=VideoEdit(logo_card=True),
            )
            v = w.video
            if placement == "intro":
                card.tr = Transition(name="fade", d=500)
                v.insert(0, card)
            else:
                if v:
                    v[-1].tr = Transition(name="fade", d=500)
                v.append(card)
            return w.ctx.say(
                f"logo as the {placement} card", "标志作为片头" if placement == "intro" else "标志作为片尾"
            )
        logo = OverlaySegment(
            id="o1", src=src, name="logo", pos=placement, size=self.size or 0.12, st=0, d=max(1, w.total)
        )
        w.lane(OVERLAY, "Logo").sg = [logo]
        return w.ctx.say(f"logo {placement.replace('_', ' ')}", f"标志位于{placement}")


class SetMusic(Op):
    """Background music: generated by mood (upbeat, lofi, calm, cinematic, corporate) or an uploaded
    track by name; volume in percent; fades in seconds; on=false removes it."""

    name: ClassVar[str] = "set_music"
    mood: MoodName | None = None
    track: str | None = None
    volume: float | None = Field(None, ge=0, le=200)
    fade_in: float | None = Field(None, ge=0, le=20)
    fade_out: float | None = Field(None, ge=0, le=20)
    on: bool = True

    def apply(self, w: Work) -> str:
        if not self.on:
            return Remove(target="music").apply(w)
        if w.empty:
            raise OpError(w.ctx.say("make the video first, then add music", "请先生成视频再加音乐"))
        lane = w.lane(AUDIO, "BGM")
        seg: AudioSegment | None = lane.sg[0] if lane.sg else None
        fresh = seg is None
        if seg is None or self.mood or self.track:
            song = self._song(w)
            keep = seg.model_dump(include={"vol", "fi", "fo"}, exclude_unset=True) if seg else {}
            if song is not None:
                seg = AudioSegment(id="a1", src=song.path, name=stem(song.path), **keep)
            else:
                mood = self.mood or (seg.ed.mood if seg else None) or "upbeat"
                seg = AudioSegment(id="a1", src="", name=mood, ed=AudioEdit(mood=mood), **keep)
            if "vol" not in seg.model_fields_set:
                seg.vol = 0.35 if any(s.kind == "video" for s in w.video) else 0.6
            lane.sg = [seg]
        if self.volume is not None:
            seg.vol = round(self.volume / 100, 3)
        if self.fade_in is not None:
            seg.fi = int(self.fade_in * 1000)
        if self.fade_out is not None:
            seg.fo = int(self.fade_out * 1000)
        w.settle()
        parts = [f"{seg.name} music" if fresh or self.mood or self.track else "music"]
        if self.volume is not None or fresh:
            parts.append(f"at {round(seg.vol * 100)}%")
        if self.fade_in is not None or self.fade_out is not None:
            parts.append(f"fades {seg.fi / 1000:g}s in, {seg.fo / 1000:g}s out")
        return w.ctx.say(" ".join(parts), f"音乐：{seg.name}，音量 {round(seg.vol * 100)}%")

    def _song(self, w: Work) -> MediaInfo | None:
        songs = [u for u in w.ctx.uploads if u.file_type == "audio"]
        if self.track:
            hit = [u for u in songs if self.track.lower() in stem(u.path).lower()]
            if not hit:
                raise OpError(
                    w.ctx.say(
                        f"no uploaded track matches {self.track!r}; uploaded: "
                        f"{', '.join(stem(u.path) for u in songs) or 'none'}",
                        f"没有名为 {self.track!r} 的音乐文件",
                    )
                )
            return hit[0]
        return songs[0] if songs and not self.mood else None


class Remove(Op):
    """Take something out: a video item (by position), or the music, title, captions, logo, call to
    action or all text."""

    name: ClassVar[str] = "remove"
    target: Literal["item", "music", "title", "captions", "logo", "cta", "lower_third", "text"]
    item: int | None = None

    def apply(self, w: Work) -> str:
        if self.target == "item":
            i = w.index(self.item or 0)
            if len(w.video) == 1:
                raise OpError(
                    w.ctx.say("that is the only item; a video needs at least one", "这是唯一的素材，视频至少需要一个")
                )
            s = w.video.pop(i)
            w.video[-1].unset("tr")  # the last item has nothing to lead into
            return w.ctx.say(f"removed {w.label(s)}", f"已删除 {w.label(s)}")
        tt = {"music": AUDIO, "logo": OVERLAY}.get(self.target, TEXT)
        roles = {"title": {"title"}, "captions": {"caption"}, "cta": {"cta"}, "lower_third": {"lower_third"}}
        gone = 0
        for lane in w.lanes:
            if lane.tt != tt:
                continue
            keep = [s for s in lane.sg if tt == TEXT and self.target != "text" and s.role not in roles[self.target]]
            gone += len(lane.sg) - len(keep)
            lane.sg = keep
        if self.target == "logo":  # logo cards on the video track go too
            cards = [s for s in w.video if s.ed.logo_card]
            gone += len(cards)
            w.video[:] = [s for s in w.video if not s.ed.logo_card]
        if not gone:
            raise OpError(
                w.ctx.say(
                    f"there is no {self.target.replace('_', ' ')} to remove",
                    f"没有可删除的{ZH_NAMES.get(self.target, self.target)}",
                )
            )
        what = self.target.replace("_", " ")
        return w.ctx.say(f"removed the {what}", f"已删除{ZH_NAMES.get(self.target, what)}")
