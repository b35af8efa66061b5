"""Every Copy of record data to the clipboard writes exactly one disclosure-log entry, in the same step.

No question is asked: where a copy goes follows from the button (a portal field goes to the
referral's destination, the health-record text stays in the organisation's own records, the
family's summary goes to the family). If the log cannot be written, because the vault has
locked or the write fails, the clipboard is left as it was and the person is told in words.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from safeguard_desktop.domain.records import STORED
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import EXPORT_NAMES, OWN_RECORDS, describe_export
from safeguard_desktop.gui.portal_view import COPIED_MARK, PortalView
from safeguard_desktop.gui.screening_actions import FamilySummaryDialog, ScreeningActions
from safeguard_desktop.gui.screening_compare import ComparisonWindow
from safeguard_desktop.gui.widgets import ErrorLabel, plain_label
from safeguard_desktop.referral.model import Destination, Referral
from safeguard_desktop.screening.pack import shipped_pack
from safeguard_desktop.screening.summary import family_summary, record_summary
from safeguard_desktop.vault import session
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import click
from tests.gui.referral_helpers import send
from tests.gui.test_screening_chart import add_family, make_screening
from tests.referral.family import make_family

BEFORE = "Something the practitioner copied earlier"


def _rows(vault: Vault) -> list[tuple[str, str | None, str, str, str]]:
    return vault._ctx.conn.execute(
        "SELECT what, record_id, recipient, purpose, digest FROM disclosures ORDER BY id"
    ).fetchall()


@dataclass
class CopyPath:
    """One Copy button ready to press: what it should log, and where its errors show."""

    copy: Callable[[], object]
    text: str
    what: str
    record_id: UUID
    recipient: str
    purpose: str
    error: ErrorLabel


def _portal(destination: Destination) -> Callable[..., CopyPath]:
    def make(qtbot, vault: Vault) -> CopyPath:
        family = make_family(vault)
        stored = family.referral
        if destination is not Destination.MASH:
            data = stored.data.model_dump() | {"destination": destination}
            stored = vault.referrals.add(Referral.model_validate(data, context=STORED))
        else:
            stored = send(vault, stored)
        view = PortalView(vault, stored.record_id)
        qtbot.addWidget(view)
        row = next(r for r in view.rows if r.field.label == "Family name" and r.field.section.startswith("Child 1"))
        to = "MASH" if destination is Destination.MASH else "LCSS"
        return CopyPath(
            lambda: click(qtbot, row.button),
            row.field.value,
            "referral.portal_copy",
            stored.record_id,
            to,
            f"Copied into the {to} portal",
            view.error,
        )

    return make


def _screening(qtbot, vault: Vault) -> tuple[ScreeningActions, UUID]:
    (child,), carer = add_family(vault, "Wren", "<b>O'Brien & Sons</b>", "Juno")
    screening = vault.screenings.add(make_screening(child.record_id, carer.record_id, date(2026, 6, 1)))
    owner = QWidget()
    qtbot.addWidget(owner)
    return ScreeningActions(owner, vault, screening.record_id, ErrorLabel(), plain_label()), screening.record_id


def _health_record(qtbot, vault: Vault) -> CopyPath:
    actions, record_id = _screening(qtbot, vault)
    text = record_summary(actions.screening, shipped_pack())
    return CopyPath(
        actions.copy_for_record,
        text,
        "screening.health_record_copy",
        record_id,
        OWN_RECORDS,
        "Copied into the child's health record",
        actions.error,
    )


def _family_dialog(qtbot, vault: Vault) -> tuple[FamilySummaryDialog, UUID]:
    actions, record_id = _screening(qtbot, vault)
    dialog = actions.open_family_summary()
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog, record_id


def _family_button(qtbot, vault: Vault) -> CopyPath:
    dialog, record_id = _family_dialog(qtbot, vault)
    return CopyPath(
        lambda: click(qtbot, dialog.copy_button),
        dialog.summary,
        "family_summary.copy",
        record_id,
        "The family's own copy",
        "Screening summary shared with the family",
        dialog.error,
    )


def _family_ctrl_c(qtbot, vault: Vault) -> CopyPath:
    # Ctrl+C in the summary's text, with part of it selected, copies the whole summary, logged.
    dialog, record_id = _family_dialog(qtbot, vault)
    dialog.text.selectAll()

    def press() -> None:
        qtbot.keyClick(dialog.text, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    return CopyPath(
        press,
        dialog.summary,
        "family_summary.copy",
        record_id,
        "The family's own copy",
        "Screening summary shared with the family",
        dialog.error,
    )


def _comparison(qtbot, vault: Vault) -> CopyPath:
    (child,), carer = add_family(vault, "Wren", "Falconbridge", "Juno")
    ids = [
        vault.screenings.add(make_screening(child.record_id, carer.record_id, day, {"nutrition": g})).record_id
        for day, g in ((date(2026, 3, 1), 4), (date(2026, 6, 1), 2))
    ]
    window = ComparisonWindow(vault, ids)
    qtbot.addWidget(window)
    return CopyPath(
        lambda: click(qtbot, window.copy_button),
        window.summary_text(),
        "screening_comparison.health_record_copy",
        child.record_id,
        OWN_RECORDS,
        "Copied into the child's health record",
        window.error,
    )


PATHS = {
    "portal field, MASH": _portal(Destination.MASH),
    "portal field, LCSS": _portal(Destination.LCSS_NAMED),
    "health record": _health_record,
    "family summary Copy": _family_button,
    "family summary Ctrl+C": _family_ctrl_c,
    "comparison summary": _comparison,
}


@pytest.mark.parametrize("make", PATHS.values(), ids=PATHS.keys())
def test_each_copy_writes_one_entry_with_to_whom_and_why(qtbot, vault: Vault, make) -> None:
    path = make(qtbot, vault)
    before = len(_rows(vault))
    path.copy()
    assert QGuiApplication.clipboard().text() == path.text
    new = _rows(vault)[before:]
    assert new == [
        (path.what, str(path.record_id), path.recipient, path.purpose, hashlib.sha256(path.text.encode()).hexdigest())
    ]
    assert path.what in EXPORT_NAMES and describe_export(path.what) != path.what
    assert path.error.text() == ""
    assert vault.check().ok


def _lock(monkeypatch, vault: Vault) -> None:
    vault.close()


def _fail_log(monkeypatch, vault: Vault) -> None:
    def refuse(*_args, **_kwargs) -> int:
        raise SafeguardError("The disk is full.")

    monkeypatch.setattr(session, "write_disclosure", refuse)


@pytest.mark.parametrize("fail", [_lock, _fail_log], ids=["vault locked", "log not written"])
@pytest.mark.parametrize("make", PATHS.values(), ids=PATHS.keys())
def test_a_copy_that_cannot_be_logged_leaves_the_clipboard_alone_and_says_so(
    qtbot, vault: Vault, monkeypatch, make, fail
) -> None:
    path = make(qtbot, vault)
    before = len(_rows(vault))
    QGuiApplication.clipboard().setText(BEFORE)
    fail(monkeypatch, vault)
    path.copy()
    assert QGuiApplication.clipboard().text() == BEFORE
    assert "not copied" in path.error.text() and "disclosure log" in path.error.text()
    if fail is _fail_log:
        assert len(_rows(vault)) == before
        assert "The disk is full." in path.error.text()


def test_a_portal_field_not_logged_is_not_marked_copied(qtbot, vault: Vault, monkeypatch) -> None:
    family = make_family(vault)
    view = PortalView(vault, send(vault, family.referral).record_id)
    qtbot.addWidget(view)
    row = next(r for r in view.rows if r.field.value)
    _fail_log(monkeypatch, vault)
    assert not view.copy_row(row)
    assert not row.copied and row.mark.text() != COPIED_MARK
    assert view.status.text() == ""
    monkeypatch.undo()
    assert view.copy_row(row)
    assert row.copied and row.mark.text() == COPIED_MARK


def test_the_family_summary_text_gives_nothing_to_a_drag_or_selection_copy(qtbot, vault: Vault) -> None:
    dialog, _ = _family_dialog(qtbot, vault)
    dialog.text.selectAll()
    assert dialog.text.textCursor().selectedText()
    # What a drag or middle-click would carry past the logged Copy: nothing.
    assert not dialog.text.createMimeDataFromSelection().hasText()
    assert dialog.text.contextMenuPolicy() == Qt.ContextMenuPolicy.NoContextMenu
    assert family_summary(dialog.actions.screening, shipped_pack(), child_name="Wren") == dialog.summary
