"""The console script's entry point: the CLI is imported inside a Ctrl-C guard, so an
interrupt while typer and the commands load (the first tenth of a second) is the one
interrupted line with exit 130, not a traceback. Kept tiny: it runs before anything else."""

from __future__ import annotations

import os
import sys


def main() -> None:
    try:
        read_early(sys.argv[1:])
        from .cli import main as run
    except KeyboardInterrupt:
        from .vocab import STOPPED_LINES

        zh, en = STOPPED_LINES["interrupted"]
        sys.stderr.write((en if args_lang(sys.argv[1:]) == "en" else zh) + "\n")
        raise SystemExit(130) from None
    run()


def args_lang(args: list[str]) -> str:
    """The --lang of a command line read before (or without) click parsing it: the last valid
    one (zh or en) written, else REGIONTOOL_LANG when it is one, else zh."""
    from .vocab import LANGS

    written = [
        args[i + 1] if arg == "--lang" else arg.partition("=")[2]
        for i, arg in enumerate(args)
        if (arg == "--lang" and i + 1 < len(args)) or arg.startswith("--lang=")
    ]
    valid = [lang.lower() for lang in written if lang.lower() in LANGS]
    if valid:
        return valid[-1]
    env = os.environ.get("REGIONTOOL_LANG", "").strip().lower()
    return env if env in LANGS else "zh"


# Options of `import` that change how its files are read: an early read would read them otherwise.
_READ_OPTIONS = ("--encoding", "--delimiter", "--max-size")


def read_early(args: list[str]) -> None:
    """`regiontool import FILE …`: the first argument naming a spreadsheet or CSV file that
    exists is read on a thread from now on, while typer and the commands load (0.15 s); the
    import takes that read when its first file is that one (io.read.pending_book), else it is
    dropped. Nothing is read early where an option changes how files are read, or for --help."""
    if len(args) < 2 or args[0] != "import":
        return
    if any(arg in ("--help", "-h") or arg.startswith(_READ_OPTIONS) for arg in args):
        return
    from .io import read

    for arg in args[1:]:
        if (
            arg.lower().endswith(read.SUPPORTED_EXTENSIONS)
            and not arg.startswith("-")
            and os.path.isfile(arg)
        ):
            read.read_early(arg)
            return
