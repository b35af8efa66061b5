"""The disclosure log: every core export path writes exactly one entry saying to whom and why.

Each path is driven as the app drives it (save_export, recording_export, the attachment export,
a referral packet sent, a kept copy) and the log is read back through `disclosure_log`, which
names the record the export came from and says the export in words.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from safeguard_desktop.chronology.export import chronology_csv, save_export
from safeguard_desktop.chronology.export_pdf import chronology_pdf
from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError, VaultLocked
from safeguard_desktop.governance import disclosure as disclosure_module
from safeguard_desktop.governance.disclosure import (
    EXPORT_NAMES,
    NOT_STATED,
    Disclosure,
    describe_export,
    disclosure_log,
    disclosure_log_csv,
    recent_recipients,
)
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.packet import build_packet
from safeguard_desktop.referral.sending import record_sent
from safeguard_desktop.vault import session
from safeguard_desktop.vault.session import Vault
from tests.referral.family import make_family
from tests.referral.test_packet import make_cert

TO_POLICE = Disclosure("  Police   (DC <b>O'Brien</b> & Sons) ", " Section 47\nenquiry ")
FAMILY = "<b>O'Brien & Sons</b>"


@pytest.fixture
def child(vault: Vault):
    return vault.children.add(Child(given_names="=cmd()", family_name=FAMILY, date_of_birth=date(2016, 9, 12)))


def _rows(vault: Vault) -> list[tuple[object, ...]]:
    return vault._ctx.conn.execute(
        "SELECT what, record_id, recipient, purpose, digest, audit_seq FROM disclosures ORDER BY id"
    ).fetchall()


def _chronology_csv(vault: Vault, child, tmp_path: Path) -> tuple[str, str]:
    exported = chronology_csv(vault, child.record_id)
    return "chronology.csv", save_export(vault, exported, tmp_path / "c.csv", TO_POLICE)


def _chronology_external_pdf(vault: Vault, child, tmp_path: Path) -> tuple[str, str]:
    exported = chronology_pdf(vault, child.record_id, external=True)
    return "chronology.external_pdf", save_export(vault, exported, tmp_path / "c.pdf", TO_POLICE)


def _print(vault: Vault, child, tmp_path: Path) -> tuple[str, str]:
    with vault.recording_export("body_map.print", b"%PDF page images", child.record_id, TO_POLICE) as digest:
        pass  # the printer is sent the pages here
    return "body_map.print", digest


def _log_export(vault: Vault, child, tmp_path: Path) -> tuple[str, str]:
    return "screening.pdf", vault.log_export("screening.pdf", b"%PDF", child.record_id, TO_POLICE)


def _attachment(vault: Vault, child, tmp_path: Path) -> tuple[str, str]:
    stored = vault.attachments.add_bytes("note.txt", b"made-up note", "text/plain", child_id=child.record_id)
    return "attachment", vault.attachments.export(stored.record_id, tmp_path / "note.txt", disclosure=TO_POLICE)


CORE_PATHS: dict[str, Callable[[Vault, object, Path], tuple[str, str]]] = {
    "chronology CSV": _chronology_csv,
    "chronology PDF for partners": _chronology_external_pdf,
    "a print": _print,
    "log_export": _log_export,
    "attachment copy": _attachment,
}


@pytest.mark.parametrize("path", CORE_PATHS.values(), ids=CORE_PATHS.keys())
def test_every_core_export_path_writes_one_entry_with_to_whom_and_why(vault: Vault, child, tmp_path, path) -> None:
    before = vault.audit_head()[0]
    what, digest = path(vault, child, tmp_path)
    rows = _rows(vault)
    if what == "attachment":
        assert len(rows) == 1 and rows[0][1] != str(child.record_id)  # logged against the attachment record
    else:
        assert [r[1] for r in rows] == [str(child.record_id)]
    [(logged_what, _, recipient, purpose, logged_digest, seq)] = rows
    assert (logged_what, recipient, purpose, logged_digest) == (
        what,
        "Police (DC <b>O'Brien</b> & Sons)",
        "Section 47 enquiry",
        digest,
    )
    exports = vault._ctx.conn.execute(
        "SELECT seq, action FROM audit WHERE seq > ? AND action LIKE 'export.%'", (before,)
    )
    assert exports.fetchall() == [(seq, f"export.{what}")] and seq == vault.audit_head()[0]
    [entry] = disclosure_log(vault)
    assert entry.what_text == describe_export(what) != what
    assert FAMILY in entry.about  # the record named, as typed
    assert entry.disclosed_by == vault.practitioner
    assert vault.check().ok


@pytest.fixture(scope="module")
def signer():
    key = ec.generate_private_key(ec.SECP256R1())
    return key, make_cert(key, "Harriet Okonkwo-Bell")


def test_a_sent_referral_is_logged_as_going_to_its_destination(vault: Vault, signer, tmp_path) -> None:
    family = make_family(vault)
    key, cert = signer
    built = build_packet(assemble(vault, family.referral), signer_key=key, signer_cert=cert)
    record_sent(vault, family.referral, built, route="MASH portal", path=tmp_path / built.file_name)
    [(what, record_id, recipient, purpose, digest, _)] = _rows(vault)
    assert (what, record_id, recipient, purpose, digest) == (
        "referral.packet",
        str(family.referral.record_id),
        "MASH",
        "Referral",
        built.sha256,
    )
    [entry] = disclosure_log(vault)
    assert entry.what_text == "Referral packet as sent"
    assert entry.about.endswith(vault.referrals.get(family.referral.record_id).data.title())


def test_a_failed_write_leaves_no_entry(vault: Vault, child, tmp_path) -> None:
    exported = chronology_csv(vault, child.record_id)
    with pytest.raises(OSError):
        save_export(vault, exported, tmp_path / "no such folder" / "c.csv", TO_POLICE)
    stored = vault.attachments.add_bytes("note.txt", b"made-up note", "text/plain", child_id=child.record_id)
    with pytest.raises(SafeguardError):
        vault.attachments.export(stored.record_id, tmp_path / "missing" / "note.txt", disclosure=TO_POLICE)
    with pytest.raises(OSError), vault.recording_export("chronology.print", b"pages", child.record_id, TO_POLICE):
        raise OSError(5, "the printer could not be started")
    assert _rows(vault) == [] and disclosure_log(vault) == []
    assert vault.check().ok


def test_a_locked_vault_logs_nothing_and_writes_nothing(vault: Vault, child, tmp_path) -> None:
    exported = chronology_csv(vault, child.record_id)
    vault.close()
    with pytest.raises(VaultLocked):
        save_export(vault, exported, tmp_path / "c.csv", TO_POLICE)
    assert not (tmp_path / "c.csv").exists()


def test_without_a_disclosure_the_entry_says_not_stated(vault: Vault, child) -> None:
    vault.log_export("chronology.pdf", b"%PDF", child.record_id)
    [entry] = disclosure_log(vault)
    assert (entry.recipient, entry.purpose) == (NOT_STATED, NOT_STATED)
    assert recent_recipients(vault) == []  # "Not stated" is never offered as a recipient


def test_a_bad_export_name_is_refused_before_anything_is_written(vault: Vault, child) -> None:
    before = vault.audit_head()
    with pytest.raises(ValueError, match="dotted lower-case"):
        vault.log_export("Chronology PDF", b"x", child.record_id, TO_POLICE)
    assert vault.audit_head() == before and _rows(vault) == []


@pytest.mark.parametrize(("recipient", "purpose", "said"), [("", "Referral", "who"), ("MASH", " \n ", "why")])
def test_a_disclosure_needs_a_recipient_and_a_purpose(recipient: str, purpose: str, said: str) -> None:
    with pytest.raises(SafeguardError) as caught:
        Disclosure(recipient, purpose)
    assert said in caught.value.message.lower()


def test_every_export_the_app_makes_has_words() -> None:
    for name in (
        "chronology.pdf",
        "chronology.csv",
        "chronology.print",
        "body_map.pdf",
        "body_map.print",
        "screening.pdf",
        "family_summary.pdf",
        "screening_comparison.pdf",
        "referral.packet",
        "referral.packet.kept_copy",
        "referral.no_names_summary",
        "attachment",
        "sar.bundle.pdf",
        "destruction_log.csv",
        "disclosure_log.csv",
    ):
        assert name in EXPORT_NAMES and EXPORT_NAMES[name][0].isupper()
    assert describe_export("something.new") == "something.new"  # an unknown name is shown, never hidden


def test_the_log_names_the_record_and_says_when_it_has_gone(vault: Vault, child) -> None:
    gone = uuid.uuid4()  # a record disposed of since: the entry stays, without its name
    vault.log_export("chronology.pdf", b"1", gone, Disclosure("Court", "Care proceedings"))
    vault.log_export("disclosure_log.csv", b"2", None, Disclosure("Own records (not shared)", "Annual IG audit"))
    vault.log_export("chronology.csv", b"3", child.record_id, Disclosure("GP", "Health review"))
    newest, log_export, disposed = disclosure_log(vault)
    assert newest.about == f"=cmd() {FAMILY}" and newest.record_id == child.record_id
    assert log_export.about == "" and log_export.record_id is None
    assert disposed.about == "A record no longer in the vault" and disposed.record_id == gone
    assert recent_recipients(vault) == ["GP", "Own records (not shared)", "Court"]


def _at(monkeypatch: pytest.MonkeyPatch, when: datetime) -> None:
    monkeypatch.setattr(session, "utc_now", lambda: when)


def test_dates_filter_by_the_uk_day_and_show_uk_time(vault: Vault, child, monkeypatch) -> None:
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (BST): the UK day is what counts.
    _at(monkeypatch, datetime(2026, 7, 1, 23, 30, tzinfo=UTC))
    vault.log_export("chronology.pdf", b"1", child.record_id, Disclosure("MASH", "Referral"))
    _at(monkeypatch, datetime(2026, 6, 30, 9, 0, tzinfo=UTC))
    vault.log_export("chronology.csv", b"2", child.record_id, Disclosure("GP", "Health review"))
    assert [e.when() for e in disclosure_log(vault)] == ["02/07/2026 00:30", "30/06/2026 10:00"]
    assert [e.what for e in disclosure_log(vault, since=date(2026, 7, 2))] == ["chronology.pdf"]
    assert [e.what for e in disclosure_log(vault, until=date(2026, 7, 1))] == ["chronology.csv"]
    both = disclosure_log(vault, since=date(2026, 6, 30), until=date(2026, 7, 2))
    assert [e.what for e in both] == ["chronology.pdf", "chronology.csv"]
    assert disclosure_log(vault, since=date(2026, 7, 3)) == []


def test_the_csv_neutralises_formulas_and_keeps_typed_text(vault: Vault, child, monkeypatch) -> None:
    _at(monkeypatch, datetime(2026, 3, 14, 15, 9, tzinfo=UTC))
    vault.log_export("chronology.pdf", b"%PDF", child.record_id, Disclosure('=HYPERLINK("x")', "@SUM(A1) & <b>"))
    content = disclosure_log_csv(disclosure_log(vault))
    assert content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == list(disclosure_module.CSV_COLUMNS)
    when, what, about, to, why, by, digest, seq = rows[1]
    assert (when, what) == ("14/03/2026 15:09", "Chronology (PDF)")
    assert about == f"'=cmd() {FAMILY}"  # the child's name typed as a formula, made harmless
    assert (to, why) == ('\'=HYPERLINK("x")', "'@SUM(A1) & <b>")
    assert by.startswith(vault.practitioner.name) and len(digest) == 64 and int(seq) >= 1
    assert len(rows) == 2
