"""The engine's limits: what one draft, request or user may ask of it, each with a clear refusal.

The numbers are settings (`reelsmith serve --max-video-seconds …`, or `Settings.limits`), listed with
their defaults in the README's "Security and limits" section.
"""

from __future__ import annotations

from dataclasses import dataclass

from reelsmith.engine.model.draft import Draft, DraftError

MB = 1024 * 1024


class LimitError(DraftError):
    """A draft or request over one of the engine's limits; the message names the limit and the way out."""


@dataclass(frozen=True)
class Limits:
    video_seconds: float = 600.0  # the longest video (and so the longest generated music)
    segments: int = 300  # photos, clips, texts, logos and songs in one draft, all tracks together
    render_seconds: float = 1800.0  # one render job's wall time before it is stopped
    json_body: int = 8 * MB  # a JSON request body (drafts included)
    turns_per_user: int = 2  # edits running at once for one token (one per session at any time)
    tokens_per_address_hour: int = 30  # anonymous tokens handed to one client address per hour
    still_cache_bytes: int = 1024 * MB  # prepared photos kept between renders (oldest go first)
    still_cache_days: float = 7.0
    music_cache_bytes: int = 512 * MB  # generated music kept for reuse; tracks no draft names go first

    def check_draft(self, draft: Draft) -> None:
        """Refuse a draft that asks for more than these limits allow, before any work starts."""
        count = sum(len(t.sg) for t in draft.t)
        if count > self.segments:
            raise LimitError(
                f"the draft has {count} items; this engine takes at most {self.segments} "
                "(split the video, or raise the engine's segment limit)"
            )
        longest = self.video_seconds * 1000
        end: float = draft.d
        for t in draft.t:
            for s in t.sg:
                st, d = s.get("st", 0), s.get("d", 0)
                if isinstance(st, int | float) and isinstance(d, int | float) and t.tt != 0:
                    end = max(end, st + d)
        video = draft.video()
        if video:
            from reelsmith.engine.model.draft import layout

            end = max(end, layout(video)[-1][1])
        if end > longest:
            raise LimitError(
                f"the video would be {end / 1000:g} s long; this engine makes videos of at most "
                f"{self.video_seconds:g} s ({self.video_seconds / 60:g} minutes): ask for a shorter one"
            )
