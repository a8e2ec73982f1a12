"""The command line: options → one library call → rendering. No logic a test would need.

The commands live in cli/data.py, cli/analyse.py and cli/edit.py; this module holds the
app, the shared options and the error mapping.

Heavy modules (pandas, calamine, the writers) are imported inside the commands so
that `regiontool --help` starts in a fraction of a second.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gc
import logging
import os
import re
import signal
import sys
import threading
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from ..errors import RegiontoolError, Terminated, UsageError
from ..launch import args_lang as _args_lang

# psycopg logs what it ignores while a lost connection is torn down ("error ignored terminating
# <psycopg.Pipeline [BAD] at 0x…>"), which logging's last-resort handler printed above the command's
# own one error line (the server gone, nothing written): a CLI says an error once.
logging.getLogger("psycopg").addHandler(logging.NullHandler())
logging.getLogger("psycopg").propagate = False

# click's base error, whether typer ships click or uses the installed one.
_ClickException = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")


class _OneLineErrors(TyperGroup):
    """A bad option value, an unknown option or a missing argument as one line on stderr with
    exit 2, like the library's own usage errors, instead of click's usage text in a box."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        _stopped_said.clear()
        typed = sys.argv[1:] if args is None else list(args)  # its --lang, read when click refuses it
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except _ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `regiontool`: the help, as before
                exc.show()
                sys.exit(exc.exit_code)
            command = getattr(getattr(exc, "ctx", None), "command_path", None) or "regiontool"
            if " " not in command:  # click's parser names no command (an option without its value)
                command = _typed_command(self, typed, command)
            from ..vocab import OPTION_ERRORS_ZH

            lang = _args_lang(typed)
            if lang == "en":
                text = f"{exc.format_message()} — see '{command} --help'"
            else:
                text = _option_error_zh(exc) + OPTION_ERRORS_ZH["see_help"].format(command=command)
            _print_error(text, lang)
            sys.exit(exc.exit_code)
        except typer.Abort:
            _print_stopped("aborted", _args_lang(typed))
            sys.exit(1)
        if code == 130 and not _stopped_said:  # typer's silent exit for a Ctrl-C while click parses
            _print_stopped("interrupted", _args_lang(typed))
        if code == 130 and _terminated:  # that Ctrl-C was a SIGTERM
            code = Terminated.exit_code
        sys.exit(code if isinstance(code, int) else 0)


def _typed_command(group, typed: list[str], prog: str) -> str:
    """The command path the words typed name (regiontool db copy), for its own --help."""
    path = [prog]
    for word in typed:
        sub = getattr(group, "commands", {}).get(word)
        if sub is None:
            break
        path.append(word)
        group = sub
    return " ".join(path)


def _option_error_zh(exc) -> str:
    """click's refusal of a command line in Chinese: what was wrong, with the names as typed;
    why a value is invalid in Chinese for the common kinds (see _bad_value_zh), else as click
    words it."""
    from ..vocab import OPTION_ERRORS_ZH as zh

    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    try:
        hint = param.get_error_hint() if param is not None else None
    except TypeError:  # an older click asks for the context
        hint = param.get_error_hint(exc.ctx)
    if kind == "NoSuchOption":
        line = zh["no_such_option"].format(name=exc.option_name)
        if exc.possibilities:
            line += zh["similar"].format(names="、".join(sorted(exc.possibilities)))
        return line
    if kind == "MissingParameter" and hint:
        key = "missing_option" if str(hint).startswith("'-") else "missing_argument"
        return zh[key].format(name=hint)
    if kind == "BadParameter" and hint:
        return zh["bad_value"].format(name=hint, why=_bad_value_zh(exc))
    if kind == "BadOptionUsage" and "requires an argument" in exc.message:
        return zh["needs_value"].format(name=exc.option_name)
    if kind == "BadOptionUsage" and "does not take a value" in exc.message:
        return zh["takes_no_value"].format(name=exc.option_name)
    message = exc.format_message()
    command = re.fullmatch(r"No such command (['\"])(.+)\1\.(?: Did you mean (.+)\?)?", message)
    if command:  # typer adds the close commands: Did you mean 'pivot', 'plan'?
        line = zh["no_such_command"].format(name=command.group(2))
        if command.group(3):
            names = re.findall(r"'([^']+)'", command.group(3))
            line += zh["similar"].format(names="、".join(names))
        return line
    extra = re.fullmatch(r"Got unexpected extra arguments? ?(?:\(s\))? \((.*)\)", message)
    if extra:
        return zh["extra_arguments"].format(args=extra.group(1))
    if message == "Missing command.":
        return zh["missing_command"]
    return message


def _bad_value_zh(exc) -> str:
    """Why a typed value was refused, in Chinese when the value wanted is an integer, a number,
    a date or one of a few choices (read from pydantic's error behind typer's); else click's words."""
    from ..vocab import VALUE_ERRORS_ZH as zh

    errors = getattr(exc.__cause__, "errors", None)
    if not callable(errors):
        return exc.message
    first = (errors() or [{}])[0]
    kind, typed, ctx = first.get("type", ""), first.get("input"), first.get("ctx") or {}
    if kind.startswith("int_"):
        return zh["integer"].format(value=typed)
    if kind.startswith(("float_", "decimal_")) or kind == "finite_number":
        return zh["number"].format(value=typed)
    if kind.startswith(("date_", "datetime_")):
        return zh["date"].format(value=typed)
    choices = re.search(r" is not one of (.+)\.$", str(first.get("msg", "")))  # typer's Enum, Literal
    expected = ctx.get("expected") if kind in ("enum", "literal_error") else choices and choices.group(1)
    if expected:  # 'a', 'b' or 'c' → 'a'、'b'、'c'
        return zh["choice"].format(value=typed, expected=re.sub(r", | or ", "、", expected))
    return exc.message


app = typer.Typer(
    name="regiontool",
    cls=_OneLineErrors,
    help=(
        "Turn a regional sales manager's customer contact sheet (客户联系表) and orders into a clean "
        "resource table, pivots, territory and customer-value analyses, work plans and one report.\n\n"
        "Example:  regiontool import examples/contacts.xlsx examples/orders.xlsx && regiontool report"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="REGIONTOOL_DB",
        help="Workspace: a file (default ./regiontool.db) or a shared postgresql://user@host/db.",
        show_default=False,
    ),
]
ManagerOption = Annotated[
    str | None,
    typer.Option(
        "--manager",
        envvar="REGIONTOOL_MANAGER",
        help="Only this manager's (区域经理) customers; on a shared workspace, yours.",
        show_default=False,
    ),
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all", envvar="REGIONTOOL_ALL", help="Every manager's customers (needed on a shared workspace)."
    ),
]
LangOption = Annotated[
    str, typer.Option("--lang", envvar="REGIONTOOL_LANG", help="Labels: zh (default) or en.")
]


def _format_value(text: str) -> str:
    """-f JSON is -f json, as --out X.JSON is a JSON file."""
    return text.strip().lower() if isinstance(text, str) else text


FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="table, csv or json (to stdout).", callback=_format_value)
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write to FILE instead: .xlsx, .csv or .json by its extension."),
]


def open_workspace(db: str | None, manager: str | None = None, everyone: bool = False):
    """The workspace a reading command works on, narrowed to --manager unless --all."""
    from ..store import Workspace

    if manager and everyone:  # one from the environment, one typed: the typed one wins
        env_all = os.environ.get("REGIONTOOL_ALL", "").strip().lower() in ("1", "true", "yes", "on")
        env_manager = os.environ.get("REGIONTOOL_MANAGER") == manager
        if env_all and not env_manager:
            everyone = False
        elif env_manager and not env_all:
            manager = None
    ws = Workspace.open(db)
    try:
        return ws.for_manager(manager, everyone)
    except BaseException:
        ws.close()
        raise


def line_console(stderr: bool = False, **options):
    """A console for lines of text (notes, warnings, summaries): on a terminal they wrap at its
    width; written to a file, a pipe or a test runner each stays one line, not hard-wrapped at
    80 columns, so a logged note or a command it suggests is grepped and copied whole."""
    from ..render import terminal_console

    console = terminal_console(stderr=stderr, highlight=False, **options)
    console.soft_wrap = not console.is_terminal
    return console


def _err_console():
    return line_console(stderr=True)


def _progress():
    """A progress bar on stderr (silent when stderr is not a terminal)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = _err_console()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,  # else rich still ends it with an empty line on stderr
    )


def _check_format_and_out(fmt: object, out: object) -> None:
    """-f csv --out x.json asks for two formats: refused (exit 2) rather than one silently ignored."""
    suffix = out.suffix.lower().lstrip(".") if isinstance(out, Path) else ""
    if fmt in ("csv", "json") and suffix in ("xlsx", "csv", "json") and suffix != fmt:
        raise UsageError(
            f"-f {fmt} and --out {out.name} ask for two formats",
            f"the file's extension sets its format: leave out -f, or write --out {out.stem}.{fmt}",
            zh=f"-f {fmt} 与 --out {out.name} 是两种格式：文件的格式由扩展名决定，"
            f"请去掉 -f，或写 --out {out.stem}.{fmt}",
        )


def handle_errors(func):
    """Map library errors to one line on stderr and an exit code (1 bad data, 2 bad usage)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        commits, upgrades, backups = _commits(), len(_store_log("upgrades")), len(_store_log("backups"))
        try:
            _check_format_and_out(kwargs.get("fmt"), kwargs.get("out"))
            return func(*args, **kwargs)
        except RegiontoolError as exc:
            lang = _error_lang(kwargs.get("lang"))
            _print_error(exc.text(lang), lang)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt as exc:  # after a COMMIT (an import's last milliseconds) it says so
            how = "interrupted_saved" if _commits() > commits else "interrupted"
            upgraded, copied = _store_log("upgrades")[upgrades:], _store_log("backups")[backups:]
            fields = {}
            if how == "interrupted" and upgraded:
                (path, backup), how = upgraded[-1], "interrupted_upgraded"
                fields = {"path": path, "backup": backup}
                if backup is None:  # a server workspace: no copy is made
                    how = "interrupted_upgraded_server"
            elif how == "interrupted" and copied:  # stopped while migrating: rolled back
                how, fields = "interrupted_backup", {"backup": copied[-1]}
            _print_stopped(how, _error_lang(kwargs.get("lang")), **fields)
            raise typer.Exit(_stop_code(exc)) from None
        except BrokenPipeError:  # the reader stopped reading (regiontool rfm | head -1): as list does
            from ..render import quiet_stdout

            quiet_stdout()
            raise typer.Exit(0) from None
        except Exception as exc:
            if damaged := _damaged_workspace(exc, kwargs):
                lang = _error_lang(kwargs.get("lang"))
                _print_error(damaged.text(lang), lang)
                raise typer.Exit(damaged.exit_code) from None
            if not _lost_server(exc):
                raise
            lang = _error_lang(kwargs.get("lang"))
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            _print_error(
                f"the database server stopped answering ({first}); nothing was changed"
                " — check the server and retry"
                if lang == "en"
                else f"数据库服务器没有响应（{first}），没有做任何更改；请检查服务器后重试",
                lang,
            )
            raise typer.Exit(1) from None

    return wrapper


def _stop_code(exc: KeyboardInterrupt) -> int:
    """130 for Ctrl-C, 143 for SIGTERM (errors.Terminated)."""
    return getattr(exc, "exit_code", 130)


def _terminate(signum, frame) -> NoReturn:
    """SIGTERM stops a command as Ctrl-C does: scratch files removed, helper processes ended, the
    transaction rolled back, one line."""
    _terminated.append(signum)
    raise Terminated


_terminated: list[int] = []  # a SIGTERM came (typer turns any KeyboardInterrupt into 130)


def _print_error(text: str, lang: str) -> None:
    """The one line of a failed command on stderr, after its prefix (错误： / error:)."""
    from rich.markup import escape  # a header or file name like "[/]" is text, not markup

    from ..vocab import ERROR_PREFIX

    _err_console().print(
        f"[bold red]{escape(ERROR_PREFIX[lang])}[/]{escape(text)}", markup=True, soft_wrap=True
    )


def _print_stopped(how: str, lang: str, **fields) -> None:
    """The line of a command stopped by the user (aborted, interrupted) before it wrote anything."""
    from ..vocab import STOPPED_LINES

    zh, en = STOPPED_LINES[how]
    _err_console().print((en if lang == "en" else zh).format(**fields), markup=False)
    _stopped_said.append(how)


_stopped_said: list[str] = []  # the stop lines this run printed: the one line is printed once


def _error_lang(lang: object) -> str:
    """The language of the command's error line: its --lang, Chinese when it has none (or a bad one)."""
    lang = lang.strip().lower() if isinstance(lang, str) else lang
    return lang if lang in ("zh", "en") else "zh"


def _commits() -> int:
    """The write transactions this process committed so far (none before the store is loaded)."""
    store = sys.modules.get("regiontool.store")
    return store.Workspace.commits if store is not None else 0


def _store_log(name: str) -> list:
    """What this process did to workspaces on opening them so far: store.Workspace.upgrades (the
    workspaces brought to the current schema, with their copies) or .backups (the copies made
    before a migration); empty before the store is loaded."""
    store = sys.modules.get("regiontool.store")
    return getattr(store.Workspace, name) if store is not None else []


def _damaged_workspace(exc: BaseException, kwargs: dict) -> RegiontoolError | None:
    """check's line (damaged: restore a backup) for a bad page in the workspace file met by any
    command at any point, not only when it is opened: a SQLite error of the command's workspace
    (--db; db copy's --from)."""
    if "sqlite3" not in sys.modules:
        return None
    from ..store.common import default_target
    from ..store.db import damaged_by

    path = kwargs["db"] if "db" in kwargs else kwargs.get("source")
    return damaged_by(exc, path or default_target())


def _lost_server(exc: BaseException) -> bool:
    """A PostgreSQL connection that broke mid-command (the transaction is rolled back by the
    server): a one-line message, not a traceback. Only when psycopg was loaded at all."""
    psycopg = sys.modules.get("psycopg")
    return psycopg is not None and isinstance(exc, psycopg.OperationalError)


def _check_lang(lang: str) -> str:
    """zh or en, in any case (EN is en); a bad one is named as given: --lang or REGIONTOOL_LANG."""
    if lang.strip().lower() in ("zh", "en"):
        return lang.strip().lower()
    name = "REGIONTOOL_LANG" if _from_environment("lang") else "--lang"
    raise UsageError(
        f"unknown {name} '{lang}'", "use zh or en", zh=f"不认识的 {name} “{lang}”，请用 zh 或 en"
    )


def _check_table(table: str | None, names) -> None:
    """A --table that names one of the command's tables (`names`), else a usage error listing them."""
    if table is not None and table not in names:
        raise UsageError(
            f"--table '{table}'",
            "use " + ", ".join(names),
            zh=f"--table '{table}' 无效：请用 {', '.join(names)}",
        )


def _from_environment(param: str) -> bool:
    """Whether the running command's parameter came from its environment variable (not typed)."""
    import importlib

    click_globals = importlib.import_module(_ClickException.__module__.rpartition(".")[0] + ".globals")
    ctx = click_globals.get_current_context(silent=True)
    source = ctx.get_parameter_source(param) if ctx is not None else None
    return getattr(source, "name", "") == "ENVIRONMENT"


def _parse_map(items: list[str]) -> dict[str, str]:
    mapping = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise UsageError(
                f"--map '{item}' is not HEADER=FIELD",
                "for example --map 单位=company",
                zh=f"--map “{item}”不是“表头=字段”的写法，例如 --map 单位=company",
            )
        mapping[header.strip()] = field.strip()
    return mapping


def parse_day(text: str | None, option: str):
    """A date option (--as-of, --since …) in any form import accepts (2026-03-05, 2026/3/5, 2026年3月5日),
    within the years the tool handles (a slip like 2207 is refused, exit 2)."""
    if text is None:
        return None
    from ..analysis.targets import check_day
    from ..normalize import parse_date

    day = parse_date(text)
    if day is None:
        raise UsageError(
            f"{option} '{text}' is not a date",
            "write it as 2026-03-05",
            zh=f"{option} “{text}”不是日期，请写成 2026-03-05",
        )
    return check_day(day, option)


# Set by main(), whose process ends with os._exit right after the command: a command may
# leave its big data here for the exit to drop, instead of freeing it object by object.
# None when the app runs inside another program (tests): nothing is kept there.
_left_for_exit: list | None = None


def shell_word(text: str) -> str:
    """A name (file, sheet, company) as a shell word in a hint: as it is (2026年, 客户.xlsx) unless
    the shell would split or expand it."""
    import shlex

    return text if text and not _SHELL_SPECIAL.search(text) else shlex.quote(text)


_SHELL_SPECIAL = re.compile(r"[\s'\"$`\\;&|<>()*?\[\]#~!{}]")


def left_for_exit() -> list | None:
    return _left_for_exit


def main() -> None:
    global _left_for_exit
    _left_for_exit = []
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    # A short-lived process that builds millions of acyclic objects (cells, rows, keys):
    # the cyclic collector only rescans them as the heap grows. Reference counting still
    # frees everything; only cycles wait for the process to end.
    gc.disable()
    signal.signal(signal.SIGTERM, _terminate)
    if len(sys.argv) < 2 or "--help" in sys.argv[1:]:
        from ..render import finish_help_on_broken_pipe

        finish_help_on_broken_pipe()
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt as exc:  # Ctrl-C before a command runs (typer building it): the same one line
        _print_stopped("interrupted", _args_lang(sys.argv[1:]))
        code = _stop_code(exc)
    _leave(code)


def _leave(code: int | str | None) -> NoReturn:
    """End the process without freeing its heap object by object: after importing a big
    file that teardown (caches, the last file's records) takes a tenth of a second or more,
    and the kernel takes the pages back at once. What an ordinary exit would still do is
    done first: other threads finished, exit handlers run (a scratch file is removed),
    output flushed."""
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write(f"{code}\n")
        code = 1
    for thread in threading.enumerate():
        if thread is not threading.main_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (regiontool … | head)
            stream.flush()
    os._exit(code)


# Register the commands (their modules import `app` from here).
_NEGATIVE_NUMBER = re.compile(r"-\d.*")


class NegativeArgsCommand(TyperCommand):
    """A command whose arguments may be negative amounts: `target set 2026 -100` passes -100 as
    the AMOUNT (which the command refuses saying why) where click would look for an option -1."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:
        if "--" not in args:
            takes_value = {
                name
                for p in self.params
                if p.param_type_name == "option" and not getattr(p, "is_flag", False)
                for name in p.opts
            }
            negative = [
                n
                for n, a in enumerate(args)
                if _NEGATIVE_NUMBER.fullmatch(a) and (not n or args[n - 1] not in takes_value)
            ]
            if negative:  # after `--`, in their order: the arguments before them keep theirs
                args = (
                    [a for n, a in enumerate(args) if n not in negative]
                    + ["--"]
                    + [args[n] for n in negative]
                )
        return super().parse_args(ctx, args)


from . import data  # noqa: E402, F401, I001  (registration order is the order in --help)
from . import analyse  # noqa: E402, F401, I001
from . import edit  # noqa: E402, F401, I001
from . import plan  # noqa: E402, F401, I001
from . import value  # noqa: E402, F401, I001
from . import report  # noqa: E402, F401, I001
from . import workspace  # noqa: E402, F401, I001
from . import money  # noqa: E402, F401, I001
from . import sales  # noqa: E402, F401, I001

if __name__ == "__main__":
    main()
