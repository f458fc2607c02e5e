"""The README documents every setting and every command (a test fails when one is missing)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from callscreen.cli import cli
from callscreen.config import DEFAULTS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "callscreen") -> list[str]:
    paths = []
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        paths.append(path)
        if isinstance(command, click.Group):
            paths += command_paths(command, path)
    return paths


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_setting_is_documented(key):
    assert f"CALLSCREEN_{key}" in README


@pytest.mark.parametrize("path", command_paths(cli))
def test_every_command_is_documented(path):
    assert f"`{path}" in README


def test_readme_gives_the_two_quick_start_commands():
    assert "bash scripts/run.sh" in README and "bash scripts/test.sh" in README
