"""Jinja2 prompt templates shipped with the package."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2


@cache
def _env() -> jinja2.Environment:
    # StrictUndefined: a template that names a value we forgot to pass fails in tests, not in a prompt
    return jinja2.Environment(
        loader=jinja2.PackageLoader("reelsmith", "prompts"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **values: Any) -> str:
    return _env().get_template(template).render(**values)
