"""Run slow core work (key derivation, backups, key rotation) off the GUI thread.

A background thread never touches a widget: it only runs the callable and emits the result
or the exception; Qt queues the signal to the receiver's thread, the GUI thread.

Every task started here is tracked, so locking can ask them to stop (`cancel_all`: a task
that takes a cancel flag checks it between steps) and wait for them before the vault is
closed (`wait_for_all`, bounded). A cancelled task reports nothing: its callbacks would act
on a vault that is gone.
"""

from __future__ import annotations

import inspect
import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from safeguard_desktop.errors import SafeguardError

log = logging.getLogger(__name__)
WAIT_STEP_MS = 50

_active: set[_Task] = set()
_lock = threading.Lock()


class TaskSignals(QObject):
    """Carries a task's outcome back to the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], signals: TaskSignals, cancel: threading.Event) -> None:
        super().__init__()
        self.setAutoDelete(False)  # tracked in _active until it ends
        self._fn = fn
        self._signals = signals
        self.cancel = cancel
        self.cancellable = True
        self.done = threading.Event()

    def run(self) -> None:  # runs on a pool thread
        try:
            result = self._fn()
        except Exception as exc:  # every failure goes back as a value, never a crash
            if not self.cancel.is_set():
                self._signals.failed.emit(exc)
        else:
            if not self.cancel.is_set():
                self._signals.succeeded.emit(result)
            elif callable(getattr(result, "close", None)):
                # Nobody will receive it: release what it holds (an opened vault's lock).
                result.close()
        finally:
            with _lock:
                _active.discard(self)
            self.done.set()


def run_in_background(
    fn: Callable[[], object] | Callable[[threading.Event], object],
    on_success: Callable[[object], None],
    on_failure: Callable[[BaseException], None],
    owner: QObject,
    *,
    cancellable: bool = True,
) -> TaskSignals:
    """Run `fn` on the global thread pool; call back on the GUI thread.

    `fn` may take one argument, a `threading.Event` set when the task should stop early
    (on lock); long work checks it between steps. A task that is not `cancellable` (one
    that changes the key file) always reports, so its outcome is never lost. The signals
    object is parented to
    `owner` so it lives as long as the dialog that waits for it, and the callbacks are not
    called once that dialog is gone.
    """
    signals = TaskSignals(owner)
    signals.succeeded.connect(on_success)
    signals.failed.connect(on_failure)
    cancel = threading.Event()
    takes_flag = bool(inspect.signature(fn).parameters)
    work = (lambda: fn(cancel)) if takes_flag else fn  # type: ignore[call-arg]
    task = _Task(work, signals, cancel)  # type: ignore[arg-type]
    task.cancellable = cancellable
    with _lock:
        _active.add(task)
    QThreadPool.globalInstance().start(task)
    return signals


def active_count() -> int:
    """How many tracked tasks have not finished."""
    with _lock:
        return len(_active)


def cancel_all() -> None:
    """Ask every running task to stop; none of them will call back."""
    with _lock:
        for task in _active:
            if task.cancellable:
                task.cancel.set()


def wait_for_all(timeout_ms: int = 30_000) -> bool:
    """Wait (bounded) for every tracked task to end; say whether they all did."""
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        with _lock:
            pending = list(_active)
        if not pending:
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            log.warning("%d background task(s) still running at lock", len(pending))
            return False
        pending[0].done.wait(min(remaining, WAIT_STEP_MS / 1000))


def error_text(exc: BaseException) -> str:
    """The sentence to show for an error: the core's own words, never a traceback."""
    if isinstance(exc, SafeguardError):
        return exc.message
    import pydantic  # only on this path: the first window must not wait for pydantic

    if isinstance(exc, pydantic.ValidationError):
        from safeguard_desktop.domain.errors import first_error_message

        return first_error_message(exc)
    # The type only: an exception's text or traceback can carry a child's name, and stderr
    # may end up in a file (a desktop session log).
    log.error("Unexpected error: %s", type(exc).__name__)
    return "Something unexpected went wrong; nothing was changed. Please try again."
