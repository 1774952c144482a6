"""Skill variants: the shipped files, their frontmatter, and platform detection."""

from pathlib import Path

import pytest

from reelsmith.skill.variants import detect_platform, load, parse, shipped


def test_shipped_variants() -> None:
    v = shipped()
    assert set(v) == {"ai-video-maker-ai", "photo-video-maker-easy"}
    ai, photo = v["ai-video-maker-ai"], v["photo-video-maker-easy"]
    assert (ai.max_mb, photo.max_mb) == (500, 200)
    assert {"mp4", "jpg", "mp3"} <= set(ai.accepted) and photo.preferred == ("jpg", "png", "heic", "webp")
    assert all(x.examples and x.description and x.version for x in (ai, photo))
    assert ai.headers()["X-Skill-Source"] == "ai-video-maker-ai"


@pytest.mark.parametrize(
    "path,env,want",
    [
        ("/home/u/.clawhub/skills/x/SKILL.md", None, "clawhub"),
        ("/home/u/proj/.cursor/skills/x/SKILL.md", None, "cursor"),
        ("/opt/x/SKILL.md", None, "unknown"),
        ("/home/u/.cursor/skills/x/SKILL.md", "claude-code", "claude-code"),
    ],
)
def test_platform_detection(path: str, env: str | None, want: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if env:
        monkeypatch.setenv("SKILL_SOURCE", env)
    assert detect_platform(path) == want


def test_a_skill_file_by_path_and_bad_ones(tmp_path: Path) -> None:
    f = tmp_path / ".cursor" / "skills" / "mine" / "SKILL.md"
    f.parent.mkdir(parents=True)
    f.write_text("---\nname: mine\nversion: 2.1.0\ndescription: x\nmax_size_mb: 10\naccepted: [jpg]\n---\nbody\n")
    v = load(str(f))
    assert (v.name, v.version, v.max_bytes, v.platform()) == ("mine", "2.1.0", 10 * 1024 * 1024, "cursor")
    with pytest.raises(ValueError, match="frontmatter lacks version"):
        parse("---\nname: a\ndescription: x\nmax_size_mb: 1\naccepted: [jpg]\n---\n", "a.md")
    with pytest.raises(ValueError, match="no such skill"):
        load("nope")
