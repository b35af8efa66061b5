"""A restricted file cannot be exported from the attachment viewer: it says why, before any warning or question."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from safeguard_desktop.governance.restriction import restrict
from safeguard_desktop.gui import attachment_viewer
from safeguard_desktop.gui.attachment_viewer import AttachmentViewer
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click


def test_the_viewer_says_a_restricted_file_cannot_be_exported(qtbot, vault: Vault, tmp_path, monkeypatch) -> None:
    child = add_child_core(vault, "Ignatius", "Pemberton-Osei")
    stored = vault.attachments.add_bytes("O'Brien & Sons note.txt", b"A note.", "text/plain", child_id=child.record_id)
    restrict(vault, stored.record_id, "Mother disputes the note.")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: asked.append("warning") or QMessageBox.StandardButton.Save)
    monkeypatch.setattr(attachment_viewer, "ask_disclosure", lambda *a, **k: asked.append("to whom"))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (asked.append("where"), ("", ""))[1])
    viewer = AttachmentViewer.for_stored(vault, stored.record_id)
    qtbot.addWidget(viewer)
    viewer.show()
    click(qtbot, viewer.export_button)
    assert asked == []  # refused before the warning, the disclosure question and the save dialog
    assert viewer.status.text() == (
        "The file O'Brien & Sons note.txt is restricted while a dispute about it is open, so no copy of it can be "
        "exported. Lift the restriction first."
    )
    assert viewer.status.textFormat().name == "PlainText"
    assert not [e for e in audit.events(vault._ctx.conn) if e.action.startswith("export.")]
