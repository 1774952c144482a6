"""One conversation turn of the local engine: a request in, timeline edits and a reply out.

The request is planned into edit operations (by Claude when configured, else
offline), applied to the current draft all or nothing, and stored as a new
version; "undo" restores the previous one. The service streams the result as
ADK events: one functionCall / functionResponse pair per operation.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from reelsmith.engine.edit import claude, confirm, ops, planner
from reelsmith.engine.edit.ops.build import soft_photos
from reelsmith.engine.edit.work import Context, OpError, Work
from reelsmith.engine.media.probe import MediaInfo
from reelsmith.engine.model.limits import LimitError, Limits
from reelsmith.engine.storage.blobs import BlobStore
from reelsmith.engine.storage.music_store import GeneratedMusic
from reelsmith.engine.storage.store import Store
from reelsmith.protocol import timeline
from reelsmith.protocol.facts import needs_cjk
from reelsmith.protocol.files import file_ref

log = logging.getLogger("reelsmith.engine")


@dataclass
class Call:
    name: str
    args: dict[str, Any]
    response: dict[str, Any]


@dataclass
class Outcome:
    text: str
    calls: list[Call] = field(default_factory=list)
    version: int | None = None  # the new draft version, when the turn changed the timeline


class Turn:
    def __init__(
        self,
        store: Store,
        blobs: BlobStore,
        sid: str,
        language: str = "en",
        claude_cfg: claude.ClaudeConfig | None = None,
        limits: Limits | None = None,
        generated: GeneratedMusic | None = None,
    ) -> None:
        self.store, self.blobs, self.sid, self.lang = store, blobs, sid, language
        self.claude = claude_cfg
        self.limits = limits or Limits()
        self.music = generated or GeneratedMusic(store, blobs, self.limits.music_cache_bytes)
        self.base = 0  # the version this turn edits; committing over a newer one would lose an edit
        self.before: dict[str, Any] | None = None

    def run(self, text: str) -> Outcome:
        self.store.add_message(self.sid, text)
        version, current = self.store.draft(self.sid)
        self.base = version
        uploads = self.store.uploads(self.sid)
        infos = [MediaInfo(**{**_media_fields(u), "path": file_ref(u["hash"], u["filename"])}) for u in uploads]
        # answer in the language of the request: a Chinese message in an English session gets Chinese
        ctx = Context(infos, self._music, "zh" if needs_cjk(text) else self.lang, beats=self.music.song_beats)
        pending = self.store.take_proposal(self.sid)  # any answer ends a proposal; only a yes applies it
        if planner.UNDO.search(text):
            return self._undo(version, ctx)
        try:
            w = Work(current, ctx)
        except OpError as e:  # a stored draft this engine can no longer read: say so, change nothing
            return Outcome(ctx.say(f"Nothing changed: {e}.", f"没有修改：{e}。"))
        self.before = w.dump() if current else None  # what "nothing changed" is measured against
        if not infos and w.empty:
            return Outcome(
                ctx.say(
                    "There is nothing to edit yet: upload some photos or clips first, then tell me "
                    'what to make (for example "a 30-second promo with music").',
                    "还没有素材：请先上传照片或视频，再告诉我想做什么（例如“做一个30秒带音乐的宣传视频”）。",
                )
            )
        if confirm.YES.match(text):
            return self._confirmed(w, pending, version, text)
        if pending and confirm.NO.match(text):
            return Outcome(ctx.say("OK, I left the video as it is.", "好的，视频保持原样。"))
        if self.claude is not None:
            try:
                return self._with_claude(text, w)
            except claude.ClaudeUnavailable as e:
                w = Work(current, ctx)
                out = self._offline(text, w)
                if not self.claude.unavailable():  # a passing failure: said for the edit it hit
                    out.text = (
                        ctx.say(f"({e}, so the offline editor handled this.) ", f"（{e}，已改用离线编辑器。）")
                        + out.text
                    )
                elif self.claude.first_to_tell(self.sid):  # a lasting one: said once per session
                    out.text = (
                        ctx.say(
                            f"({e}, so the offline editor handles this session's edits.) ",
                            f"（{e}，本次会话改用离线编辑器。）",
                        )
                        + out.text
                    )
                return out
        return self._offline(text, w)

    def _offline(self, text: str, w: Work) -> Outcome:
        p = planner.plan(text, w)
        say = w.ctx.say
        if p.problem:
            return Outcome(say(f"Nothing changed: {p.problem}.", f"没有修改：{p.problem}。"))
        if p.ask:  # two readings: ask, change nothing
            return Outcome(say(*p.ask))
        not_done = [say(*n) for n in p.not_done()]
        if not p.ops:
            if p.notes or p.tips:
                return Outcome(
                    say("Nothing changed: ", "没有修改：") + say("; ", "；").join(not_done + [say(*t) for t in p.tips])
                )
            return Outcome(planner.cannot(text, w, p.unsupported))
        before = confirm.Before.of(w)
        built = isinstance(p.ops[0], ops.Build)
        calls: list[Call] = []
        done: list[str] = []
        for op in p.ops:
            try:
                said = ops.apply(w, op, note_length=not built)
            except OpError as e:
                # all or nothing: a half-applied request would surprise more than a clear refusal
                return Outcome(say(f"Nothing changed: {e}.", f"没有修改：{e}。"))
            calls.append(Call(op.name, op.args(), {"ok": True, "change": said}))
            if built and isinstance(op, ops.SetCanvas) and not op.fps:  # the build's line says the size
                if op.platform:
                    done.append(say(op.for_platform(), op.for_platform().replace("for ", "适合 ")))
            elif not (built and isinstance(op, ops.SetDuration)):  # the build's line says the length it ends at
                done.append(said)
        soft: list[str] = []  # photos too small for the canvas, said once, when they are added
        if built:
            assert isinstance(p.ops[0], ops.Build)
            done[0] = p.ops[0].describe(w, music=not any(isinstance(o, ops.SetMusic) for o in p.ops[1:]))
            soft = [say(f"{x[0].upper()}{x[1:]}.", f"{x}。") for x in soft_photos(w)]
        elif proposed := self._proposal(before, w, calls, done, text):
            proposed.calls = []  # the offline planner's steps were not applied: no tool events for them
            return proposed
        extra = [
            *soft,
            say("Not done: ", "未完成：") + say("; ", "；").join(not_done) + say(".", "。") if not_done else "",
        ]
        return self._commit(w, calls, done, text, "\n".join(x for x in extra + [say(*t) for t in p.tips] if x))

    def _confirmed(
        self, w: Work, pending: tuple[int, list[dict[str, Any]], str] | None, version: int, text: str
    ) -> Outcome:
        """A yes: apply the change proposed last turn, if the video is still the one it was proposed on."""
        say = w.ctx.say
        if pending is None:
            return Outcome(say("There is nothing waiting for a yes, so nothing changed.", "没有等待确认的修改。"))
        base, steps, asked = pending
        if base != version:
            return Outcome(say("The video changed since I asked, so nothing changed.", "视频已经变了，所以没有修改。"))
        calls, done = [], []
        for step in steps:
            try:
                said = ops.apply(w, ops.make(step["op"], step["args"]))
            except OpError as e:
                return Outcome(say(f"Nothing changed: {e}.", f"没有修改：{e}。"))
            calls.append(Call(step["op"], step["args"], {"ok": True, "change": said}))
            done.append(said)
        return self._commit(w, calls, done, f"{asked} (confirmed: {text})", "")

    def _with_claude(self, text: str, w: Work) -> Outcome:
        assert self.claude is not None
        before = confirm.Before.of(w)
        res = claude.run(self.claude, text, w)
        calls = [Call(a.op, a.args, {"ok": a.ok, "change" if a.ok else "error": a.result}) for a in res.applied]
        done = [a.result for a in res.applied if a.ok]
        if not done:
            return Outcome(res.text or w.ctx.say("Nothing changed.", "没有修改。"), calls)
        if not any(c.name == "build" for c in calls) and (proposed := self._proposal(before, w, calls, done, text)):
            return proposed
        return self._commit(w, calls, done, text, res.text)

    def _proposal(
        self, before: confirm.Before, w: Work, calls: list[Call], done: list[str], text: str
    ) -> Outcome | None:
        """A change big enough to need a yes is stored and proposed, not applied; None when it is not."""
        why = confirm.risks(before, w)
        if not why:
            return None
        if refused := self._refused(w):  # never ask for a yes to what the limits would refuse
            return refused
        steps = [{"op": c.name, "args": c.args} for c in calls if c.response["ok"]]
        self.store.set_proposal(self.sid, self.base, steps, text)
        return Outcome(confirm.proposal(w, why, done), calls)

    def _refused(self, w: Work) -> Outcome | None:
        """The answer when the edited draft breaks this engine's limits (a length past the maximum…)."""
        try:
            self.limits.check_draft(w.check())
        except (OpError, LimitError) as e:
            return Outcome(w.ctx.say(f"Nothing changed: {e}.", f"没有修改：{e}。"))
        return None

    def _commit(self, w: Work, calls: list[Call], done: list[str], text: str, extra: str) -> Outcome:
        if refused := self._refused(w):  # before any music is named for it
            return refused
        if self.before is not None and (note := self._retimed(w)):
            done.append(note)
        if self.before is not None and w.dump() == self.before:
            # every part asked for was already so ("the canvas is already 1920x1080"): no new version
            return Outcome(w.ctx.say("Nothing changed: ", "没有修改：") + _listed(w, done), calls)
        w.make_music()
        w.check()
        draft = w.dump()
        version = self.store.add_draft(self.sid, draft, f"edit: {text[:80]}", expected=self.base)
        for c in calls:
            c.response["version"] = version
        head = w.ctx.say("Done: ", "完成：") + _listed(w, done)
        return Outcome("\n".join(x for x in (head, extra, timeline.summary(draft)) if x), calls, version)

    def _retimed(self, w: Work) -> str | None:
        """A note when the cuts moved with the music (a new song or mood re-times them to its beat)."""
        assert self.before is not None
        old = [s["d"] for t in self.before.get("t", []) if t["tt"] == 0 for s in t["sg"]]
        old_music = [s.get("name") for t in self.before.get("t", []) if t["tt"] == 1 for s in t["sg"]]
        if [s.d for s in w.video] == old or [a.name for a in w.audio()] == old_music or len(w.video) != len(old):
            return None
        return w.ctx.say("cuts re-timed to the beat of the new music", "剪辑点已按新音乐的节拍重新对齐")

    def _undo(self, version: int, ctx: Context) -> Outcome:
        if version < 2:
            return Outcome(ctx.say("There is no earlier version to go back to.", "没有可以撤销的更早版本。"))
        _, previous = self.store.draft(self.sid, version - 1)
        assert previous is not None
        new = self.store.add_draft(self.sid, previous, f"undo: back to version {version - 1}", expected=version)
        summary = timeline.summary(previous)
        call = Call("undo", {}, {"version": new, "restored": version - 1, "summary": summary})
        return Outcome(
            ctx.say("Undone: back to the previous version.\n", "已撤销，回到上一个版本。\n") + summary, [call], new
        )

    def _music(self, mood: str, seconds: float) -> str:
        """A generated track for the mood and length: named now, made when the render first reads it."""
        return self.music.ref(self.sid, mood, seconds)


def _media_fields(u: dict[str, Any]) -> dict[str, Any]:
    keep = set(MediaInfo.__dataclass_fields__)
    return {k: v for k, v in u.items() if k in keep}


def _listed(w: Work, parts: list[str]) -> str:
    """The parts of a reply, with the punctuation of its language (；and 。 in Chinese)."""
    return w.ctx.say("; ", "；").join(parts) + w.ctx.say(".", "。")
