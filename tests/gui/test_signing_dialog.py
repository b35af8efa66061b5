"""Signing and encryption: the practitioner's certificate, importing an organisation's, the teams' certificates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QPushButton

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.gui.signing_dialog import NO_CERTIFICATE, SELF_SIGNED_NOTE, SigningDialog
from safeguard_desktop.referral.identity import destination_certificate, identity
from safeguard_desktop.referral.model import Destination
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import FAST_KDF, PASSPHRASE, click, type_into

ODD_NAME = "<b>O'Brien & Sons</b> =cmd()"


def _cert(key, name: str, *, expired: bool = False) -> x509.Certificate:
    now = datetime.now(UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    end = now - timedelta(days=1) if expired else now + timedelta(days=365)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(end - timedelta(days=400))
        .not_valid_after(end)
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def dialog(qtbot, vault) -> SigningDialog:
    d = SigningDialog(vault)
    qtbot.addWidget(d)
    d.show()
    return d


def test_shows_the_self_signed_certificate_and_what_it_proves(qtbot, dialog, vault, practitioner):
    ident = identity(vault)
    assert dialog.fingerprint.text() == ident.fingerprint
    assert dialog.grouped.text() == ident.fingerprint_grouped
    assert dialog.fingerprint.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    assert practitioner.name in dialog.subject.text() and practitioner.organisation in dialog.subject.text()
    assert dialog.kind.text().startswith("Self-signed")
    assert dialog.note.text() == SELF_SIGNED_NOTE
    assert "does not prove who signed it" in dialog.note.text()
    start, end = (format_date(to_uk(when).date()) for when in (ident.not_before, ident.not_after))
    assert dialog.validity.text() == f"Valid from {start} to {end}"
    assert end.endswith(str(datetime.now(UTC).year + 5))
    for row in dialog.rows.values():
        assert row.status.text() == NO_CERTIFICATE
        assert not row.remove_button.isEnabled()
    click(qtbot, dialog.copy_button)
    assert QGuiApplication.clipboard().text() == ident.fingerprint


def test_every_label_is_plain_text_and_every_button_named(dialog):
    for label in dialog.findChildren(QLabel):
        if not label.pixmap().isNull():
            continue  # the warning icon beside an error
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    for button in dialog.findChildren(QPushButton):
        assert button.accessibleName(), button.text()


def test_a_name_with_markup_shows_exactly_as_typed(qtbot, tmp_path):
    odd = Practitioner(name=ODD_NAME, role="DSL & <i>lead</i>", organisation="Org & <Co>")
    with Vault.create(tmp_path / "odd.vault", PASSPHRASE, odd, kdf=FAST_KDF) as v:
        d = SigningDialog(v)
        qtbot.addWidget(d)
        assert ODD_NAME in d.subject.text() and "Org & <Co>" in d.subject.text()
        assert d.subject.textFormat() == Qt.TextFormat.PlainText


def test_importing_an_organisation_certificate_through_the_password_prompt(qtbot, dialog, vault, tmp_path, monkeypatch):
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(key, "Aoife Brennan-Kaur")
    p12 = tmp_path / "org.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(b"org", key, cert, None, serialization.BestAvailableEncryption(b"fen-42"))
    )
    before = dialog.fingerprint.text()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(p12), ""))

    click(qtbot, dialog.import_button)
    prompt = dialog.password_dialog
    assert prompt is not None and prompt.isVisible()
    type_into(qtbot, prompt.password, "wrong-one")
    click(qtbot, prompt.import_button)
    assert "password does not open" in dialog.error._text.text()
    assert dialog.fingerprint.text() == before

    click(qtbot, dialog.import_button)
    type_into(qtbot, dialog.password_dialog.password, "fen-42")
    click(qtbot, dialog.password_dialog.import_button)
    assert dialog.error.isHidden()
    assert identity(vault).certificate == cert
    assert dialog.fingerprint.text() == identity(vault).fingerprint != before
    assert dialog.kind.text().startswith("Issued by your organisation")
    assert "Imported your organisation's certificate" in dialog.outcome.text()


def test_a_team_certificate_is_imported_shown_and_removed(qtbot, dialog, vault, tmp_path, rsa_key, monkeypatch):
    pem = tmp_path / "mash.pem"
    pem.write_bytes(_cert(rsa_key, "Brackenmoor MASH").public_bytes(serialization.Encoding.PEM))
    mash = dialog.rows[Destination.MASH]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pem), ""))
    click(qtbot, mash.import_button)
    on_file = destination_certificate(vault, Destination.MASH)
    assert on_file is not None
    assert "Brackenmoor MASH" in mash.status.text() and on_file.fingerprint in mash.status.text()
    assert dialog.rows[Destination.LCSS_NAMED].status.text() == NO_CERTIFICATE
    assert mash.remove_button.isEnabled()

    click(qtbot, mash.remove_button)
    box = dialog.confirm_box
    assert isinstance(box, QMessageBox) and "secure route" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert destination_certificate(vault, Destination.MASH) is None
    assert mash.status.text() == NO_CERTIFICATE
    assert "secure route" in dialog.outcome.text()


def test_an_unusable_team_certificate_is_refused_with_a_reason(dialog, vault, tmp_path, rsa_key):
    ec_file = tmp_path / "ec.pem"
    ec_file.write_bytes(
        _cert(ec.generate_private_key(ec.SECP256R1()), "EC team").public_bytes(serialization.Encoding.PEM)
    )
    assert dialog.import_destination_file(Destination.LCSS_NAMED, ec_file) is None
    assert "not RSA" in dialog.error._text.text() and dialog.error.isVisible()
    old = tmp_path / "old.der"
    old.write_bytes(_cert(rsa_key, "Old team", expired=True).public_bytes(serialization.Encoding.DER))
    assert dialog.import_destination_file(Destination.LCSS_NAMED, old) is None
    assert "expired on" in dialog.error._text.text()
    assert dialog.import_destination_file(Destination.LCSS_NAMED, tmp_path / "missing.pem") is None
    assert "could not be read" in dialog.error._text.text()
    assert destination_certificate(vault, Destination.LCSS_NAMED) is None


def test_the_file_menu_opens_it_and_a_lock_disables_it(qtbot, window: MainWindow):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert window.signing_action in file_menu.actions()
    assert window.signing_action.isEnabled()
    window.signing_action.trigger()
    opened = window.active_dialog
    assert isinstance(opened, SigningDialog) and opened.isVisible()
    opened.reject()
    window.lock(ask=False)
    assert not window.signing_action.isEnabled()
