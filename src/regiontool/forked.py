"""One call run in a forked child process while this one goes on: the second core at work.

`Forked(fn)` forks (on Linux, with two or more usable CPUs) and runs `fn()` in the child,
which inherits this process's memory, so nothing is copied to start it; the child sends
fn's result back pickled through a pipe and exits without running any clean-up of the
parent's objects (open workspaces, files). `result()` reads it. Where no fork is possible,
or the child fails for any reason (an error, killed, out of memory), `fn` runs here on
`result()` instead: the answer is the same either way, so `fn` must not depend on what
this process does in between.

The result goes through the pipe behind its length: once that many bytes are in, it is
whole, and the child's exit (unmapping a large inherited heap takes a while) is waited for
on a thread instead of here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
import threading
import warnings
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
_BOUNDS = struct.Struct("<qq")  # SharedRange: the first item not taken from the front, and from the back


def can_fork() -> bool:
    """Whether a second process can run beside this one: Linux (fork is safe there and cheap)
    and at least two CPUs this process may use."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    return usable_cpus() >= 2


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity where the system tells it)."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover  (not Linux)
        return os.cpu_count() or 1


# The signals that stop a command: Ctrl-C, and SIGTERM (kill, timeout), which the CLI makes the
# same KeyboardInterrupt (errors.Terminated).
_STOPS = (signal.SIGINT, signal.SIGTERM)


def _hold_interrupts() -> tuple | None:
    """Hold Ctrl-C (and SIGTERM) back while this process forks (see _release_interrupts). Python
    runs its at-fork hooks (logging's among them) around os.fork and drops what they raise
    ("Exception ignored in …"): a KeyboardInterrupt raised in one would be lost and the command go
    on. So the signals are blocked in this thread (the kernel keeps them pending), and their Python
    handlers only note one another thread (a progress bar's) took meanwhile. None outside the main
    thread, which alone runs Python's signal handlers."""
    if threading.current_thread() is not threading.main_thread():
        return None
    handlers, noted = {sig: signal.getsignal(sig) for sig in _STOPS}, []
    for sig, handler in handlers.items():
        if callable(handler):
            signal.signal(sig, lambda signum, frame: noted.append((signum, frame)))
    return signal.pthread_sigmask(signal.SIG_BLOCK, set(_STOPS)), handlers, noted


def _release_interrupts(held: tuple | None, *, child: bool = False) -> None:
    """Undo _hold_interrupts: in the parent a signal that came meanwhile is delivered now, as
    the KeyboardInterrupt it would have been; the child starts with a clean slate."""
    if held is None:
        return
    mask, handlers, noted = held
    for sig, handler in handlers.items():
        if callable(handler):
            signal.signal(sig, handler)
    signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a pending signal is handled here
    if noted and not child:
        signum, frame = noted[0]
        handlers[signum](signum, frame)


@contextlib.contextmanager
def interrupts_held():
    """Ctrl-C held back while the block runs and delivered as it ends: a step and the record of
    it happen together (a COMMIT and the count of it, store.Workspace.commits)."""
    held = _hold_interrupts()
    try:
        yield
    finally:
        _release_interrupts(held)


class Forked(Generic[T]):
    """fn() computed in a child process from now on; `result()` waits for it."""

    def __init__(self, fn: Callable[[], T], *, fork: bool = True):
        self._fn = fn
        self._pid: int | None = None
        self._fd: int | None = None
        if fork and can_fork():
            self._start()

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def _start(self) -> None:
        held = _hold_interrupts()
        try:
            self._fork(held)
        finally:
            try:
                _release_interrupts(held)  # a Ctrl-C held back is raised here …
            except BaseException:
                self.cancel()  # … and the child is not wanted
                raise

    def _fork(self, held: tuple | None) -> None:
        read_end, write_end = os.pipe()
        _widen(write_end)
        try:
            with warnings.catch_warnings():  # 3.12+ warns when threads (a progress bar) exist
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # no memory or process slot for a child: work here instead
            os.close(read_end)
            os.close(write_end)
            return
        if pid == 0:  # the child: compute, send, leave without any clean-up
            code = 1
            try:
                _release_interrupts(held, child=True)  # Ctrl-C stops the child as before
                os.close(read_end)
                data = pickle.dumps(self._fn(), protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(len(data).to_bytes(8, "little") + data)
                while view:
                    view = view[os.write(write_end, view) :]
                os.close(write_end)
                code = 0
            except BaseException:  # noqa: S110  (the parent computes it again and sees the error)
                pass
            finally:
                os._exit(code)
        os.close(write_end)
        self._pid, self._fd = pid, read_end

    def result(self) -> T:
        if self._pid is None:
            return self._fn()
        data = self._collect()
        return self._fn() if data is None else pickle.loads(data)

    def _collect(self) -> bytes | None:
        """The child's whole result, or None when it failed (sent less than it announced)."""
        chunks: list[bytes] = []
        size, got = None, 0
        pid, fd = self._pid, self._fd
        self._pid = self._fd = None
        try:
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
                got += len(chunk)
                if size is None and got >= 8:
                    head = b"".join(chunks)
                    size, chunks, got = int.from_bytes(head[:8], "little"), [head[8:]], got - 8
                if size is not None and got >= size:
                    break
        finally:
            os.close(fd)  # a child still writing gets a broken pipe and leaves
        if size is not None and got == size:
            threading.Thread(target=os.waitpid, args=(pid, 0), daemon=True).start()  # reap it
            return b"".join(chunks)
        os.waitpid(pid, 0)
        return None

    def cancel(self) -> None:
        """Stop the child (its result is not wanted: this process failed meanwhile)."""
        if self._pid is None:
            return
        os.close(self._fd)
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid, signal.SIGKILL)
        os.waitpid(self._pid, 0)
        self._pid = self._fd = None


def _widen(fd: int) -> None:
    """A pipe of 1 MB instead of 64 KB where the system allows it: a 16 MB result crosses in 16
    reads, not 250, each a switch between the two processes."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):  # not Linux, or over the system's pipe-max-size
        pass


class SharedRange:
    """Items 0 … n-1 shared out between this process and the children it forks, a chunk at a
    time: a child takes them from the front, this process from the back, so the side that ends
    its other work first does more of them, whatever the machine or the file. The two bounds
    live in a memory file both processes see (memfd), read and moved under a POSIX record lock,
    which is per process and which the kernel lets go if its holder dies. Where there is no
    memfd the bounds are this process's alone (nothing is forked there)."""

    def __init__(self, n: int, chunk: int):
        self.n, self.chunk = n, max(chunk, 1)
        self._local: list[int] | None = None
        self._fd: int | None = None
        try:
            self._fd = os.memfd_create("regiontool-share", os.MFD_CLOEXEC)
            os.pwrite(self._fd, _BOUNDS.pack(0, n), 0)
        except (AttributeError, OSError):  # not Linux, or no memory file: one process only
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
            self._local = [0, n]

    def take(self, *, front: bool) -> range | None:
        """The next chunk from the front or the back; None once all are taken."""
        if self._fd is None:
            return self._taken(self._local, front)
        import fcntl

        fcntl.lockf(self._fd, fcntl.LOCK_EX)
        try:
            bounds = list(_BOUNDS.unpack(os.pread(self._fd, _BOUNDS.size, 0)))
            taken = self._taken(bounds, front)
            if taken is not None:
                os.pwrite(self._fd, _BOUNDS.pack(*bounds), 0)
            return taken
        finally:
            fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def _taken(self, bounds: list[int], front: bool) -> range | None:
        low, high = bounds
        if low >= high:
            return None
        if front:
            taken = range(low, min(low + self.chunk, high))
            bounds[0] = taken.stop
        else:
            taken = range(max(high - self.chunk, low), high)
            bounds[1] = taken.start
        return taken

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def missing(n: int, done: list[range]) -> list[range]:
    """The parts of 0 … n-1 that no range of `done` covers (a child that died after taking
    a chunk leaves one)."""
    gaps, at = [], 0
    for r in sorted(done, key=lambda r: r.start):
        if r.start > at:
            gaps.append(range(at, r.start))
        at = max(at, r.stop)
    if at < n:
        gaps.append(range(at, n))
    return gaps
