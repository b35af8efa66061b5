"""The Qt binding itself must survive a working day of ordinary calls."""

from __future__ import annotations

import subprocess
import sys


def test_many_void_qt_calls_do_not_abort_the_process():
    # PySide6 6.12.0 under Python 3.11 lost a reference to None per void call and aborted
    # after a few thousand; a practitioner would meet that mid-form. Run it where a crash
    # cannot take the test runner down with it.
    code = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([]); label = QLabel()\n"
        "for _ in range(50_000): label.setText('x')\n"
        "print('survived')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "survived" in proc.stdout, proc.stderr[-2000:]
