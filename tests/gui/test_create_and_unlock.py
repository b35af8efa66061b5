"""The first-run and unlock dialogs: what a person sees before any record is shown."""

from __future__ import annotations

from pathlib import Path

from safeguard_desktop.gui.app import first_dialog
from safeguard_desktop.gui.create_vault import NO_RECOVERY, CreateVaultDialog
from safeguard_desktop.gui.first_run import FirstRunDialog
from safeguard_desktop.gui.unlock import UnlockDialog
from safeguard_desktop.paths import remember_vault
from safeguard_desktop.vault.keys import generate_recovery_pair
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import FAST_KDF, PASSPHRASE, WORKER_TIMEOUT_MS, click, type_into


def _fill_person(qtbot, dialog: CreateVaultDialog) -> None:
    type_into(qtbot, dialog.name, "Aoife Brennan-Kaur")
    type_into(qtbot, dialog.role, "Health visitor")
    type_into(qtbot, dialog.organisation, "Oxford Health NHS Foundation Trust")


def test_weak_passphrase_keeps_create_disabled_with_the_reason(qtbot, tmp_path: Path) -> None:
    dialog = CreateVaultDialog(tmp_path / "new.vault")
    qtbot.addWidget(dialog)
    dialog.show()
    _fill_person(qtbot, dialog)
    type_into(qtbot, dialog.passphrase, "password1")
    type_into(qtbot, dialog.confirm, "password1")
    assert not dialog.create_button.isEnabled()
    assert "shorter than 12 characters" in dialog.reasons.text()
    assert "passwords that people guess first" in dialog.reasons.text()
    # Refused even when Enter is pressed: the button being grey is not the only guard.
    dialog._create()
    assert not (tmp_path / "new.vault").exists()


def test_passphrase_naming_the_practitioner_is_refused(qtbot, tmp_path: Path) -> None:
    dialog = CreateVaultDialog(tmp_path / "new.vault")
    qtbot.addWidget(dialog)
    _fill_person(qtbot, dialog)
    type_into(qtbot, dialog.passphrase, "brennan rules the oxford ward")
    assert "contains your name or organisation" in dialog.reasons.text()
    assert not dialog.create_button.isEnabled()


def test_mismatched_passphrases_are_named(qtbot, tmp_path: Path) -> None:
    dialog = CreateVaultDialog(tmp_path / "new.vault")
    qtbot.addWidget(dialog)
    _fill_person(qtbot, dialog)
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    type_into(qtbot, dialog.confirm, PASSPHRASE + "x")
    assert dialog.reasons.text() == "The two passphrases do not match."
    assert not dialog.create_button.isEnabled()
    dialog.confirm.backspace()
    assert dialog.reasons.text() == ""
    assert dialog.create_button.isEnabled()


def _write_certificate(path: Path) -> None:
    cert, _ = generate_recovery_pair("Riverside Academy recovery", days=30, key_size=2048)
    path.write_bytes(cert.pem)


def test_recovery_certificate_note(qtbot, tmp_path: Path) -> None:
    dialog = CreateVaultDialog(tmp_path / "new.vault")
    qtbot.addWidget(dialog)
    assert dialog.recovery_note.text() == NO_RECOVERY

    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    dialog.set_recovery_certificate(junk)
    assert "not a PEM X.509 certificate" in dialog.recovery_error.text()
    assert dialog.recovery_note.text() == NO_RECOVERY

    good = tmp_path / "recovery.pem"
    _write_certificate(good)
    dialog.set_recovery_certificate(good)
    assert dialog.recovery_error.text() == ""
    assert dialog.recovery_note.text().startswith("Recovery certificate: recovery.pem\nFingerprint: ")
    click(qtbot, dialog.clear_recovery)
    assert dialog.recovery_note.text() == NO_RECOVERY


def test_first_dialog_depends_on_whether_a_vault_exists(qtbot, tmp_path: Path, vault: Vault) -> None:
    fresh = first_dialog(tmp_path / "none-yet.vault")
    existing = first_dialog(vault.path)
    qtbot.addWidget(fresh)
    qtbot.addWidget(existing)
    assert isinstance(fresh, FirstRunDialog)  # the welcome first, then Create a vault
    assert isinstance(fresh.open_create(), CreateVaultDialog)
    assert isinstance(existing, UnlockDialog)


def test_unlock_shows_which_vault_and_core_messages(qtbot, tmp_path: Path) -> None:
    stranger = tmp_path / "holiday photos.vault"
    stranger.write_bytes(b"\x00" * 100)
    dialog = UnlockDialog(stranger)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.file_label.text() == "holiday photos.vault"
    assert dialog.folder_label.text() == str(tmp_path)
    assert not dialog.unlock_button.isEnabled()  # nothing typed yet
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.unlock_button)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WORKER_TIMEOUT_MS)
    assert dialog.message.text() == "holiday photos.vault is not a safeguard-desktop vault."
    assert dialog.isVisible()


def test_switch_vault_lists_recent_vaults(qtbot, tmp_path: Path, practitioner) -> None:
    first = Vault.create(tmp_path / "school.vault", PASSPHRASE, practitioner, kdf=FAST_KDF)
    second = Vault.create(tmp_path / "clinic.vault", PASSPHRASE, practitioner, kdf=FAST_KDF)
    first.close()
    second.close()
    remember_vault(first.path)
    remember_vault(second.path)
    dialog = UnlockDialog(first.path)
    qtbot.addWidget(dialog)
    dialog._fill_switch_menu()
    texts = [a.text() for a in dialog.switch_menu.actions() if not a.isSeparator()]
    assert texts == [f"clinic.vault — {tmp_path}", "Open another vault…", "Create a new vault…"]
    dialog.switch_menu.actions()[0].trigger()
    assert dialog.file_label.text() == "clinic.vault"
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.vault_ready, timeout=WORKER_TIMEOUT_MS) as ready:
        click(qtbot, dialog.unlock_button)
    assert ready.args[0].path == second.path
    ready.args[0].close()


def test_a_vault_open_elsewhere_is_explained_in_place(qtbot, vault: Vault) -> None:
    dialog = UnlockDialog(vault.path)  # `vault` is still open, as if in another window
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.passphrase, PASSPHRASE)
    click(qtbot, dialog.unlock_button)
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=WORKER_TIMEOUT_MS)
    assert "in use" in dialog.message.text() or "open" in dialog.message.text()
    assert dialog.isVisible() and dialog.vault is None


def test_a_vault_in_a_synced_folder_is_warned_about(qtbot, tmp_path: Path, practitioner) -> None:
    synced = tmp_path / "OneDrive - Riverside Academy"
    synced.mkdir()
    made = Vault.create(synced / "records.vault", PASSPHRASE, practitioner, kdf=FAST_KDF)
    made.close()
    unlock = UnlockDialog(made.path)
    qtbot.addWidget(unlock)
    unlock.show()
    assert "OneDrive" in unlock.location_warning.text()
    assert unlock.location_warning.isVisible()
    unlock.set_path(tmp_path / "elsewhere.vault")
    assert unlock.location_warning.text() == ""

    create = CreateVaultDialog(synced / "new.vault")  # warned before anything is created
    qtbot.addWidget(create)
    assert "OneDrive" in create.location_warning.text()
    assert not (synced / "new.vault").exists()
