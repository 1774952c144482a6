"""Skill variants: the skills the runtime can speak as, each a Markdown file with YAML
frontmatter (name, version, limits, accepted types, example requests)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

DEFAULT = "ai-video-maker-ai"


@dataclass(frozen=True)
class Variant:
    name: str
    version: str
    description: str
    max_bytes: int
    accepted: tuple[str, ...]
    preferred: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    language: str = "en"
    body: str = ""
    path: str = field(default="", compare=False)

    @property
    def max_mb(self) -> int:
        return self.max_bytes // (1024 * 1024)

    def platform(self) -> str:
        return detect_platform(self.path)

    def headers(self) -> dict[str, str]:
        """The three attribution headers every request carries."""
        return {"X-Skill-Source": self.name, "X-Skill-Version": self.version, "X-Skill-Platform": self.platform()}


def detect_platform(skill_path: str) -> str:
    """env SKILL_SOURCE, else where the skill file is installed, else unknown."""
    env = os.environ.get("SKILL_SOURCE", "").strip()
    if env:
        return env
    p = skill_path.replace("\\", "/")
    if "/.clawhub/" in p:
        return "clawhub"
    if "/.cursor/skills/" in p:
        return "cursor"
    return "unknown"


def parse(text: str, path: str = "") -> Variant:
    if not text.startswith("---"):
        raise ValueError(f"{path or 'skill file'}: no YAML frontmatter; start the file with a --- block")
    _, front, body = text.split("---", 2)
    meta = yaml.safe_load(front) or {}
    missing = [k for k in ("name", "version", "description", "max_size_mb", "accepted") if k not in meta]
    if missing:
        raise ValueError(f"{path or 'skill file'}: frontmatter lacks {', '.join(missing)}")
    return Variant(
        name=str(meta["name"]),
        version=str(meta["version"]),
        description=" ".join(str(meta["description"]).split()),
        max_bytes=int(meta["max_size_mb"]) * 1024 * 1024,
        accepted=tuple(str(x).lower() for x in meta["accepted"]),
        preferred=tuple(str(x).lower() for x in meta.get("preferred", ())),
        examples=tuple(str(x) for x in meta.get("examples", ())),
        language=str(meta.get("language", "en")),
        body=body.strip(),
        path=path,
    )


def shipped() -> dict[str, Variant]:
    out = {}
    for entry in resources.files(__package__).joinpath("variants").iterdir():
        if entry.name.endswith(".md"):
            v = parse(entry.read_text(encoding="utf-8"), str(entry))
            out[v.name] = v
    return out


def load(name_or_path: str | None = None) -> Variant:
    """A shipped variant by name, or a skill file by path."""
    name_or_path = name_or_path or os.environ.get("REELSMITH_SKILL") or DEFAULT
    p = Path(name_or_path).expanduser()
    if p.suffix == ".md" and p.is_file():
        return parse(p.read_text(encoding="utf-8"), str(p.resolve()))
    found = shipped()
    if name_or_path not in found:
        raise ValueError(
            f"{name_or_path}: no such skill; use one of {', '.join(sorted(found))} or a path to a .md file"
        )
    return found[name_or_path]
