"""The commands that talk to a backend through the client: make, batch, chat, upload, say, state,
export, credits, mcp, skills."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reelsmith.agent.io import IO
from reelsmith.cli.errors import EXIT_NOT_UNDERSTOOD, UserError, classify

if TYPE_CHECKING:
    from reelsmith.agent.core import Agent
    from reelsmith.skill import Client, ExportResult, SkillError, UploadedFile


@contextmanager
def _client(args: argparse.Namespace, io: IO) -> Iterator[Client]:
    """`with _client(args, io) as client:` — the client is closed (its event loop thread and any
    in-process engine stopped) on every path, a failed start or connect included: otherwise the
    process would print its error and never exit."""
    from reelsmith import local
    from reelsmith.skill import Client, variants

    skill = getattr(args, "skill", None)  # not every command takes --skill
    variant = variants.load(skill) if skill else None  # before an engine is started
    with io.status("Setting things up…"):
        client = Client(local.connect(getattr(args, "backend", None)), variant)  # owns the backend, even if it fails
    with client:
        with io.status("Setting things up…"):
            client.connect()
        yield client


def output_path(path: str | Path, args: argparse.Namespace) -> Path:
    """An output path, checked before any work: not a folder, in a writable place, new unless --force."""
    from reelsmith.skill.export import check_output

    return check_output(path, getattr(args, "force", False))


def _agent(args: argparse.Namespace, io: IO, client: Client, new: bool = False) -> Agent:
    """The session named by --session, else (for follow-up commands) the last one on this backend."""
    from reelsmith.agent.core import Agent

    s = client.new_session() if new and not args.session else client.session(args.session)
    return Agent(
        client,
        s,
        io,
        out_dir=Path(getattr(args, "out_dir", None) or "."),
        quality=getattr(args, "quality", None) or "high",
        force=getattr(args, "force", False),
    )


def _uploaded(files: list[UploadedFile]) -> list[dict[str, str]]:
    return [{"name": f.filename, "type": f.file_type} for f in files]


def _upload(agent: Agent, inputs: list[str], io: IO) -> list[UploadedFile]:
    """Upload with a progress bar; the files the backend took, for `uploaded` (Agent.upload says a sentence)."""
    from reelsmith.agent.inputs import expand_inputs

    items = expand_inputs(inputs)
    with io.progress("Uploading") as bar:
        files = agent.session.upload(items, progress=bar)
    io.info(f"Uploaded {len(files)} file{'s' * (len(files) != 1)}: {', '.join(f.filename for f in files)}.")
    return files


def _edited(res: dict[str, Any]) -> dict[str, Any]:
    """An edit's answer: the same keys in say, make, batch, the Python API and MCP's edit_video."""
    return {
        "understood": bool(res.get("understood", True)),
        "reply": res.get("reply", ""),
        "changes": list(res.get("changes", [])),
        "summary": res.get("summary", ""),
        "version": res.get("version"),
    }


def _video(agent: Agent) -> dict[str, Any]:
    assert agent.last_export is not None
    return agent.last_export.video()


def cmd_make(args: argparse.Namespace, io: IO) -> int:
    """Upload, edit, export, download in one go (a new session)."""
    out = output_path(args.output, args)
    draft_out = output_path(args.draft_out, args) if args.draft_out else None
    with _client(args, io) as client:
        agent = _agent(args, io, client, new=True)
        files = _upload(agent, args.inputs, io)
        res = agent.edit(args.prompt, follow=False, show=not args.json)
        if draft_out:
            draft_out.parent.mkdir(parents=True, exist_ok=True)
            draft_out.write_text(json.dumps(agent.session.state().draft, indent=2, ensure_ascii=False))
        saved = agent.export("preview" if args.preview else args.quality, out)
        if args.json:
            io.result(
                {"session_id": agent.session.id, "uploaded": _uploaded(files), **_edited(res), "video": _video(agent)}
            )
        else:
            io.ok(saved)
    return 0


def cmd_batch(args: argparse.Namespace, io: IO) -> int:
    """One session's uploads, several requests, one render each (each request continues from the last)."""
    out_dir = Path(args.out_dir).expanduser()
    if out_dir.exists() and not out_dir.is_dir():
        raise UserError(f"--out-dir {out_dir} is a file, not a folder; choose a folder")
    outs = [output_path(out_dir / f"{i:02d}-{_slug(request)}.mp4", args) for i, request in enumerate(args.prompt, 1)]
    out_dir.mkdir(parents=True, exist_ok=True)
    results = []
    with _client(args, io) as client:
        agent = _agent(args, io, client, new=True)
        files = _upload(agent, args.inputs, io)
        for i, request in enumerate(args.prompt, 1):
            io.info(f"[{i}/{len(args.prompt)}] {request}")
            res = agent.edit(request, follow=False, show=not args.json)
            saved = agent.export(args.quality, outs[i - 1])
            results.append({"request": request, **_edited(res), "video": _video(agent)})
            if not args.json:
                io.ok(saved)
    if args.json:
        io.result({"session_id": agent.session.id, "uploaded": _uploaded(files), "videos": results})
    return 0


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:6]) or "video"


def cmd_chat(args: argparse.Namespace, io: IO) -> int:
    from reelsmith.agent import claude_loop, repl

    with _client(args, io) as client:
        agent = _agent(args, io, client, new=True)
        agent.replace_fix = "move it away or delete it, then export again"
        agent.claude = claude_loop.from_env(client.aio.variant, args.model)
        if agent.claude is None:
            io.info("Direct mode (no ANTHROPIC_API_KEY): your words go straight to the editor.")
        repl.run(agent)
    return 0


def cmd_upload(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        agent = _agent(args, io, client)
        files = _upload(agent, args.inputs, io)
        if args.json:
            io.result({"session_id": agent.session.id, "uploaded": _uploaded(files)})
        else:
            io.say(f"Session {agent.session.id}: later commands continue it.")
    return 0


def cmd_say(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        agent = _agent(args, io, client)
        res = _edited(agent.edit(" ".join(args.message), follow=not args.json, show=not args.json))
        if args.json:
            io.result({"session_id": agent.session.id, **res})
    return 0 if res["understood"] else EXIT_NOT_UNDERSTOOD


def cmd_state(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        agent = _agent(args, io, client)
        st = agent.session.state()
        if args.json:
            io.result(
                {
                    "session_id": agent.session.id,
                    "version": st.version,
                    "summary": st.summary,
                    "ready": st.ready,
                    "draft": st.draft,
                }
            )
        else:
            io.say(st.summary)
    return 0


def cmd_export(args: argparse.Namespace, io: IO) -> int:
    out = output_path(args.output, args) if args.output else None  # before any work, --resume too
    with _client(args, io) as client:
        if args.resume:
            return _resume(args, io, client, out)
        agent = _agent(args, io, client)
        if out is None and (done := _pick_up(client, agent.session.id, io)):
            video, saved = done[-1].video(), "\n".join(map(str, done))
        else:
            saved = agent.export(args.quality, out)
            video = _video(agent)
        if args.json:
            io.result({"session_id": agent.session.id, "video": video})
        else:
            io.ok(saved)
    return 0


def _pick_up(client: Client, session_id: str, io: IO) -> list[ExportResult]:
    """A render of this session left running (Ctrl-C, a crash) is finished, not started again; a
    parked one (rendered, not saved) is left to `export --resume`."""
    c = client.aio
    if not any(j.get("session_id") == session_id for j in c.state_file.jobs(c.backend.key)):
        return []
    with io.progress("Finishing") as bar:
        return client.resume_exports(on_status=lambda s, pct: bar(pct, 100), session_id=session_id, parked=False)


def _resume(args: argparse.Namespace, io: IO, client: Client, out: Path | None) -> int:
    """Finish what earlier runs left: every unfinished export (of --session, if given), or the one
    unfinished export saved to -o. One that cannot be saved is reported and kept for another try."""
    from reelsmith.agent.core import resumed_text

    failed: list[tuple[dict[str, Any], SkillError]] = []
    with io.progress("Finishing") as bar:
        done = client.resume_exports(
            on_status=lambda status, pct: bar(pct, 100), out=out, session_id=args.session, failed=failed
        )
    if args.json:
        io.result(
            {
                "resumed": [{"session_id": r.session_id, "video": r.video()} for r in done],
                "not_saved": [
                    {"session_id": job.get("session_id"), "path": job.get("out"), **classify(e).to_json()}
                    for job, e in failed
                ],
            }
        )
    else:
        if done or not failed:
            io.say(resumed_text(done))
        for _, e in failed:
            io.error(str(e))
    return max((classify(e).exit for _, e in failed), default=0)


def cmd_credits(args: argparse.Namespace, io: IO) -> int:
    with _client(args, io) as client:
        c = client.credits()
        if args.json:
            io.result(
                {"available": c.available, "frozen": c.frozen, "total": c.total, "unlimited": c.available is None}
            )
        else:
            from reelsmith.agent.core import credits_text

            io.say(credits_text(c))
    return 0


def cmd_mcp(args: argparse.Namespace, io: IO) -> int:
    from reelsmith import local
    from reelsmith.agent.mcp_server import serve

    serve(lambda: local.connect(args.backend), args.skill)
    return 0


def cmd_skills(args: argparse.Namespace, io: IO) -> int:
    from reelsmith.skill import variants

    found = variants.shipped()
    current = variants.load(args.skill).name if args.skill else variants.load().name
    rows = [
        {
            "name": v.name,
            "version": v.version,
            "max_size_mb": v.max_mb,
            "language": v.language,
            "accepted": list(v.accepted),
            "description": " ".join(v.description.split()),
            "active": v.name == current,
        }
        for v in found.values()
    ]
    if args.json:
        io.result({"skills": rows})
    else:
        for r in rows:
            io.say(
                f"{'*' if r['active'] else ' '} {r['name']} {r['version']}: {r['description']} "
                f"(files up to {r['max_size_mb']} MB)"
            )
    return 0
