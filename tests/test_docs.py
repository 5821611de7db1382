"""Docs tested against the code: README commands, CI, error codes, CLI reference."""

from __future__ import annotations

import re
from pathlib import Path

import click

from newsevents.cli.main import cli
from newsevents.errors import ErrorCode

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert block, "README must open with a bash block holding the two commands"
    return [line.split("#")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_setup_and_test_commands() -> None:
    setup, test = readme_commands()
    for command in (setup, test):
        script = command.split()[-1]
        assert (ROOT / script).is_file(), script
    assert "demo" in (ROOT / setup.split()[-1]).read_text()
    assert "pytest" in (ROOT / test.split()[-1]).read_text()


def test_ci_runs_the_readme_test_command() -> None:
    _, test = readme_commands()
    assert test in (ROOT / ".ci" / "run").read_text()


def test_every_error_code_is_documented() -> None:
    """docs/errors.md has one row per ErrorCode, in order, with the code's message as meaning."""
    doc = (ROOT / "docs" / "errors.md").read_text()
    rows = re.findall(r"^\| (E\d{3}) \| ([^|]+?) \|", doc, re.M)
    assert rows == [(c.name, c.value) for c in ErrorCode]


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, cmd in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(cmd, click.Group):
            names += _commands(cmd, full + " ")
        else:
            names.append(full)
    return names


def test_every_cli_command_is_in_the_reference() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    for name in _commands(cli):
        assert f"`newsevents {name}" in doc, name


def test_exit_codes_match_help() -> None:
    doc = (ROOT / "docs" / "cli.md").read_text()
    help_text = cli.epilog or ""
    for code in ("0", "1", "2", "3"):
        assert re.search(rf"^\| {code} \|", doc, re.M)
        assert re.search(rf"^\s*{code}\s+\w", help_text, re.M)


def test_every_event_filter_is_in_the_reference() -> None:
    from newsevents.store.filter_params import FILTER_PARAMS

    cli_doc = (ROOT / "docs" / "cli.md").read_text()
    web_doc = (ROOT / "docs" / "web.md").read_text()
    for param in FILTER_PARAMS:
        assert f"`{param.option}`" in cli_doc, param.option
        assert f"`{param.name}" in web_doc, param.name
