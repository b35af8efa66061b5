"""Installing a guide update from the window, and the child's latest level of need on their record."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtWidgets import QGroupBox, QLabel, QPushButton

from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.ukdates import utc_now
from safeguard_desktop.gui.guide_editions import GuideEditionsDialog, open_editions
from safeguard_desktop.gui.guide_window import open_guide
from safeguard_desktop.gui.record_detail import RecordDetailDialog
from safeguard_desktop.thresholds.decision import Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action
from safeguard_desktop.thresholds.library import current_edition, shipped_guide
from safeguard_desktop.thresholds.packs import sign_pack
from tests.gui.conftest import add_child_core, click
from tests.thresholds.test_packs import pretty, revised, tampered, trust_only


@pytest.fixture
def key(monkeypatch, tmp_path) -> Ed25519PrivateKey:
    # The trusted keys live in a machine-wide folder that IT manages; here, a folder holding only this key.
    key = Ed25519PrivateKey.generate()
    trust_only(monkeypatch, tmp_path / "trusted-keys", key.public_key())
    return key


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_a_signed_newer_edition_installs_and_replaces_an_open_guide(qtbot, window, vault, key, tmp_path):
    newer = revised()
    guide_window = open_guide(window)
    assert guide_window.guide == shipped_guide()
    dialog = open_editions(window)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == "Yes"

    assert dialog.install_file(_write(tmp_path, "update.sgpack", sign_pack(pretty(newer), key)))
    assert "Installed and now in use" in dialog.outcome.text()
    assert current_edition(vault) == newer.edition()
    rows = [[dialog.table.item(r, c).text() for c in range(4)] for r in range(dialog.table.rowCount())]
    assert [row[1] for row in rows] == ["Yes", ""]
    assert "shipped with the app" in rows[1][2]
    assert window.guide_window is not None and window.guide_window.guide == newer


def test_a_tampered_pack_and_an_older_edition_are_refused_and_the_edition_in_use_stays(qtbot, vault, key, tmp_path):
    dialog = GuideEditionsDialog(vault)
    qtbot.addWidget(dialog)
    before = current_edition(vault)

    assert not dialog.install_file(_write(tmp_path, "bad.sgpack", tampered(sign_pack(pretty(revised()), key))))
    assert "signature" in dialog.error.text().lower()
    older = revised(revision_step=0, days=-400)
    assert not dialog.install_file(_write(tmp_path, "old.sgpack", sign_pack(pretty(older), key)))
    assert "older edition" in dialog.error.text()
    assert not dialog.install_file(tmp_path / "missing.sgpack")
    assert "could not be read" in dialog.error.text()

    assert current_edition(vault) == before
    assert dialog.table.rowCount() == 1


def test_the_editions_action_is_in_the_child_menu_and_follows_the_lock(qtbot, window):
    assert window.editions_action.isEnabled()
    window.lock()
    assert not window.editions_action.isEnabled()


def test_the_childs_record_shows_the_latest_level_of_need(qtbot, window, vault):
    child = add_child_core(vault, "Tamsin", "Okafor-Lindqvist")
    window.model.refresh()
    window.table.selectRow(0)
    section = window.record_view.findChild(QGroupBox, "levelOfNeed")
    assert any("Not considered yet" in label.text() for label in section.findChildren(QLabel))

    guide = shipped_guide()
    for level, action in ((2, Action.EARLY_HELP), (3, Action.MASH_REFERRAL)):
        vault.threshold_decisions.add(
            ThresholdDecision(
                child_id=child.record_id,
                decided=EventDate.exact(utc_now()),
                decided_by=vault.practitioner,
                guide=guide.edition(),
                level=level,
                level_name=guide.level(level).name,
                reasons="<b>Needs</b> & more",
                consent=Consent.AGREED,
                action=action,
            )
        )
    window.refresh_child()
    latest = window.record_view.findChild(QLabel, "latestDecision")
    assert f"level 3 ({guide.level(3).name})" in latest.text() and "MASH referral" in latest.text()
    assert "1 earlier decision" in " ".join(label.text() for label in section_labels(window))
    details = next(b for b in window.record_view.findChildren(QPushButton) if b.text() == "Details…")
    click(qtbot, details)
    assert isinstance(window.active_dialog, RecordDetailDialog)
    shown = dict(window.active_dialog.current_rows())
    assert "<b>Needs</b> & more" in shown.values()


def section_labels(window) -> list[QLabel]:
    return window.record_view.findChild(QGroupBox, "levelOfNeed").findChildren(QLabel)
