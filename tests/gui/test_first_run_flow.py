"""A practitioner's first session, driven through the real widgets from start to finish."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.gui.create_vault import CreateVaultDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.paths import recent_vaults
from tests.gui.conftest import PASSPHRASE, WORKER_TIMEOUT_MS, click, type_into


def _labels(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel) if label.isVisibleTo(widget)]


def test_create_record_lock_unlock(qtbot, tmp_path: Path) -> None:
    path = tmp_path / "riverside.vault"

    # 1. Create the vault through the first-run dialog (real Argon2id cost).
    create = CreateVaultDialog(path)
    qtbot.addWidget(create)
    create.show()
    type_into(qtbot, create.name, "Aoife Brennan-Kaur")
    type_into(qtbot, create.role, "Designated Safeguarding Lead")
    type_into(qtbot, create.organisation, "Riverside Academy")
    type_into(qtbot, create.passphrase, PASSPHRASE)
    assert not create.create_button.isEnabled()  # not yet confirmed
    type_into(qtbot, create.confirm, PASSPHRASE)
    with qtbot.waitSignal(create.vault_ready, timeout=WORKER_TIMEOUT_MS) as ready:
        click(qtbot, create.create_button)
    vault = ready.args[0]
    assert vault.is_open and path.exists()

    window = MainWindow(vault)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "safeguard-desktop — riverside.vault"
    assert window.signed_in.text() == "Signed in: Aoife Brennan-Kaur, Designated Safeguarding Lead"
    assert path.resolve() in [p.resolve() for p in recent_vaults()]

    # 2. Add a child, then both parents with parental responsibility.
    window.new_child_action.trigger()
    child_form = window.active_dialog
    type_into(qtbot, child_form.given_names, "Siobhán")
    type_into(qtbot, child_form.family_name, "O'Connor-Price")
    type_into(qtbot, child_form.date_of_birth, "14/03/2016")
    type_into(qtbot, child_form.nhs_number, "943 476 5919")
    type_into(qtbot, child_form.address.postcode, "ox1 1aa")
    type_into(qtbot, child_form.address.town, "Oxford")
    click(qtbot, child_form.save_button)
    assert child_form.result() == child_form.DialogCode.Accepted, child_form.error.text()
    model = window.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Siobhán O'Connor-Price"
    assert model.index(0, 1).data() == "14/03/2016"
    assert model.index(0, 2).data() == "943 476 5919"
    assert window.current_child is not None

    for given, family, kind in (("Mairead", "O'Connor", "Mother"), ("Dev", "Price", "Father")):
        window.add_person_action.trigger()
        person = window.active_dialog
        type_into(qtbot, person.given_names, given)
        type_into(qtbot, person.family_name, family)
        person.relationship.setCurrentText(kind)
        if not person.parental_responsibility.isChecked():
            click(qtbot, person.parental_responsibility)
        click(qtbot, person.lives_in_home)
        click(qtbot, person.save_button)
        assert person.result() == person.DialogCode.Accepted, person.error.text()

    rows = [row[:4] for row in window.record_view.people_rows()]
    assert rows == [
        ["Mairead O'Connor", "Mother", "Yes", "Yes"],
        ["Dev Price", "Father", "Yes", "Yes"],
    ]

    # 3. Log a concern through the form.
    window.log_concern_action.trigger()
    form = window.active_dialog
    type_into(qtbot, form.happened.date, "02/02/2024")
    click(qtbot, form.children.role_box(window.current_child.record_id, ChildRole.VICTIM))
    type_into(qtbot, form.categories.filter, "negl")
    form.categories.set_checked(ConcernCategory.NEGLECT)
    assert form.categories.chosen.text() == "Chosen: Neglect"
    type_into(qtbot, form.account, "Arrived without a coat in the snow; said there was no breakfast.")
    type_into(qtbot, form.child_words, "mum said theres no food till friday")
    type_into(qtbot, form.action_taken, "Breakfast club place offered.")
    click(qtbot, form.informed.add_button)
    party, name, when_date, when_time, _ = form.informed.rows[0]
    party.setCurrentText("Parent or carer")
    type_into(qtbot, name, "Mairead O'Connor")
    type_into(qtbot, when_date, "02/02/2024")
    type_into(qtbot, when_time, "15:30")
    click(qtbot, form.save_button)
    assert form.result() == form.DialogCode.Accepted, form.error.text()
    assert "mum said theres no food till friday" in _labels(window.record_view)

    # 4. Lock with Ctrl+L: the record is gone from every widget.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.vault is None and not vault.is_open
    assert model.rowCount() == 0
    assert not any("O'Connor" in text for text in _labels(window))
    unlock = window.unlock_dialog
    assert unlock is not None and unlock.isVisible()
    assert unlock.file_label.text() == "riverside.vault"

    # 5. A wrong passphrase gets an inline message; the right one unlocks.
    type_into(qtbot, unlock.passphrase, "not my passphrase at all")
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: unlock.message.text() != "", timeout=WORKER_TIMEOUT_MS)
    assert "passphrase" in unlock.message.text().lower()
    assert unlock.isVisible() and window.vault is None
    unlock.passphrase.clear()
    type_into(qtbot, unlock.passphrase, PASSPHRASE)
    click(qtbot, unlock.unlock_button)
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WORKER_TIMEOUT_MS)

    # 6. The same window is filled again and the concern is still there.
    assert model.rowCount() == 1
    window.table.selectRow(0)
    texts = _labels(window.record_view)
    assert "Siobhán O'Connor-Price" in texts
    assert "02/02/2024 — Neglect" in texts
    assert "Arrived without a coat in the snow; said there was no breakfast." in texts
    assert "mum said theres no food till friday" in texts
    assert any(t.startswith("Parent or carer — Mairead O'Connor — 02/02/2024 15:30") for t in texts)
    window.close()
