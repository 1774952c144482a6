"""The conversation: one message in, the right action out, and what the person should see.

Export, status, credits and uploads are answered directly (router). Edits go
through the backend's stream; its GUI talk is translated sentence by sentence
as it arrives, and the actions hidden in it (export, show the timeline) are
done. With a Claude key, edits go to the Claude tool loop instead, which calls
back into the same actions. Ctrl-C stops the waiting, never the work: the edit
or render goes on and can be picked up later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reelsmith.agent.inputs import InputError, expand_inputs
from reelsmith.agent.io import IO
from reelsmith.agent.router import route
from reelsmith.agent.translate import SENTENCE, translate
from reelsmith.skill import Client, Session, SkillError
from reelsmith.skill.export import check_output
from reelsmith.skill.models import Credits, ExportResult


class EditLoop(Protocol):
    unavailable: str | None  # set once a failure would repeat on every message (bad key, no network)
    error: str | None  # why the last turn failed, when the next may work

    def classify(self, text: str) -> str: ...

    def turn(self, agent: Agent, text: str) -> bool: ...


@dataclass
class Agent:
    client: Client
    session: Session
    io: IO
    out_dir: Path = Path(".")
    quality: str = "high"
    claude: EditLoop | None = None
    force: bool = False  # an export may replace an existing file
    replace_fix: str = "pass --force to replace it, or choose another name with -o"
    last_export: ExportResult | None = field(default=None, init=False)
    summary: str = field(default="", init=False)  # the last timeline summary seen, for /sessions

    # --- one message ------------------------------------------------------
    def handle(self, text: str) -> None:
        r = route(text)
        try:
            if r.kind == "upload":
                if not r.files:
                    self.io.say("Send the file paths or URLs to upload (a folder adds its photos, clips and audio).")
                else:
                    self.io.say(self.upload(r.files))
            elif r.kind == "status":
                self.io.say(self.status())
            elif r.kind == "credits":
                self.io.say(self.credits())
            elif r.kind == "export":
                self.io.say(self.export(r.quality))
            elif not self._by_claude(r.text, r.kind, r.quality):
                self.edit(r.text)
                if r.kind == "edit+export":
                    self.io.say(self.export(r.quality))
        except KeyboardInterrupt:
            self.io.info(
                "Stopped waiting. Nothing is lost: the edit or render goes on, and the session is kept. "
                'Say "status" to see the timeline, or "export" to pick up the render.'
            )
        except (SkillError, InputError) as e:
            self.io.error(str(e))

    def _by_claude(self, text: str, kind: str, quality: str | None) -> bool:
        """Whether Claude took the message; False sends it to the editor directly. Once Claude is
        unavailable for good this costs nothing, and the person was told so once."""
        c = self.claude
        if c is None or c.unavailable:
            return False
        # what the keyword rules sent to the editor, the cheap model may still place
        intent = c.classify(text) if kind == "edit" else "edit"
        if not c.unavailable:
            if intent in ("export", "status", "credits"):
                answer = {"export": lambda: self.export(quality), "status": self.status, "credits": self.credits}
                self.io.say(answer[intent]())
                return True
            if c.turn(self, text):  # it has the export tool for "… and export"
                return True
        if c.unavailable:
            self.io.info(f"Claude is unavailable ({c.unavailable}); using the offline editor for this session.")
        else:
            self.io.info(f"Claude did not answer ({c.error}); sending your words to the editor directly.")
        return False

    # --- actions (each returns what to tell the person) -----------------------
    def upload(self, items: list[str | Path] | list[str]) -> str:
        files = expand_inputs(items)
        with self.io.progress("Uploading") as bar:
            done = self.session.upload(files, progress=bar)
        names = ", ".join(f.filename for f in done)
        return f"Uploaded {len(done)} file{'s' * (len(done) != 1)}: {names}."

    def status(self) -> str:
        st = self.session.state()
        self.summary = st.summary
        return st.summary

    def credits(self) -> str:
        return credits_text(self.client.credits())

    def export(self, quality: str | None = None, out: Path | None = None) -> str:
        c = self.client.aio
        if out is None and any(j.get("session_id") == self.session.id for j in c.state_file.jobs(c.backend.key)):
            return self.resume()  # a render left running (Ctrl-C, a crash) is picked up, not started again
        st = self.session.state()
        out = check_output(
            out or self.out_dir / f"reelsmith-{self.session.id[:8]}-v{st.version or 0}.mp4",
            self.force,
            self.replace_fix,
        )  # before the render, not after it
        told: list[bool] = []

        def status(_status: str, pct: int) -> None:
            if not told:  # the first answer about a job already written to the state file
                told.append(True)
                self.io.info("The render is under way; Ctrl-C stops waiting, and the render goes on.")
            bar(pct, 100)

        with self.io.progress("Rendering") as bar:
            res: ExportResult = self.session.export(out, quality or self.quality, on_status=status)
        self.last_export = res
        return str(res)

    def resume(self) -> str:
        return resumed_text(resume_exports(self.client, self.io))

    def edit(self, text: str, follow: bool = True, show: bool = True) -> dict[str, Any]:
        """Send an edit through the stream; show the reply as it comes, GUI talk translated.
        A turn that ends with no text is reported from the state diff (the session does that)."""
        actions: list[tuple[str, str]] = []
        pending = ""
        result: dict[str, Any] = {}
        with self.io.status("Editing…"):
            for ev in self.session.say(text):
                if ev.kind == "text_delta":
                    pending += ev.text
                    *whole, pending = _sentences(pending)
                    for s in whole:
                        actions += self._show(s) if show else translate(s).actions
                elif ev.kind == "still_working":
                    self.io.info("⏳ Still working…")
                elif ev.kind == "done":
                    result = {**ev.data, "reply": translate(ev.text).text}
                    self.summary = str(result.get("summary") or self.summary)
        actions += self._show(pending) if show else translate(pending).actions
        self.io.end_stream()
        if follow:
            self._act(actions)
        return result

    def _show(self, sentence: str) -> list[tuple[str, str]]:
        t = translate(sentence)
        if not t.actions:
            if sentence:
                self.io.stream(sentence)  # kept word for word, spacing and line breaks included
        elif t.text:
            self.io.stream(t.text + sentence[len(sentence.rstrip()) :])
        return t.actions

    def _act(self, actions: list[tuple[str, str]]) -> None:
        """Do what the backend's GUI directions asked the person to do; each at most once."""
        seen = set()
        for kind, arg in actions:
            if (kind, arg) in seen:
                continue
            seen.add((kind, arg))
            if kind == "status":
                self.io.say(self.status())
            elif kind == "credits":
                self.io.say(self.credits())
            elif kind == "export":
                self.io.say(self.export())
            elif kind == "edit" and arg:
                self.edit(arg, follow=False)  # one level only: its own directions are not followed


def resume_exports(client: Client, io: IO) -> list[ExportResult]:
    """Finish every export an interrupted run left on this backend, with a progress bar."""
    with io.progress("Finishing") as bar:
        return client.resume_exports(on_status=lambda status, pct: bar(pct, 100))


def resumed_text(done: list[ExportResult]) -> str:
    return "\n".join(str(r) for r in done) or "No unfinished exports."


def credits_text(c: Credits) -> str:
    if c.available is None:
        return "Credits: unlimited on this backend."
    return f"Credits: {c.available} available" + (f" ({c.frozen} held for running work)" if c.frozen else "") + "."


def _sentences(text: str) -> list[str]:
    """Complete sentences, then the unfinished rest (last item)."""
    parts = [m.group(0) for m in SENTENCE.finditer(text)]
    if not parts:
        return [text]
    done = [p for p in parts if re.search(r"[.!?。！？]\s*$|\n$", p)]
    if done and "".join(done) == text[: len("".join(done))]:
        return [*done, text[len("".join(done)) :]]
    return [text]
