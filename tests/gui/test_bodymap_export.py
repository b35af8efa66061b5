"""The child's combined body map from the record: shown, saved as a PDF, logged, and locked away."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from safeguard_desktop.domain.bodymap import BodyMark, BodySide, MarkType
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.gui.bodymap_combined import CombinedBodyMapDialog
from safeguard_desktop.gui.main_window import MainWindow
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core
from tests.gui.disclosure_answers import answer_disclosure


def _concern_with_mark(vault: Vault, child_id, day: date, description: str) -> None:
    vault.concerns.add(
        Concern(
            happened=EventDate.on_day(day),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.PHYSICAL_ABUSE}),
            recorded_by=vault.practitioner,
            account="Bruise seen when changing for PE.",
            body_marks=[
                BodyMark(
                    side=BodySide.FRONT,
                    x=0.23,
                    y=0.35,
                    region="front_upper_arm_right",
                    mark_type=MarkType.BRUISE,
                    size="3 cm",
                    colour="yellow-green",
                    description=description,
                )
            ],
        )
    )


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_body_map_from_the_record_saves_a_logged_pdf(qtbot, window: MainWindow, vault: Vault, tmp_path, monkeypatch):
    child = add_child_core(vault, "Perpetua", "<b>O'Brien & Sons</b>")
    _concern_with_mark(vault, child.record_id, date(2024, 3, 1), "=cmd() fingertip pattern")
    _concern_with_mark(vault, child.record_id, date(2024, 9, 9), "Older bruise, fading")
    window.model.refresh()
    window.table.selectRow(window.model.row_of(child.record_id))
    dialog = window.record_view.open_body_map(vault, window.current_child)
    assert isinstance(dialog, CombinedBodyMapDialog) and dialog.isVisible()

    target = tmp_path / "out" / "body-map.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Save)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)  # the "saved" note, dismissed
    disclosed = answer_disclosure(monkeypatch, "Children's social care", "Section 47 enquiry")
    before = audit.head(vault._ctx.conn)[0]
    from safeguard_desktop.gui.bodymap_export import save_body_map

    assert save_body_map(dialog, vault, child.record_id) == target
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Body map: Perpetua <b>O'Brien & Sons</b>" in text
    assert "=cmd() fingertip pattern" in text
    words = " ".join(text.split())  # the legend wraps long labels inside its cells
    assert "Right upper arm (child's right)" in words
    assert "OFFICIAL-SENSITIVE" in text
    action, digest = vault._ctx.conn.execute("SELECT action, digest FROM audit WHERE seq = ?", (before + 1,)).fetchone()
    assert action == "export.body_map.pdf"
    import hashlib

    assert digest == hashlib.sha256(Path(target).read_bytes()).hexdigest()
    assert len(disclosed) == 1
    shared = vault._ctx.conn.execute("SELECT what, recipient, purpose, digest FROM disclosures").fetchall()
    assert shared == [("body_map.pdf", "Children's social care", "Section 47 enquiry", digest)]

    # Locking takes the body map off the screen with everything else.
    window.lock(ask=False)
    assert window.record_view.body_map_dialog is None or not window.record_view.body_map_dialog.isVisible()
