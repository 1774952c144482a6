"""SKILL.md is a valid Agent Skill, and every command it shows is one the CLI accepts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from reelsmith.cli import build_parser

ROOT = Path(__file__).parent.parent


def frontmatter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8")
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    assert m, f"{path.name} must open with YAML frontmatter"
    return yaml.safe_load(m[1]), m[2]


def test_skill_md_follows_the_agent_skills_rules() -> None:
    meta, body = frontmatter(ROOT / "SKILL.md")
    name = meta["name"]
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", name) and len(name) <= 64 and name == "reelsmith"
    desc = meta["description"]
    assert 0 < len(desc) <= 1024 and "Use when" in desc
    for trigger in ("slideshow", "promo", "Reels", "MP4", "视频"):
        assert trigger in desc
    assert len(meta.get("compatibility", "")) <= 500
    assert len((ROOT / "SKILL.md").read_text().splitlines()) < 500
    assert not re.search(r"<[a-zA-Z/][^>]*>", body), "no XML tags in a skill body"


def test_every_command_in_skill_md_parses() -> None:
    _, body = frontmatter(ROOT / "SKILL.md")
    commands = [
        ln.strip()
        for block in re.findall(r"```bash\n(.*?)```", body, re.S)
        for ln in block.splitlines()
        if ln.strip().startswith("reelsmith ")
    ]
    assert len(commands) >= 10
    parser = build_parser()
    for cmd in commands:
        argv = shlex.split(cmd.split("  #")[0])[1:]
        parser.parse_args(argv)  # exits (fails the test) on an unknown command or option


def test_cursor_rule_points_to_skill_md() -> None:
    meta, body = frontmatter(ROOT / ".cursor" / "rules" / "reelsmith.mdc")
    assert meta["alwaysApply"] is False and "video" in meta["description"]
    assert "SKILL.md" in body
