"""A demo vault is marked DEMO in every title bar, and the first run offers it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from safeguard_desktop.demo import DEMO_PASSPHRASE, build_demo_vault
from safeguard_desktop.gui import first_run
from safeguard_desktop.gui.demo_marking import demo_title
from safeguard_desktop.gui.first_run import FirstRunDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import FAST_KDF, WORKER_TIMEOUT_MS, click


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.vault"
    build_demo_vault(path, children=25, kdf=FAST_KDF)
    return path


def _windows() -> list[QWidget]:
    """Every visible window (not menus or tooltips)."""
    kinds = (Qt.WindowType.Window, Qt.WindowType.Dialog)
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowType() in kinds]


def _titled_windows() -> dict[str, str]:
    return {f"{type(w).__name__}: {w.windowTitle()}": w.windowTitle() for w in _windows()}


def test_first_run_passphrase_is_the_demo_one() -> None:
    assert first_run.DEMO_PASSPHRASE == DEMO_PASSPHRASE


def test_demo_title_marks_once() -> None:
    assert demo_title("Chronology — AB") == "DEMO — Chronology — AB"
    assert demo_title("DEMO — Chronology") == "DEMO — Chronology"


def test_first_run_explains_then_opens_a_new_demo_vault(qtbot, tmp_path: Path) -> None:
    demo = tmp_path / "data" / "demo.vault"
    dialog = FirstRunDialog(tmp_path / "records.vault", demo_path=demo, demo_kdf=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    text = dialog.welcome.text()
    assert "children" in text and "families" in text and "encrypted" in text
    assert "Nothing leaves it unless you export it" in text
    assert "recovery key" in text and "cannot be recovered" in text
    assert DEMO_PASSPHRASE in dialog.demo_note.text()  # told on screen, to unlock it again later
    assert dialog.create_button.text() == "&Create a vault…"
    with qtbot.waitSignal(dialog.vault_ready, timeout=60_000) as ready:
        click(qtbot, dialog.demo_button)
        assert dialog.progress.isVisible() and not dialog.create_button.isEnabled()
    vault = ready.args[0]
    try:
        assert isinstance(vault, Vault) and vault.is_demo and vault.path == demo
        assert vault.children.count() > 0
        assert dialog.result() == dialog.DialogCode.Accepted
    finally:
        vault.close()


def test_first_run_opens_an_existing_demo_vault_and_creates_a_real_one(qtbot, tmp_path: Path, demo_file) -> None:
    dialog = FirstRunDialog(tmp_path / "records.vault", demo_path=demo_file)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.vault_ready, timeout=WORKER_TIMEOUT_MS) as ready:
        click(qtbot, dialog.demo_button)
    ready.args[0].close()

    again = FirstRunDialog(tmp_path / "records.vault", demo_path=demo_file)
    qtbot.addWidget(again)
    again.show()
    create = again.open_create()
    assert create.isVisible() and create.path == tmp_path / "records.vault"
    create.reject()
    assert again.isVisible()  # back to the choice


def test_every_window_from_a_demo_vault_says_demo(qtbot, demo_file) -> None:
    vault = Vault.open(demo_file, DEMO_PASSPHRASE)
    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("DEMO — ")

    # A child with a screening and a referral, so those windows have something to show.
    screened = {s.data.child_id for s in vault.screenings.list(limit=500)}
    referred = [r for r in vault.referrals.list(limit=50)]
    assert screened and referred
    child_id = next(iter(referred[0].data.linked_child_ids()))
    row = window.model.row_of(child_id)
    assert row is not None
    window.table.selectRow(row)
    assert window.current_child is not None

    opened = [
        window.chronology.open_chronology,
        window.chronology.open_search,
        window.chronology.open_due,
        window.guide_action.trigger,
        window.editions_action.trigger,
        window.screening_packs_action.trigger,
        window.signing_action.trigger,
        window.help_menu.open_guide,
    ]
    for open_one in opened:
        open_one()
    settings = window.vault_actions.open_settings()
    for shown in (settings,):
        shown.show()
    referrals = window.open_referrals()
    assert referrals is not None
    portal = referrals.open_portal(referred[0].record_id)
    assert portal is not None
    screenings = window.open_screenings()
    assert screenings is not None
    qtbot.wait(50)

    titles = _titled_windows()
    assert len(titles) >= 10, titles
    unmarked = [key for key, title in titles.items() if not title.startswith("DEMO — ")]
    assert not unmarked, unmarked

    # The decision form and the referral wizard are forms over the main window: marked too.
    for widget in _windows():
        if widget is not window:
            widget.close()
    decision = window.consider_level_of_need()
    assert decision is not None and decision.windowTitle().startswith("DEMO — "), decision.windowTitle()
    decision.reject()
    wizard = window.refer_or_consult()
    assert wizard is not None
    qtbot.wait(50)
    unmarked = [key for key, title in _titled_windows().items() if not title.startswith("DEMO — ")]
    assert not unmarked, unmarked

    # Locked: no DEMO, and windows opened later (a real vault) are not marked.
    window.lock(ask=False)
    assert "DEMO" not in window.windowTitle()
    plain = QWidget()
    qtbot.addWidget(plain)
    plain.setWindowTitle("Not a demo")
    plain.show()
    assert plain.windowTitle() == "Not a demo"


def test_demo_exports_say_demo(demo_file, tmp_path: Path) -> None:
    from safeguard_desktop.chronology.export import DEMO_CSV_NOTE, chronology_csv
    from safeguard_desktop.chronology.export_pdf import chronology_pdf

    vault = Vault.open(demo_file, DEMO_PASSPHRASE)
    try:
        child = vault.children.list(limit=1)[0]
        csv_file = chronology_csv(vault, child.record_id)
        first = csv_file.content.decode("utf-8-sig").splitlines()[0]
        assert first.strip('"') == DEMO_CSV_NOTE  # a spreadsheet has no watermark: its first row says so
        assert csv_file.file_name.startswith("DEMO-chronology-")
        assert chronology_pdf(vault, child.record_id).file_name.startswith("DEMO-chronology-")
    finally:
        vault.close()


def test_real_exports_are_not_marked(vault) -> None:
    from safeguard_desktop.chronology.export import chronology_csv
    from tests.gui.conftest import add_child_core

    child = add_child_core(vault, "Wren", "Falconbridge")
    csv_file = chronology_csv(vault, child.record_id)
    assert not vault.is_demo
    assert "DEMO" not in csv_file.content.decode("utf-8-sig") and not csv_file.file_name.startswith("DEMO")
