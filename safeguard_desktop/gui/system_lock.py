"""Lock the vault when the computer's session locks or the computer goes to sleep.

One signal, `lock_requested`, whatever the source:

- Linux: logind on the system bus (`PrepareForSleep(true)` from the manager, `Lock` from
  this session) and the screen saver on the session bus (`ActiveChanged(true)` from
  org.freedesktop.ScreenSaver or org.gnome.ScreenSaver), through QtDBus.
- Windows: WM_WTSSESSION_CHANGE / WTS_SESSION_LOCK after WTSRegisterSessionNotification,
  and WM_POWERBROADCAST / PBT_APMSUSPEND, read by a native event filter.

Where none of these exist (no bus, another system) the watcher quietly does nothing; the
idle lock still applies.
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import SLOT, QAbstractNativeEventFilter, QObject, Signal, Slot
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

LOGIND = "org.freedesktop.login1"
LOGIND_PATH = "/org/freedesktop/login1"
SCREEN_SAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),  # KDE
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
)
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x4
NOTIFY_FOR_THIS_SESSION = 0


def escape_object_path_label(label: str) -> str:
    """logind's object-path escaping of a session id ("2" -> "_32"), as sd-bus does it."""
    out = []
    for i, ch in enumerate(label):
        if ch.isascii() and (ch.isalpha() or (ch.isdigit() and i > 0)):
            out.append(ch)
        else:
            out.append(f"_{ord(ch):02x}")
    return "".join(out) or "_"


class _WindowsFilter(QAbstractNativeEventFilter):
    def __init__(self, watcher: SystemLockWatcher) -> None:
        super().__init__()
        self._watcher = watcher

    def nativeEventFilter(self, event_type: object, message: object) -> tuple[bool, int]:
        kind = event_type.data() if hasattr(event_type, "data") else bytes(event_type)  # type: ignore[call-overload]
        if kind in (b"windows_generic_MSG", b"windows_dispatcher_MSG"):
            import ctypes.wintypes

            msg = ctypes.wintypes.MSG.from_address(int(message))  # type: ignore[call-overload]
            self._watcher.handle_windows_message(msg.message, msg.wParam or 0)
        return False, 0


class SystemLockWatcher(QObject):
    """Emits `lock_requested` when the session locks, the screen saver starts, or sleep nears."""

    lock_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sources: list[str] = []  # what is being listened to (for the log and tests)
        self._native_filter: _WindowsFilter | None = None

    def start(self, window_id: int | None = None) -> list[str]:
        """Subscribe to whatever this system offers; return what was subscribed to."""
        try:
            if sys.platform.startswith("linux"):
                self._start_dbus()
            elif sys.platform == "win32":
                self._start_windows(window_id)
        except Exception as exc:  # a desktop without these services is normal, not an error
            log.info("System lock notifications unavailable: %s", type(exc).__name__)
        return self.sources

    # -- Linux: D-Bus ---------------------------------------------------------------------

    def _start_dbus(self) -> None:
        from PySide6.QtDBus import QDBusConnection

        system = QDBusConnection.systemBus()
        if system.isConnected():
            if system.connect(
                LOGIND, LOGIND_PATH, f"{LOGIND}.Manager", "PrepareForSleep", self, SLOT("on_prepare_for_sleep(bool)")
            ):
                self.sources.append("logind sleep")
            session = self._session_path(system)
            if session and system.connect(
                LOGIND, session, f"{LOGIND}.Session", "Lock", self, SLOT("on_session_lock()")
            ):
                self.sources.append("logind session lock")
        bus = QDBusConnection.sessionBus()
        if bus.isConnected():
            for service, path, interface in SCREEN_SAVERS:
                if bus.connect(service, path, interface, "ActiveChanged", self, SLOT("on_screensaver_active(bool)")):
                    self.sources.append(f"{service} {path}")

    @staticmethod
    def _session_path(system: object) -> str | None:
        from PySide6.QtDBus import QDBusMessage

        call = QDBusMessage.createMethodCall(LOGIND, LOGIND_PATH, f"{LOGIND}.Manager", "GetSessionByPID")
        call.setArguments([os.getpid()])
        reply = system.call(call)  # type: ignore[attr-defined]
        if reply.type() == QDBusMessage.MessageType.ReplyMessage and reply.arguments():
            found = reply.arguments()[0]
            path = found.path() if hasattr(found, "path") else str(found)
            if path.startswith(LOGIND_PATH):
                return path
        session_id = os.environ.get("XDG_SESSION_ID")
        return f"{LOGIND_PATH}/session/{escape_object_path_label(session_id)}" if session_id else None

    @Slot(bool)
    def on_prepare_for_sleep(self, starting: bool) -> None:
        """logind: the computer is about to sleep (True) or has woken (False)."""
        if starting:
            self.lock_requested.emit()

    @Slot()
    def on_session_lock(self) -> None:
        """logind: this session was asked to lock."""
        self.lock_requested.emit()

    @Slot(bool)
    def on_screensaver_active(self, active: bool) -> None:
        """The screen saver (and with it the screen lock) started (True) or ended (False)."""
        if active:
            self.lock_requested.emit()

    # -- Windows --------------------------------------------------------------------------

    def _start_windows(self, window_id: int | None) -> None:
        import ctypes

        self._native_filter = _WindowsFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installNativeEventFilter(self._native_filter)
            self.sources.append("power broadcast")
        if window_id and ctypes.windll.wtsapi32.WTSRegisterSessionNotification(window_id, NOTIFY_FOR_THIS_SESSION):  # type: ignore[attr-defined]
            self.sources.append("session lock")

    def handle_windows_message(self, message: int, wparam: int) -> bool:
        """React to one Windows message; say whether it asked for a lock."""
        if (message == WM_WTSSESSION_CHANGE and wparam == WTS_SESSION_LOCK) or (
            message == WM_POWERBROADCAST and wparam == PBT_APMSUSPEND
        ):
            self.lock_requested.emit()
            return True
        return False
