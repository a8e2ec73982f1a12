"""How the `regiontool` process ends (cli.main leaves with os._exit, skipping the teardown of
its heap): output whole, exit codes kept, exit handlers run, other threads finished first."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import write_xlsx


def _run(code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


MAIN = "import sys\nfrom regiontool.cli import main\nsys.argv = ['regiontool', *sys.argv[1:]]\nmain()\n"


def test_output_is_whole_and_the_exit_code_kept(tmp_path):
    path = write_xlsx(tmp_path / "contacts.xlsx")
    done = _run(MAIN, "import", str(path), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["companies"] > 0
    assert (tmp_path / "regiontool.db").exists()

    missing = _run(MAIN, "import", "missing.xlsx", cwd=tmp_path)
    assert missing.returncode == 1 and "找不到文件 missing.xlsx" in missing.stderr
    assert "Traceback" not in missing.stderr
    usage = _run(MAIN, "pivot", "--by", "nonsense", cwd=tmp_path)
    assert usage.returncode == 2 and "Traceback" not in usage.stderr


def test_exit_handlers_and_other_threads_finish_first(tmp_path):
    code = (
        "import atexit, threading, time\n"
        "atexit.register(lambda: print('handler ran'))\n"
        "threading.Thread(target=lambda: (time.sleep(2), print('thread done', flush=True))).start()\n" + MAIN
    )
    done = _run(code, "--help", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout.rstrip().endswith("thread done\nhandler ran")


def test_a_message_as_exit_code_is_printed(tmp_path):
    code = (
        "import sys\nfrom regiontool import cli\n"
        "def boom():\n    raise SystemExit('stopped: reason')\n"
        "cli.app = boom\ncli.main()\n"
    )
    done = _run(code, cwd=tmp_path)
    assert done.returncode == 1 and done.stderr.strip() == "stopped: reason"


def test_a_ctrl_c_before_the_command_runs_is_the_one_interrupted_line(tmp_path):
    code = (
        "import typer.main\n"
        "def building(*args, **kwargs):\n    raise KeyboardInterrupt  # while typer builds the command\n"
        "typer.main.get_command = building\n" + MAIN
    )
    zh = _run(code, "status", cwd=tmp_path)
    assert (zh.returncode, zh.stdout, zh.stderr) == (130, "", "已中断，未写入任何内容\n")
    en = _run(code, "status", "--lang", "en", cwd=tmp_path)
    assert (en.returncode, en.stdout, en.stderr) == (130, "", "interrupted; nothing was written\n")
    assert list(tmp_path.iterdir()) == []


def test_a_ctrl_c_while_the_cli_is_imported_is_the_one_interrupted_line(tmp_path):
    # The console script's entry (regiontool.launch:main) imports the CLI inside the guard:
    # an interrupt while typer loads is the one line, exit 130, in the command line's --lang.
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def loading(name, *args, **kwargs):\n"
        "    if name == 'typer':\n        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = loading\n"
        "sys.argv = ['regiontool', *sys.argv[1:]]\n"
        "from regiontool.launch import main\nmain()\n"
    )
    zh = _run(code, "status", cwd=tmp_path)
    assert (zh.returncode, zh.stdout, zh.stderr) == (130, "", "已中断，未写入任何内容\n")
    en = _run(code, "--lang", "en", "status", cwd=tmp_path)
    assert (en.returncode, en.stderr) == (130, "interrupted; nothing was written\n")
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
    assert 'regiontool = "regiontool.launch:main"' in pyproject  # the console script goes through it


def test_a_ctrl_c_while_the_command_line_is_parsed_is_the_one_interrupted_line(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from regiontool import cli

    def parsing(*args, **kwargs):
        raise KeyboardInterrupt  # typer makes it a silent exit 130

    monkeypatch.setattr(cli._OneLineErrors, "resolve_command", parsing)
    result = CliRunner().invoke(cli.app, ["status", "--lang", "en", "--db", str(tmp_path / "w.db")])
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "interrupted; nothing was written\n")


def test_a_ctrl_c_while_the_early_read_is_started_is_the_one_interrupted_line(tmp_path, contacts_xlsx):
    # `regiontool import FILE` starts reading FILE before the CLI loads (launch.read_early), inside
    # the same guard: review r86 F1 (a traceback and no message, when it ran before the guard).
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def loading(name, *args, **kwargs):\n"
        "    if name == 'isal':\n        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = loading\n"
        "sys.argv = ['regiontool', *sys.argv[1:]]\n"
        "from regiontool.launch import main\nmain()\n"
    )
    result = _run(code, "import", str(contacts_xlsx), "--db", str(tmp_path / "w.db"), cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "已中断，未写入任何内容\n")
    assert not (tmp_path / "w.db").exists()


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path):
    """regiontool plan | head -1 (review r91 F2): the table's writer meets a closed pipe; the command
    ends as a finished one (exit 0, nothing on stderr), as -f csv and list do — rich would exit 1."""
    examples = Path(__file__).resolve().parent.parent / "examples"
    done = _run(MAIN, "import", str(examples / "contacts.xlsx"), str(examples / "orders.xlsx"), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for args in (["plan", "--as-of", "2026-11-20"], ["plan", "--as-of", "2026-11-20", "-f", "csv"]):
        proc = _piped(tmp_path, *args)
        assert proc.stdout.readline()
        proc.stdout.close()  # more than a pipe's buffer is still to come
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 0, (args, err)
        assert "Traceback" not in err and "Broken pipe" not in err
    for args in (["--help"], ["pivot", "--help"]):  # typer's own rich console prints the help
        proc = _piped(tmp_path, *args)
        proc.stdout.close()  # closed before the help is written (it fits in a pipe's buffer)
        assert proc.wait(timeout=120) == 0, (args, proc.stderr.read().decode())


def _piped(cwd: Path, *args: str) -> subprocess.Popen:
    """The CLI with its stdout and stderr to pipes this test reads (or closes)."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
