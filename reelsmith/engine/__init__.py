"""The embedded default backend: timeline model, editor, music, ffmpeg renderer."""

from .draft import Draft, DraftError
from .probe import MediaInfo, ProbeError, probe
from .render import RenderResult, render

__all__ = ["Draft", "DraftError", "MediaInfo", "ProbeError", "RenderResult", "probe", "render"]
