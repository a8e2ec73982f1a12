"""Every `Example:` line of `regiontool … --help` runs on the bundled examples/ data (review r7 #3)."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
import typer.core
import typer.main

from regiontool.cli import app

EXAMPLES = Path(__file__).parent.parent / "examples"

# Examples that cannot run here, each with the reason (the test says which it left out).
SKIP = {
    "db migrate": "needs a PostgreSQL server at the URL the example names",
    "db copy": "needs a PostgreSQL server at the URL the example names",
}
# Run before the rest, in this order: the examples the others build on (the README's order).
FIRST = ("import", "budget", "target set", "plan", "backup")


def _help_examples() -> list[tuple[str, list[str]]]:
    """(command path, argv) of each command of every `Example:` line in the help texts; an
    example of two commands joined by && gives both."""
    out = []

    def walk(command, path: tuple[str, ...]) -> None:
        for line in (command.help or "").splitlines():
            _, found, example = line.strip().partition("Example:")
            if not found:
                continue
            for part in example.split("&&"):
                argv = shlex.split(part)
                assert argv[0] == "regiontool", line
                out.append((" ".join(path), argv[1:]))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    return out


def _order(item: tuple[str, list[str]]) -> int:
    words = " ".join(item[1])
    return next((i for i, first in enumerate(FIRST) if words.startswith(first)), len(FIRST))


def test_every_help_text_has_an_example():
    commands = {path for path, _argv in _help_examples()}
    assert {"", "explain", "set", "history", "link", "track", "score", "db migrate"} <= commands


@pytest.mark.sqlite_only
def test_every_help_example_runs_on_the_example_data(cli, tmp_path, monkeypatch):
    shutil.copytree(EXAMPLES, tmp_path / "examples", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.chdir(tmp_path)  # the examples name examples/… and write their files here
    for path in ("contacts.xlsx", "orders.xlsx payments.xlsx"):  # the README's import lines
        result = cli("import", *(f"examples/{name}" for name in path.split()))
        assert result.exit_code == 0, result.output
    ran = 0
    for command, argv in sorted(_help_examples(), key=_order):
        if _skipped(argv):
            continue  # test_examples_left_out says so, with the reason
        result = cli(*argv)
        assert result.exit_code == 0, (command or "regiontool", argv, result.output)
        ran += 1
    assert ran == len(_help_examples()) - len(SKIP)


def _skipped(argv: list[str]) -> str | None:
    return next((why for name, why in SKIP.items() if " ".join(argv).startswith(name)), None)


@pytest.mark.parametrize("name", sorted(SKIP))
def test_examples_left_out(name):
    examples = [
        argv for _command, argv in _help_examples() if _skipped(argv) and " ".join(argv).startswith(name)
    ]
    assert len(examples) == 1  # each left-out example exists, and is left out only for its reason
    pytest.skip(f"regiontool {shlex.join(examples[0])}: {SKIP[name]}")


def test_no_option_shows_a_placeholder_as_its_default():
    """An option whose 0 means "unset" (this year …) says what it means, never `[default: 0]`
    (review r25 #4: pnl and budget --year)."""
    shown = []

    def walk(command, path: tuple[str, ...]) -> None:
        for param in getattr(command, "params", []):
            if (
                isinstance(param, typer.core.TyperOption)
                and param.show_default is not False
                and not param.is_flag
                and type(param.default) is int
                and param.default == 0
            ):
                shown.append((" ".join(path), param.name))
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            walk(sub, (*path, name))

    walk(typer.main.get_command(app), ())
    assert shown == []
