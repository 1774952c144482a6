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


def test_the_reference_validator_accepts_the_skill(tmp_path: Path) -> None:
    """`agentskills validate` (package skills-ref) on a copy in a folder named after the skill, as a
    host installs it."""
    import shutil
    import subprocess
    import sys

    folder = tmp_path / "reelsmith"
    folder.mkdir()
    shutil.copy(ROOT / "SKILL.md", folder / "SKILL.md")
    cli = Path(sys.executable).with_name("agentskills")
    done = subprocess.run([str(cli), "validate", str(folder)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Valid skill" in done.stdout, done.stdout + done.stderr
    wrong = tmp_path / "video-maker"  # the folder must carry the skill's name: the validator says so
    shutil.copytree(folder, wrong)
    assert subprocess.run([str(cli), "validate", str(wrong)], capture_output=True, timeout=60).returncode != 0


def test_setup_installs_into_the_skills_own_folder() -> None:
    """Never `pip install` into the user's project or the system Python (PEP 668), and say which
    binary to call; every later command carries the session back."""
    _, body = frontmatter(ROOT / "SKILL.md")
    setup = re.search(r"## Setup.*?```bash\n(.*?)```", body, re.S)
    assert setup, "SKILL.md has a Setup section with its commands"
    lines = setup[1]
    assert '-m venv "$SKILL_DIR/.venv"' in lines and '"$SKILL_DIR/.venv/bin/pip" install "$SKILL_DIR"' in lines
    assert "pip install -e ." not in body and "$SKILL_DIR/.venv/bin/reelsmith" in body
    says = [ln for ln in re.findall(r"^reelsmith (?:say|state|export) .*$", body, re.M)]
    assert says and all("--session ID" in ln for ln in says if "--resume" not in ln)


def test_cursor_rule_points_to_skill_md() -> None:
    meta, body = frontmatter(ROOT / ".cursor" / "rules" / "reelsmith.mdc")
    assert meta["alwaysApply"] is False and "video" in meta["description"]
    assert "SKILL.md" in body
