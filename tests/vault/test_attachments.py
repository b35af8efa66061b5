"""Attachments as evidence: type detection, linking to a record, and logged exports."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import date

import pytest

from safeguard_desktop.domain.attachment import describe_media_type, sniff_media_type, viewable_inside
from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
NOTE = b"%PDF-1.4\n% made-up handwritten note from Mr Ignatius Pembleton-Oduya\n"


@pytest.mark.parametrize(
    ("filename", "head", "expected"),
    [
        ("photo.png", PNG_HEAD, "image/png"),
        ("IMG_2231.JPG", b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        ("letter.pdf", b"%PDF-1.7\n", "application/pdf"),
        # Content wins over the name: a PDF renamed to .png is still a PDF.
        ("scan.png", b"%PDF-1.5\n%\xe2\xe3\xcf\xd3", "application/pdf"),
        ("photo.pdf", PNG_HEAD, "image/png"),
        ("statement.docx", b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml", DOCX),
        ("archive.zip", b"PK\x03\x04\x14\x00", "application/zip"),
        ("statement.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "application/msword"),
        ("message.msg", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "application/vnd.ms-outlook"),
        ("email.eml", b"Return-Path: <office@example.org>\r\nSubject: Year 4\r\n", "message/rfc822"),
        ("email", b"Received: from mail.example.org\r\nFrom: office@example.org\r\n", "message/rfc822"),
        ("notes", b"Spoke to mum at the gate.\n", "text/plain"),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00", "video/mp4"),
        ("clip.mov", b"\x00\x00\x00\x14ftypqt  \x00\x00", "video/quicktime"),
        ("pic.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("pic.gif", b"GIF89a\x01\x00", "image/gif"),
        ("mystery", b"\x00\x01\x02\x03\xfe", "application/octet-stream"),
        ("empty.docx", b"", DOCX),
    ],
)
def test_sniff_media_type(filename: str, head: bytes, expected: str) -> None:
    assert sniff_media_type(filename, head) == expected


def test_only_images_and_pdfs_are_viewable_inside() -> None:
    for kind in ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "application/pdf", "IMAGE/PNG"):
        assert viewable_inside(kind)
    for kind in (DOCX, "message/rfc822", "video/mp4", "image/svg+xml", "text/html", "image/tiff", "text/plain"):
        assert not viewable_inside(kind)
    assert describe_media_type(DOCX) == "Word document"
    assert describe_media_type("video/x-matroska") == "Video"
    assert describe_media_type("application/x-thing") == "Other file"


def _concern(vault: Vault, child_id) -> Concern:
    return Concern(
        happened=EventDate.on_day(date(2024, 3, 4)),
        children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
        categories=frozenset({ConcernCategory.NEGLECT}),
        recorded_by=vault.practitioner,
        account="Handed a note by the class teacher at 08:50.",
        status=ConcernStatus.OPEN,
    )


@pytest.fixture
def linked(vault: Vault):
    child = vault.children.add(Child(given_names="Orla", family_name="Vantongeren", date_of_birth=date(2016, 2, 9)))
    concern = vault.concerns.add(_concern(vault, child.record_id))
    other = vault.concerns.add(_concern(vault, child.record_id))
    note = vault.attachments.add_bytes(
        "note.pdf", NOTE, "application/pdf", child_id=child.record_id, linked_record_id=concern.record_id
    )
    return child, concern, other, note


def test_for_record_lists_only_that_records_attachments(vault: Vault, linked) -> None:
    child, concern, other, note = linked
    photo = vault.attachments.add_bytes(
        "photo.png", PNG_HEAD + b"made-up", "image/png", child_id=child.record_id, linked_record_id=concern.record_id
    )
    vault.attachments.add_bytes("elsewhere.png", PNG_HEAD, "image/png", linked_record_id=other.record_id)
    vault.attachments.add_bytes("loose.png", PNG_HEAD + b"x", "image/png", child_id=child.record_id)
    assert [s.record_id for s in vault.attachments.for_record(concern.record_id)] == [note.record_id, photo.record_id]
    assert vault.attachments.for_record(child.record_id) == []

    vault.attachments.withdraw(photo.record_id, "Attached to the wrong concern.")
    assert [s.record_id for s in vault.attachments.for_record(concern.record_id)] == [note.record_id]
    both = vault.attachments.for_record(concern.record_id, include_withdrawn=True)
    assert [(s.record_id, s.withdrawn) for s in both] == [(note.record_id, False), (photo.record_id, True)]


def _exports(vault: Vault) -> list[audit.AuditEvent]:
    return [e for e in audit.events(vault._ctx.conn) if e.action.startswith("export.")]


def test_export_writes_exact_bytes_privately_and_logs_digest(vault: Vault, linked, tmp_path) -> None:
    _, _, _, note = linked
    dest = tmp_path / "out" / "note copy.pdf"
    dest.parent.mkdir()
    digest = vault.attachments.export(note.record_id, dest)
    assert dest.read_bytes() == NOTE
    assert digest == hashlib.sha256(NOTE).hexdigest() == note.data.sha256
    if os.name == "posix":
        assert stat.S_IMODE(dest.stat().st_mode) == 0o600
    # Nothing but the copy: no temporary file left beside it.
    assert [p.name for p in dest.parent.iterdir()] == ["note copy.pdf"]
    [event] = _exports(vault)
    assert (event.action, event.record_id, event.digest) == ("export.attachment", str(note.record_id), digest)
    assert vault.check().faults == []


def test_export_refuses_to_overwrite_unless_asked(vault: Vault, linked, tmp_path) -> None:
    _, _, _, note = linked
    dest = tmp_path / "note.pdf"
    dest.write_bytes(b"someone else's file")
    with pytest.raises(SafeguardError, match="already exists"):
        vault.attachments.export(note.record_id, dest)
    assert dest.read_bytes() == b"someone else's file"
    assert _exports(vault) == []

    vault.attachments.export(note.record_id, dest, overwrite=True)
    assert dest.read_bytes() == NOTE
    assert len(_exports(vault)) == 1


def test_export_failure_is_clear_and_logs_nothing(vault: Vault, linked, tmp_path) -> None:
    _, _, _, note = linked
    with pytest.raises(SafeguardError, match="does not exist"):
        vault.attachments.export(note.record_id, tmp_path / "missing" / "note.pdf")
    with pytest.raises(SafeguardError, match="is a folder"):
        vault.attachments.export(note.record_id, tmp_path)
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "read-only"
        locked.mkdir(mode=0o500)
        with pytest.raises(SafeguardError, match="could not be saved"):
            vault.attachments.export(note.record_id, locked / "note.pdf")
        assert list(locked.iterdir()) == []
    assert _exports(vault) == []
