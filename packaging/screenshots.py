"""Screenshots of the main screens at 100%, 125% and 150% display scaling, on a 1366×768 screen.

    python packaging/screenshots.py [OUT_DIR]    (default: build/screenshots)

Each scale runs in its own process (Qt reads QT_SCALE_FACTOR once, at start) on Qt's offscreen
platform, configured as one 1366×768 screen: at 150% that leaves 911×512 logical pixels, the
squeeze a small laptop really gives. Every window is drawn onto a picture of that screen where
Qt placed it, with its title in a bar above, so a window that runs off the screen shows cut off.

Everything shown comes from a demo vault made in a temporary folder: made-up people only.
Look at each PNG: text cut off, widgets overlapping, a window bigger than the screen.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SCALES = ("1", "1.25", "1.5")
SCREEN = (1366, 768)
SHOTS = ("welcome", "main", "record", "guide", "help", "screening", "referral")


def _screen_config(folder: Path) -> Path:
    config = folder / "screen.json"
    width, height = SCREEN
    config.write_text(
        '{"synchronousWindowSystemEvents": true, "windowFrameMargins": false, "screens": [{"name": "laptop", '
        f'"x": 0, "y": 0, "width": {width}, "height": {height}, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}}]}}',
        encoding="utf-8",
    )
    return config


def main(argv: list[str]) -> int:
    """Make the demo vault once, then shoot every screen at every scale; print the files."""
    out = Path(argv[1] if len(argv) > 1 else "build/screenshots").resolve()
    out.mkdir(parents=True, exist_ok=True)
    from safeguard_desktop.demo import build_demo_vault
    from safeguard_desktop.vault.keys import KdfParams

    with tempfile.TemporaryDirectory(prefix="screens-") as tmp:
        folder = Path(tmp)
        vault = folder / "demo.vault"
        # A cheap key derivation: this vault lives for a minute and holds made-up records.
        build_demo_vault(vault, kdf=KdfParams(time_cost=1, memory_kib=8192, parallelism=1))
        config = _screen_config(folder)
        for scale in SCALES:
            env = {
                **os.environ,
                "QT_SCALE_FACTOR": scale,
                "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
                "SAFEGUARD_DATA_DIR": str(folder / "data"),
                "XDG_CONFIG_HOME": str(folder / "config"),  # no settings of the user's touched
            }
            done = subprocess.run(  # noqa: S603  # nosec B603 - this script, run again by this Python
                [sys.executable, __file__, "--shoot", str(vault), str(out), scale], env=env, check=False
            )
            if done.returncode != 0:
                return done.returncode
    return 0


def shoot(vault_path: Path, out: Path, scale: str) -> None:
    """In this process (already scaled): open each screen, draw it on the screen picture, save it."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from safeguard_desktop.demo import DEMO_PASSPHRASE
    from safeguard_desktop.gui.app import application
    from safeguard_desktop.gui.first_run import FirstRunDialog
    from safeguard_desktop.gui.guide_window import open_guide
    from safeguard_desktop.gui.main_window import MainWindow
    from safeguard_desktop.gui.referral_pages_start import resume_record
    from safeguard_desktop.gui.screening_form import ScreeningForm
    from safeguard_desktop.screening import progress
    from safeguard_desktop.screening.packs import current_pack
    from safeguard_desktop.vault.session import Vault

    app = application()
    vault = Vault.open(vault_path, DEMO_PASSPHRASE)
    ratio = float(scale)
    bar = round(24 * ratio)

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def save(name: str, windows: list[QWidget]) -> None:
        settle()
        width, height = SCREEN
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(QColor("#3a3f44"))
        painter = QPainter(image)
        for shown in windows:
            top_left = QPoint(round(shown.x() * ratio), round(shown.y() * ratio))
            pixmap = shown.grab()
            pixmap.setDevicePixelRatio(1.0)  # drawn pixel for pixel, as the screen would show it
            # The window manager would put a title bar above: drawn here so DEMO can be checked.
            title = QRect(top_left.x(), top_left.y(), pixmap.width(), bar)
            painter.fillRect(title, QColor("#20252a"))
            painter.setPen(QColor("white"))
            painter.drawText(title.adjusted(8, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter, shown.windowTitle())
            painter.drawPixmap(top_left + QPoint(0, bar), pixmap)
        painter.end()
        path = out / f"{name}-{round(ratio * 100)}.png"
        image.save(str(path))
        logical = [f"{type(w).__name__} {w.width()}x{w.height()} at {w.x()},{w.y()}" for w in windows]
        print(f"{path}: {'; '.join(logical)}", flush=True)

    welcome = FirstRunDialog(vault_path.with_name("records.vault"))
    welcome.show()
    save("welcome", [welcome])
    welcome.close()
    window = MainWindow(vault)  # after the welcome: from here every window says DEMO
    window.show()
    save("main", [window])
    referral = next(iter(vault.referrals.list(limit=10)))
    child_id = next(iter(referral.data.linked_child_ids()))
    window.table.selectRow(window.model.row_of(child_id) or 0)
    save("record", [window])

    guide = open_guide(window)
    assert guide is not None
    save("guide", [window, guide])
    guide.close()
    help_window = window.help_menu.open_guide()
    help_window.show_title("Logging a concern")
    save("help", [window, help_window])
    help_window.close()

    pack = current_pack(vault)
    form = ScreeningForm(vault, progress.start(child_id, pack), pack, window)
    form.show()
    form.move_section(1)
    save("screening", [window, form])
    form.reject()

    wizard = resume_record(window, referral.record_id)
    assert wizard is not None
    save("referral", [window, wizard])
    wizard.reject()
    window.close()
    QApplication.processEvents()


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--shoot":
        shoot(Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4])
        sys.exit(0)
    sys.exit(main(sys.argv))
