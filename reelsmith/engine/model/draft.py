"""The draft (timeline) model: the short-key JSON of the protocol, made complete.

Every model allows extra keys so a draft that came from the cloud round-trips
unchanged; `Draft.dump()` writes only what was set, never invented defaults.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from reelsmith.engine.model.choices import (
    FONTS,
    FPS_CHOICES,
    SCHEMA_VERSION,
    TEXT_MAX_CHARS,
    TRANSITIONS,
    Corner,
    Duration,
    Fit,
    Focus,
    HexColor,
    Look,
    MotionType,
    Ms,
    Position,
    Role,
    TextAnim,
    TransitionName,
    Unit,
    hex_colour,
)
from reelsmith.protocol import timeline
from reelsmith.protocol.facts import TRACK_NAMES, TrackType


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, validate_assignment=True)

    def dump(self) -> dict[str, Any]:
        """What was set, by alias, unknown keys included. A default sub-model changed in place
        (`seg.ed.src_d = …`) counts as set: pydantic alone would drop it."""
        out = self.model_dump(by_alias=True, exclude_unset=True)
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if isinstance(value, _Model) and (name in self.model_fields_set or value.model_fields_set):
                out[field.alias or name] = value.dump()
        return out

    def unset(self, *names: str) -> None:
        """Back to the default and out of `dump()`, as if never given: a key taken off the draft."""
        for name in names:
            setattr(self, name, type(self).model_fields[name].get_default(call_default_factory=True))
            self.model_fields_set.discard(name)


class Transition(_Model):
    name: TransitionName = "fade"
    d: Ms = 800

    @field_validator("name", mode="before")
    @classmethod
    def _known(cls, v: Any) -> Any:
        if v not in TRANSITIONS:  # said here, so the message lists the choices
            raise ValueError(f"unknown transition {v!r}; use one of: {', '.join(TRANSITIONS)}")
        return v


# --- the local editor's own notes ---------------------------------------------------------------
# The protocol has no key for what the editor must remember between turns, so each segment keeps it
# under one key, `ed`, that no cloud draft uses; the renderer ignores it. Drafts saved before `ed`
# existed had these keys flat on the segment: `_nest` moves them in when such a draft is read.


class VideoEdit(_Model):
    """The local editor's notes on a photo or clip (`ed`); other tools keep them as they are."""

    src_d: Annotated[int, Field(ge=0)] | None = None  # ms of the clip the item may play: its source length, or trim end
    logo_card: bool = False  # an intro or end card made from the logo: keeps its length, gets no caption
    held: bool = False  # the person set this item's length: cutting on the beat never changes it
    framed: bool = False  # the person chose this photo's fit or focus: a new canvas keeps it


class AudioEdit(_Model):
    """The local editor's notes on a music track (`ed`); other tools keep them as they are."""

    mood: str | None = None  # generated music of this mood (music.MOODS), made again when the length changes
    made_for: Ms | None = None  # the length (d) the generated track was made for; src is stale when d differs
    full: bool = True  # runs under the whole video: start and length follow every edit


class TextEdit(_Model):
    """The local editor's notes on a text (`ed`): where it is anchored; other tools keep them as they are."""

    at: str = "start"  # what it is pinned to: "start", "end", "whole", or the id of the video item it captions
    hold: Duration | None = None  # ms on screen when asked for; else the role's usual time (or the whole item)


def _nest(data: Any, edit: type[_Model]) -> Any:
    """Move the flat editor keys of a draft saved before `ed` existed under `ed`; `ed` wins a clash."""
    keys = [k for k in edit.model_fields if isinstance(data, dict) and k in data]
    if not keys:
        return data
    ed = data.get("ed")
    if isinstance(ed, BaseModel):
        ed = ed.model_dump(exclude_unset=True)
    if not isinstance(ed, dict | None):
        return data  # not ours to fix: validation says what is wrong with it
    data = dict(data)
    data["ed"] = {**{k: data.pop(k) for k in keys}, **(ed or {})}
    return data


class Motion(_Model):
    type: MotionType = "none"
    amount: Annotated[float, Field(ge=0.0, le=6.0)] = 0.08  # zooms go to 0.5; pans past 0.5 sweep (panoramas)


class VideoSegment(_Model):
    """One photo or clip on the video track."""

    id: str = ""
    src: str = ""  # upload id / path / URL; "color:#rrggbb" for a solid card
    name: str = ""  # label for summaries
    kind: Literal["image", "video", "color"] = "image"
    st: Ms = 0  # timeline start (derived from order, durations and transitions)
    d: Duration = 3000
    src_in: Ms = Field(0, alias="in")  # source in-point, clips only
    fit: Fit = "cover"
    focus: Focus = "auto"  # what a cover crop keeps: the subject (faces first), or the top, centre or bottom
    motion: Motion = Field(default_factory=Motion)
    tr: Transition | None = None  # transition into the next segment
    vol: Annotated[float, Field(ge=0.0, le=4.0)] = 1.0
    mute: bool = False
    speed: Annotated[float, Field(gt=0.1, le=8.0)] = 1.0
    filter: Look = "none"
    fi: Ms = 0  # audio fade in, clips only
    fo: Ms = 0
    ed: VideoEdit = Field(default_factory=VideoEdit)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        return _nest(data, VideoEdit)

    @model_validator(mode="after")
    def _colour_card(self) -> VideoSegment:
        if self.kind == "color":
            if not self.src.startswith("color:"):
                raise ValueError("a colour card's src is color:#rrggbb")
            hex_colour(self.src.removeprefix("color:"))
        return self


class AudioSegment(_Model):
    """Background music or a voice-over."""

    id: str = ""
    src: str = ""
    name: str = ""
    st: Ms = 0
    d: Duration = 1000
    src_in: Ms = Field(0, alias="in")
    vol: Annotated[float, Field(ge=0.0, le=4.0)] = 0.35
    fi: Ms = 1000
    fo: Ms = 2000
    loop: bool = True
    duck: bool = True  # lowered under clip audio
    ed: AudioEdit = Field(default_factory=AudioEdit)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        return _nest(data, AudioEdit)


class TextStyle(_Model):
    font: str = "sans"  # one of FONTS
    size: Annotated[float, Field(gt=0.0, le=0.5)] = 0.06  # fraction of canvas height
    color: HexColor = "#ffffff"
    outline: Annotated[float, Field(ge=0.0, le=0.05)] = 0.0025  # fraction of height
    outline_color: HexColor = "#000000"
    shadow: bool = True
    box: bool = False
    box_color: HexColor = "#000000"
    box_opacity: Unit = 0.5
    anim: TextAnim = "fade"  # how it comes in (render/text_anim.py)

    @field_validator("font")
    @classmethod
    def _font(cls, v: str) -> str:
        if v not in FONTS:
            raise ValueError(f"font {v[:60]!r} is not one of {', '.join(FONTS)}")
        return v


class TextSegment(_Model):
    id: str = ""
    text: Annotated[str, Field(max_length=TEXT_MAX_CHARS)]
    role: Role = "text"
    st: Ms = 0
    d: Duration = 3000
    pos: Position = "bottom"
    style: TextStyle = Field(default_factory=TextStyle)
    fi: Ms = 300
    fo: Ms = 300
    ed: TextEdit = Field(default_factory=TextEdit)

    @model_validator(mode="before")
    @classmethod
    def _flat(cls, data: Any) -> Any:
        return _nest(data, TextEdit)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty")
        if any(ord(c) < 32 and c not in "\n\t" for c in v) or "\x7f" in v:
            raise ValueError("text has control characters; use plain text and line breaks")
        return v


class OverlaySegment(_Model):
    """A still image over the video: the logo."""

    id: str = ""
    src: str
    name: str = ""
    st: Ms = 0
    d: Duration = 1000
    pos: Corner = "top_right"
    size: Annotated[float, Field(gt=0.0, le=1.0)] = 0.15  # width as a fraction of canvas width
    opacity: Unit = 0.9


class Track(_Model):
    tt: int
    name: str = ""
    sg: Annotated[list[dict[str, Any]], Field(max_length=2000)] = Field(default_factory=list)


class MetaEdit(_Model):
    """The local editor's notes on the whole video (`m.ed`); other tools keep them as they are."""

    length: Ms | None = None  # the length the user asked for: kept through later edits until they change it
    beat_sync: bool = True  # cuts land on the music's beats (edit/beat_sync.py); "don't sync to the music" is False
    style: str | None = None  # the named look (edit/styles.py): new texts and items take it


class Meta(_Model):
    v: int = SCHEMA_VERSION
    title: Annotated[str, Field(max_length=200)] = ""
    width: Annotated[int, Field(ge=16, le=7680)] = 1920
    height: Annotated[int, Field(ge=16, le=7680)] = 1080
    fps: int = 30
    bg: HexColor = "#000000"
    filter: Look = "none"
    fade_in: Annotated[int, Field(ge=0, le=10_000)] = 0  # ms from black (picture and sound) at the start
    fade_out: Annotated[int, Field(ge=0, le=10_000)] = 0  # ms to black at the end
    ed: MetaEdit = Field(default_factory=MetaEdit)

    @field_validator("fps")
    @classmethod
    def _fps(cls, v: int) -> int:
        if v not in FPS_CHOICES:
            raise ValueError(f"fps {v} is not one of {FPS_CHOICES}")
        return v

    @field_validator("width", "height")
    @classmethod
    def _even(cls, v: int) -> int:
        if v % 2:
            raise ValueError(f"{v} must be even (H.264 4:2:0)")
        return v


Segment = VideoSegment | AudioSegment | OverlaySegment | TextSegment
SEGMENT_MODELS: dict[int, type[_Model]] = {
    TrackType.VIDEO: VideoSegment,
    TrackType.AUDIO: AudioSegment,
    TrackType.OVERLAY: OverlaySegment,
    TrackType.TEXT: TextSegment,
}


class DraftError(ValueError):
    """A draft failed validation; the message names the segment and field."""


class Draft(_Model):
    t: Annotated[list[Track], Field(max_length=32)] = Field(default_factory=list)
    d: Ms = 0
    m: Meta = Field(default_factory=Meta)

    # --- parsing -------------------------------------------------------
    @classmethod
    def parse(cls, data: dict[str, Any]) -> Draft:
        """Validate a draft dict; raise DraftError naming track, segment and field."""
        try:
            draft = cls.model_validate(data)
        except ValidationError as e:
            raise DraftError(_describe(e, data)) from None
        for ti, track in enumerate(draft.t):
            model = SEGMENT_MODELS.get(track.tt)
            if model is None:
                continue  # unknown track types are kept, not rendered
            for si, seg in enumerate(track.sg):
                try:
                    model.model_validate(seg)
                except ValidationError as e:
                    raise DraftError(_describe_segment(e, ti, si, track.tt, seg)) from None
        return draft

    # --- typed access --------------------------------------------------
    def tracks(self, tt: int) -> list[Track]:
        return [t for t in self.t if t.tt == tt]

    def segments(self, tt: int) -> list[Any]:
        model = SEGMENT_MODELS[tt]
        return [model.model_validate(s) for t in self.tracks(tt) for s in t.sg]

    def video(self) -> list[VideoSegment]:
        return self.segments(TrackType.VIDEO)

    def audio(self) -> list[AudioSegment]:
        return self.segments(TrackType.AUDIO)

    def texts(self) -> list[TextSegment]:
        return self.segments(TrackType.TEXT)

    def overlays(self) -> list[OverlaySegment]:
        return self.segments(TrackType.OVERLAY)

    @property
    def ready(self) -> bool:
        """Exportable when some track has segments (the protocol's rule)."""
        return any(t.sg for t in self.t)


def layout(video: list[VideoSegment]) -> list[tuple[int, int]]:
    """Timeline (start, end) in ms of the video segments: the protocol's one geometry."""
    return timeline.layout([{"d": s.d, "tr": s.tr and {"name": s.tr.name, "d": s.tr.d}} for s in video])


def _track_name(tt: object) -> str:
    """ "video" for 0, …; an unknown or missing type as it is."""
    return next((name for k, name in TRACK_NAMES.items() if k == tt), str(tt))


def _loc_str(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def _describe(e: ValidationError, data: dict[str, Any]) -> str:
    err = e.errors()[0]
    loc = err["loc"]
    if len(loc) >= 2 and loc[0] == "t" and isinstance(loc[1], int):
        tt = (data.get("t") or [{}])[loc[1]].get("tt") if isinstance(data.get("t"), list) else None
        where = f"track {loc[1] + 1} ({_track_name(tt)})"
        rest = _loc_str(loc[2:])
        return f"draft {where}: {rest or 'track'}: {_msg(err)}"
    return f"draft field {_loc_str(loc) or '(root)'}: {_msg(err)}"


def _describe_segment(e: ValidationError, ti: int, si: int, tt: int, seg: dict[str, Any]) -> str:
    err = e.errors()[0]
    label = str(seg.get("name") or seg.get("text") or seg.get("src") or seg.get("id") or "").strip()
    label = f" ({label[:40]!r})" if label else ""
    field = _loc_str(err["loc"]) or "segment"
    return f"draft track {ti + 1} ({_track_name(tt)}) segment {si + 1}{label}: {field}: {_msg(err)}"


def _msg(err: Any) -> str:
    return str(err["msg"]).removeprefix("Value error, ")


def json_schema() -> dict[str, Any]:
    """The published schema: the draft plus one definition per segment kind."""
    schema = Draft.model_json_schema(by_alias=True)
    defs = schema.setdefault("$defs", {})
    for tt, model in SEGMENT_MODELS.items():
        sub = model.model_json_schema(by_alias=True, ref_template="#/$defs/{model}")
        defs.update(sub.pop("$defs", {}))
        sub["description"] = f"Segment of a track with tt={int(tt)} ({_track_name(tt)})."
        defs[model.__name__] = sub
    schema["title"] = f"reelsmith draft v{SCHEMA_VERSION}"
    schema["description"] = (
        "Timeline JSON: t tracks (tt 0 video, 1 audio, 2 overlay, 7 text), sg segments, "
        "d duration in ms, m metadata (m.v is the schema version). Unknown keys are kept."
    )
    return schema
