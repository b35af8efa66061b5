"""Attachments as evidence in the GUI: drop or choose files, view from memory, export on purpose."""

from __future__ import annotations

import hashlib
import re
import tempfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QWidget,
)
from reportlab.platypus import PageBreak

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.gui import attachment_viewer
from safeguard_desktop.gui.attachment_viewer import EXPORT_WARNING, AttachmentViewer
from safeguard_desktop.gui.attachments_panel import AttachmentsPanel
from safeguard_desktop.pdf.document import PageFrame, build_pdf, para, styles
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.gui.conftest import add_child_core, click, type_into
from tests.gui.disclosure_answers import answer_disclosure

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMAIL = (
    b"Return-Path: <office@larkhill.example>\r\nFrom: Mr Teodor Vasquez-Lindqvist <office@larkhill.example>\r\n"
    b"Subject: Note about Year 3\r\n\r\nMade-up email: she said she was hungry again this morning.\r\n"
)
DOCX_BYTES = b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml made-up statement"


def png_bytes(width: int = 640, height: int = 480) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("lightyellow"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buffer, "PNG")
    return bytes(buffer.data())


def pdf_bytes(pages: int) -> bytes:
    st = styles()
    story = []
    for n in range(pages):
        story += [para(f"Made-up note from Mrs Evangeline Osei-Marchetti, page {n + 1}.", st.body), PageBreak()]
    return build_pdf(PageFrame("Made-up note"), story[:-1], title="Made-up note")


def concern_for(vault: Vault, child_id) -> object:
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2024, 5, 20)),
            children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account="Class teacher handed over a handwritten note at 08:45.",
            status=ConcernStatus.OPEN,
        )
    )


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of our own, so a file written there by the viewer would show."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setenv("TEMP", str(folder))
    monkeypatch.setenv("TMP", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert tempfile.gettempdir() == str(folder)
    return folder


@pytest.fixture
def panel(qtbot) -> AttachmentsPanel:
    widget = AttachmentsPanel()
    qtbot.addWidget(widget)
    widget.resize(700, 400)
    widget.show()
    return widget


def drop_urls(panel: AttachmentsPanel, urls: list[QUrl]) -> tuple[bool, bool]:
    """Drag onto the panel and let go, as a file manager does; return (entry accepted, drop accepted)."""
    mime = QMimeData()
    mime.setUrls(urls)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    # A drag-enter takes a whole-pixel point, a drop a fractional one (as Qt itself sends them).
    enter = QDragEnterEvent(QPoint(20, 20), *args)
    QApplication.sendEvent(panel, enter)
    if not enter.isAccepted():
        return False, False
    event = QDropEvent(QPointF(20, 20), *args)
    QApplication.sendEvent(panel, event)
    return True, event.isAccepted()


def drop(panel: AttachmentsPanel, *paths: Path) -> tuple[bool, bool]:
    return drop_urls(panel, [QUrl.fromLocalFile(str(p)) for p in paths])


def all_files(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


def test_drop_files_then_save_pending_links_them_to_the_concern(qtbot, panel, vault: Vault, tmp_path) -> None:
    note, email = tmp_path / "teacher note.png", tmp_path / "email from office.eml"
    note.write_bytes(png_bytes())
    email.write_bytes(EMAIL)
    folder = tmp_path / "a folder"
    folder.mkdir()
    huge = tmp_path / "assembly video.mp4"
    with huge.open("wb") as fh:  # sparse: the size is refused before anything is read
        fh.truncate(26 * 1024 * 1024)

    assert drop(panel, note, folder, email, huge) == (True, True)
    assert panel.is_pending_mode
    assert [row.split(" — ")[0] for row in panel.rows()] == ["teacher note.png", "email from office.eml"]
    problems = panel.message.text()
    assert "a folder is a folder; please attach the files inside it instead." in problems
    assert "assembly video.mp4" in problems and "over the 25 MB limit" in problems

    panel.list.setCurrentRow(0)
    type_into(qtbot, panel.description, "Handwritten note from Mr Vasquez-Lindqvist")
    assert panel.pending() == [
        ("teacher note.png", note.read_bytes(), "image/png", "Handwritten note from Mr Vasquez-Lindqvist"),
        ("email from office.eml", EMAIL, "message/rfc822", ""),
    ]
    assert vault.attachments.count() == 0  # nothing is stored before the concern is

    child = add_child_core(vault, "Marisol", "Fenwick-Achebe")
    concern = concern_for(vault, child.record_id)
    stored = panel.save_pending(vault, concern.record_id, child.record_id)
    assert len(stored) == 2
    listed = vault.attachments.for_record(concern.record_id)
    assert [(s.data.filename, s.data.child_id, s.data.description) for s in listed] == [
        ("teacher note.png", child.record_id, "Handwritten note from Mr Vasquez-Lindqvist"),
        ("email from office.eml", child.record_id, ""),
    ]
    assert vault.attachments.read_bytes(listed[1].record_id) == EMAIL
    assert panel.pending() == [] and not panel.is_pending_mode
    assert len(panel.rows()) == 2
    assert panel.export_button.isVisible() and not panel.remove_button.isVisible()


def test_drop_of_non_local_urls_is_refused(qtbot, panel) -> None:
    # Refused at the door: the cursor shows the drop is not possible.
    assert drop_urls(panel, [QUrl("https://example.org/photo.png")]) == (False, False)
    assert panel.pending() == []


def test_files_added_to_a_saved_concern_are_stored_at_once(qtbot, panel, vault: Vault, tmp_path, monkeypatch) -> None:
    child = add_child_core(vault, "Ottilie", "Brannigan")
    concern = concern_for(vault, child.record_id)
    panel.show_for(vault, concern.record_id, child_id=child.record_id)
    assert panel.rows() == []
    odd = tmp_path / "<b>O'Brien & Sons.png"
    odd.write_bytes(png_bytes(20, 20))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(odd)], "All files (*)"))
    click(qtbot, panel.add_button)
    [stored] = vault.attachments.for_record(concern.record_id)
    digest = hashlib.sha256(odd.read_bytes()).hexdigest()
    assert stored.data.filename == "<b>O'Brien & Sons.png"
    assert stored.data.sha256 == digest and stored.data.child_id == child.record_id
    row = panel.rows()[0]
    assert row.startswith("<b>O'Brien & Sons.png — PNG image")
    assert f"SHA-256 {digest[:12]}…" in row
    item = panel.list.item(0)
    assert digest in item.toolTip() and digest in item.data(Qt.ItemDataRole.AccessibleTextRole)

    # A corrected description is a new version; the file itself is untouched.
    type_into(qtbot, panel.description, "Photo of the note")
    click(qtbot, panel.save_description_button)
    assert vault.attachments.get(stored.record_id).data.description == "Photo of the note"
    assert [v.action for v in vault.attachments.history(stored.record_id)] == ["create", "amend"]
    assert vault.attachments.read_bytes(stored.record_id) == odd.read_bytes()

    viewer = panel.view_selected()
    assert viewer is not None
    name = viewer.details["File name"]
    assert name.text() == "<b>O'Brien & Sons.png" and name.textFormat() == Qt.TextFormat.PlainText
    viewer.close()


def test_viewer_shows_a_png_from_memory_with_its_fingerprint(qtbot, vault: Vault, private_tmp, tmp_path) -> None:
    data = png_bytes(1600, 1200)
    stored = vault.attachments.add_bytes("note.png", data, "image/png")
    before = all_files(tmp_path)
    viewer = AttachmentViewer.for_stored(vault, stored.record_id)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.wait(50)
    assert viewer.showing() == "image"
    assert viewer.sha256.text() == hashlib.sha256(data).hexdigest()
    assert viewer.sha256.isReadOnly()
    assert viewer.details["Size"].text().endswith("KB")
    assert re.fullmatch(r"Aoife Brennan-Kaur, \d\d/\d\d/\d{4} \d\d:\d\d", viewer.details["Added"].text())
    fitted = viewer.image_label.pixmap().size()
    assert fitted.width() < 1600  # fitted to the window
    click(qtbot, viewer.actual_button)
    assert viewer.image_label.pixmap().width() == 1600
    click(qtbot, viewer.zoom_out_button)
    assert viewer.image_label.pixmap().width() == 1280
    assert viewer.export_button.isVisible()
    assert list(private_tmp.iterdir()) == []
    assert all_files(tmp_path) == before


def test_viewer_shows_a_pdf_from_memory(qtbot, vault: Vault, private_tmp, tmp_path) -> None:
    data = pdf_bytes(3)
    stored = vault.attachments.add_bytes("letter.pdf", data, "application/pdf")
    before = all_files(tmp_path)
    viewer = AttachmentViewer.for_stored(vault, stored.record_id)
    qtbot.addWidget(viewer)
    viewer.show()
    qtbot.wait(100)
    assert viewer.showing() == "pdf"
    assert viewer.page_count() == 3
    assert viewer.details["Type"].text() == "PDF document (application/pdf), 3 pages"
    assert viewer.sha256.text() == hashlib.sha256(data).hexdigest()
    click(qtbot, viewer.actual_button)
    assert viewer.pdf_view.zoomFactor() == pytest.approx(1.0)
    click(qtbot, viewer.zoom_in_button)
    assert viewer.pdf_view.zoomFactor() == pytest.approx(1.25)
    assert list(private_tmp.iterdir()) == []
    assert all_files(tmp_path) == before


@pytest.mark.parametrize(
    ("media_type", "data", "expected"),
    [
        ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "This image cannot be shown: the file may be damaged"),
        ("application/pdf", b"%PDF-1.4\n1 0 obj garbage", "This PDF cannot be shown: the file may be damaged"),
    ],
)
def test_damaged_files_get_a_clear_message(qtbot, media_type: str, data: bytes, expected: str) -> None:
    viewer = AttachmentViewer("damaged", data, media_type)
    qtbot.addWidget(viewer)
    assert viewer.showing() == "message"
    assert viewer.message.text().startswith(expected)
    assert viewer.page_count() == 0


def _exports(vault: Vault) -> list[audit.AuditEvent]:
    return [e for e in audit.events(vault._ctx.conn) if e.action.startswith("export.")]


def test_a_word_file_opens_only_through_a_logged_export(
    qtbot, panel, vault: Vault, tmp_path, private_tmp, monkeypatch
) -> None:
    child = add_child_core(vault, "Ignatius", "Pemberton-Osei")
    concern = concern_for(vault, child.record_id)
    statement = tmp_path / "statement.docx"
    statement.write_bytes(DOCX_BYTES)
    panel.show_for(vault, concern.record_id, child_id=child.record_id)
    panel.add_files([statement])
    [stored] = vault.attachments.for_record(concern.record_id)
    assert stored.data.media_type == DOCX

    viewer = panel.view_selected()
    assert viewer is not None
    assert viewer.showing() == "message"
    assert "cannot be shown inside safeguard-desktop" in viewer.message.text()
    assert list(private_tmp.iterdir()) == []
    viewer.close()

    warnings: list[str] = []

    def answer(choice):
        def warning(parent, title, text, buttons, default):
            warnings.append(text)
            assert default == QMessageBox.StandardButton.Cancel  # the safe choice is the default
            return choice

        return warning

    asked_where: list[str] = []
    dest = tmp_path / "exported" / "statement copy.docx"
    dest.parent.mkdir()

    def save_dialog(parent, caption, suggested, *rest):
        asked_where.append(suggested)
        return str(dest), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    disclosed = answer_disclosure(monkeypatch, "Police", "Section 47 enquiry")
    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Cancel))
    click(qtbot, panel.export_button)
    assert warnings == [EXPORT_WARNING] and asked_where == [] and disclosed == []
    assert "written to disk unencrypted" in EXPORT_WARNING and "anyone with access" in EXPORT_WARNING.lower()
    assert "logged" in EXPORT_WARNING
    assert not dest.exists() and _exports(vault) == []

    monkeypatch.setattr(QMessageBox, "warning", answer(QMessageBox.StandardButton.Save))
    click(qtbot, panel.export_button)
    assert asked_where == [str(Path.home() / "statement.docx")]
    assert dest.read_bytes() == DOCX_BYTES
    [event] = _exports(vault)
    assert (event.action, event.record_id) == ("export.attachment", str(stored.record_id))
    assert event.digest == hashlib.sha256(DOCX_BYTES).hexdigest()
    assert panel.info.text() == f"A copy was saved as {dest}. The export has been logged, as shared with Police."
    assert len(disclosed) == 1  # asked to whom and why before the file dialog
    shared = vault._ctx.conn.execute("SELECT what, record_id, recipient, purpose FROM disclosures").fetchall()
    assert shared == [("attachment", str(stored.record_id), "Police", "Section 47 enquiry")]

    # From the viewer too; a failure is said in words.
    viewer = panel.view_selected()
    assert viewer is not None
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "no such folder" / "x.docx"), ""))
    click(qtbot, viewer.export_button)
    assert viewer.status.text().startswith("The folder ") and "does not exist" in viewer.status.text()
    assert len(_exports(vault)) == 1
    viewer.close()


def test_unsaved_files_cannot_be_exported(qtbot, panel, tmp_path) -> None:
    statement = tmp_path / "statement.docx"
    statement.write_bytes(DOCX_BYTES)
    panel.add_files([statement])
    assert not panel.export_button.isVisible() and not panel.withdraw_button.isVisible()
    viewer = panel.view_selected()
    assert viewer is not None and not viewer.export_button.isVisible()
    assert "Once it is saved" in viewer.message.text()
    viewer.close()
    click(qtbot, panel.remove_button)
    assert panel.pending() == []


def test_withdraw_keeps_the_file_and_needs_a_reason(qtbot, panel, vault: Vault, monkeypatch) -> None:
    child = add_child_core(vault, "Saoirse", "Mbeki-Larsson")
    concern = concern_for(vault, child.record_id)
    stored = vault.attachments.add_bytes(
        "wrong.png", png_bytes(10, 10), "image/png", child_id=child.record_id, linked_record_id=concern.record_id
    )
    panel.show_for(vault, concern.record_id, child_id=child.record_id)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("   ", True))
    click(qtbot, panel.withdraw_button)
    assert panel.message.text() == "Please give a reason for withdrawing the file."
    assert not vault.attachments.get(stored.record_id).withdrawn

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Attached to the wrong concern", True))
    click(qtbot, panel.withdraw_button)
    assert vault.attachments.get(stored.record_id).withdrawn
    assert panel.rows()[0].endswith("(withdrawn in error)")
    assert not panel.withdraw_button.isEnabled()
    assert vault.attachments.history(stored.record_id)[-1].reason == "Attached to the wrong concern"
    assert vault.attachments.read_bytes(stored.record_id)  # kept, never deleted


def test_keyboard_and_accessible_names(qtbot, panel, tmp_path) -> None:
    note = tmp_path / "note.png"
    note.write_bytes(png_bytes(30, 30))
    panel.add_files([note])
    for widget in (panel.list, panel.description, panel.add_button, panel.view_button, panel.remove_button):
        assert widget.accessibleName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    panel.list.setFocus()
    qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert panel.viewer is not None and panel.viewer.showing() == "image"
    panel.viewer.close()


def test_size_formatting() -> None:
    assert attachment_viewer.format_size(1) == "1 byte"
    assert attachment_viewer.format_size(900) == "900 bytes"
    assert attachment_viewer.format_size(35 * 1024) == "35 KB"
    assert attachment_viewer.format_size(int(2.5 * 1024 * 1024)) == "2.5 MB"


def test_every_control_has_an_accessible_name(qtbot, panel, tmp_path) -> None:
    note = tmp_path / "note.pdf"
    note.write_bytes(pdf_bytes(1))
    panel.add_files([note])
    viewer = panel.view_selected()
    assert viewer is not None
    for root in (panel, viewer):
        unnamed = [
            f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
            for w in root.findChildren(QWidget)
            if isinstance(w, QLineEdit | QAbstractButton | QListWidget) and w.focusPolicy() and not w.accessibleName()
        ]
        assert unnamed == []
    viewer.close()
