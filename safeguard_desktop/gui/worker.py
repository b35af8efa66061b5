"""Run slow core work (Argon2id key derivation) off the GUI thread.

A background thread never touches a widget: it only runs the callable and emits the result
or the exception; Qt queues the signal to the receiver's thread, the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from safeguard_desktop.errors import SafeguardError

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    """Carries a task's outcome back to the GUI thread."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], object], signals: TaskSignals) -> None:
        super().__init__()
        self._fn = fn
        self._signals = signals

    def run(self) -> None:  # runs on a pool thread
        try:
            result = self._fn()
        except Exception as exc:  # every failure goes back as a value, never a crash
            self._signals.failed.emit(exc)
        else:
            self._signals.succeeded.emit(result)


def run_in_background(
    fn: Callable[[], object],
    on_success: Callable[[object], None],
    on_failure: Callable[[BaseException], None],
    owner: QObject,
) -> TaskSignals:
    """Run `fn` on the global thread pool; call back on the GUI thread.

    The signals object is parented to `owner` so it lives as long as the dialog that
    waits for it, and the callbacks are not called once that dialog is gone.
    """
    signals = TaskSignals(owner)
    signals.succeeded.connect(on_success)
    signals.failed.connect(on_failure)
    QThreadPool.globalInstance().start(_Task(fn, signals))
    return signals


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
