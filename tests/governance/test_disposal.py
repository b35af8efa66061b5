"""Lawful disposal of a child's file: gone from every table, index and file; logged by kinds and IDs only."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, RelationshipType
from safeguard_desktop.domain.chronology import ChronologyEntry
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Adult, Child, Professional, Relationship
from safeguard_desktop.errors import RecordNotFound, SafeguardError
from safeguard_desktop.governance.destruction import CSV_COLUMNS, destruction_log, destruction_log_csv
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.governance.disposal import REMOVED, FileOnHold, dispose, file_of
from safeguard_desktop.governance.holds import lift_hold, place_hold
from safeguard_desktop.governance.move import move_record, moves_of
from safeguard_desktop.governance.restriction import lift_restriction, restrict
from safeguard_desktop.governance.rules import adjust_rule
from safeguard_desktop.governance.statements import add_statement
from safeguard_desktop.referral.assemble import assemble
from safeguard_desktop.referral.packet import build_packet
from safeguard_desktop.referral.sending import record_sent
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.backup import backup_vault
from safeguard_desktop.vault.connection import DatabaseError
from safeguard_desktop.vault.session import Vault
from tests.referral.family import make_family
from tests.referral.test_packet import make_cert

RULE = "school-child-protection-file"
SOURCE = "IRMS Information Management Toolkit for Schools (2019)"
FAMILY = "Quillfeather"
ACCOUNT = "Zebedee Quillfeather said Mr Vantongeren locked him in the shed overnight."
EVIDENCE = b"\x89PNG-made-up-evidence-bytes-Xylocarpa-7731\x00\x01"
NEEDLES = [b"quillfeather", b"zebedee", b"vantongeren", b"xylocarpa", b"9434765919", b"overnight"]


def _child(vault: Vault, given: str = "Zebedee", family: str = FAMILY, nhs: str | None = "943 476 5919"):
    return vault.children.add(
        Child(given_names=given, family_name=family, date_of_birth=date(2001, 4, 2), nhs_number=nhs)
    )


def _concern(vault: Vault, *child_ids, account: str = ACCOUNT):
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2014, 1, 15)),
            children=[ConcernChild(child_id=c, roles=frozenset({ChildRole.VICTIM})) for c in child_ids],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            status=ConcernStatus.OPEN,
        )
    )


def _file(vault: Vault):
    """A full file: child, concern (amended), chronology entry, attachment, an adult, a statement and more."""
    child = _child(vault)
    concern = _concern(vault, child.record_id)
    vault.concerns.amend(
        concern.record_id, concern.data.model_copy(update={"action_taken": "Phoned Quillfeather home."}), "Added"
    )
    entry = vault.chronology.add(
        ChronologyEntry(
            child_id=child.record_id,
            happened=EventDate.on_day(date(2014, 2, 1)),
            description="Zebedee Quillfeather moved to his aunt.",
            recorded_by=vault.practitioner,
        )
    )
    photo = vault.attachments.add_bytes(
        "quillfeather-note.png", EVIDENCE, "image/png", child_id=child.record_id, linked_record_id=concern.record_id
    )
    uncle = vault.adults.add(Adult(given_names="Orrin", family_name="Vantongeren", date_of_birth=date(1970, 1, 1)))
    rel = vault.relationships.add(
        Relationship(adult_id=uncle.record_id, child_id=child.record_id, relationship=RelationshipType.OTHER)
    )
    gp = vault.professionals.add(Professional(child_id=child.record_id, name="Dr Imelda Braithwaite", role="GP"))
    add_statement(vault, concern.record_id, "Orrin Vantongeren", date(2014, 3, 1), "Quillfeather story is untrue.")
    restrict(vault, entry.record_id, "Disputed by the Quillfeather family")
    # Settled: an open dispute would stop the disposal (see test_disposal_checks.py).
    lift_restriction(vault, entry.record_id, "Quillfeather dispute settled")
    conn = vault._ctx.conn
    conn.execute(
        "INSERT INTO retention_facts (child_id, care_ended, recorded_by, recorded_at) VALUES (?, '2019-07-01', ?, ?)",
        (str(child.record_id), vault.practitioner.model_dump_json(), "2026-01-01T00:00:00+00:00"),
    )
    conn.execute(
        "INSERT INTO sar_requests (id, person_id, person_kind, requester, received, deadline, created_by, created_at) "
        "VALUES ('sar-1', ?, 'child', 'Zebedee Quillfeather', '2026-01-01', '2026-02-01', 'x', '2026-01-01')",
        (str(child.record_id),),
    )
    conn.execute(
        "INSERT INTO sar_bundles (request_id, payload, saved_at) VALUES ('sar-1', ?, '2026-01-02')",
        (json.dumps({"redact": "Quillfeather"}),),
    )
    vault.drafts.save(f"concern:{child.record_id}", {"child": str(child.record_id), "account": "Quillfeather again"})
    vault.log_export(
        "chronology.pdf", b"pdf", child.record_id, Disclosure("Quillfeather family solicitor", "Zebedee's case")
    )
    return child, concern, entry, photo, uncle, rel, gp


def _haystack(vault: Vault) -> bytes:
    """Every value of every table, FTS5 shadow tables included, lower-cased: the decrypted vault."""
    conn = vault._ctx.conn
    parts: list[bytes] = []
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
        for row in conn.execute(f'SELECT * FROM "{name}"').fetchall():
            for value in row:
                if isinstance(value, str):
                    parts.append(value.encode("utf-8"))
                elif isinstance(value, bytes | memoryview):
                    parts.append(bytes(value))
    return b"\x00".join(parts).lower()


def _index_terms(vault: Vault) -> set[str]:
    conn = vault._ctx.conn
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, search, row)")
    return {str(r[0]) for r in conn.execute("SELECT term FROM temp.terms").fetchall()}


def _raw_files(vault_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in vault_path.parent.iterdir() if p.name.startswith(vault_path.name))


def test_disposal_leaves_no_trace_of_the_file_and_the_vault_stays_sound(vault, vault_path):
    child, concern, entry, photo, uncle, rel, gp = _file(vault)
    other = _child(vault, "Petronella", "Ashdown-Brook", nhs=None)
    _concern(vault, other.record_id, account="Petronella was late three times.")
    # Filed under Zebedee by mistake and moved to Petronella: it stays, but the typed reason names him.
    misfiled = _concern(vault, child.record_id, account="Petronella cried at drop-off.")
    move_record(vault, misfiled.record_id, child.record_id, other.record_id, "Typed under Zebedee Quillfeather")
    before = _haystack(vault)
    assert all(n in before for n in NEEDLES), "the test data must be in the vault before disposal"
    assert EVIDENCE.lower() in before and "quillfeather" in _index_terms(vault)

    file = file_of(vault, child.record_id)
    assert file.counts_by_kind() == {
        "child": 1,
        "concern": 1,
        "chronology_entry": 1,
        "attachment": 1,
        "relationship": 1,
        "adult": 1,
    }
    assert file.professionals == (gp.record_id,) and file.shared == ()
    assert file.versions == 7  # the concern was amended once

    logged = dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)

    after = _haystack(vault)
    for needle in [*NEEDLES, EVIDENCE.lower(), b"zebedee's case"]:
        assert needle not in after, f"{needle!r} is still in the vault"
    assert not {t for t in _index_terms(vault) if t.startswith(("quill", "zebed", "vanton"))}
    assert len(vault.timeline.search("Quillfeather")) == 0
    assert b"quillfeather" not in _raw_files(vault_path).lower()
    conn = vault._ctx.conn
    assert conn.execute("PRAGMA freelist_count").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM disposal_pending").fetchone()[0] == 0
    # The disclosure stays, without to whom or why.
    assert conn.execute(
        "SELECT recipient, purpose FROM disclosures WHERE record_id = ?", (str(child.record_id),)
    ).fetchall() == [(REMOVED, REMOVED)]
    # The other child and the professional stay; the vault checks sound.
    assert vault.children.get(other.record_id).data.given_names == "Petronella"
    # The moved record stays with Petronella; its move is still logged, without the words that named him.
    assert vault.concerns.get(misfiled.record_id).data.linked_child_ids() == {other.record_id}
    moved = moves_of(vault, misfiled.record_id)
    assert [(m.from_child, m.to_child, m.reason) for m in moved] == [(child.record_id, other.record_id, REMOVED)]
    assert vault.professionals.get(gp.record_id).data.name == "Dr Imelda Braithwaite"
    with pytest.raises(RecordNotFound):
        vault.concerns.get(concern.record_id)
    report = vault.check()
    assert report.ok, report.faults
    assert audit.verify(conn) == []

    event = audit.events(conn)[-1]
    assert (event.action, event.record_id, event.seq) == ("retention.dispose", str(child.record_id), logged.audit_seq)
    assert logged.rule_id == RULE and logged.rule_source == SOURCE and logged.record_kind == "child"
    assert (logged.records_removed, logged.versions_removed, logged.attachments_removed) == (6, 7, 1)
    assert {rid for _kind, rid in logged.items} == {
        child.record_id,
        concern.record_id,
        entry.record_id,
        photo.record_id,
        uncle.record_id,
        rel.record_id,
    }
    assert logged.decided_by.name == vault.practitioner.name
    assert [e.id for e in destruction_log(vault)] == [logged.id]


def test_the_check_still_notices_a_deletion_that_was_not_a_logged_disposal(vault):
    child, *_ = _file(vault)
    dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)
    conn = vault._ctx.conn
    # Someone slips an extra ID into the destruction items to hide a record they removed.
    victim = _child(vault, "Ignatius", "Pembleton", nhs=None)
    conn.execute("INSERT INTO disposal_pending (record_id) VALUES (?)", (str(victim.record_id),))
    for table in ("search_rows", "links", "timeline", "due", "versions"):
        conn.execute(f"DELETE FROM {table} WHERE record_id = ?", (str(victim.record_id),))
    conn.execute("DELETE FROM records WHERE id = ?", (str(victim.record_id),))
    conn.execute("DELETE FROM disposal_pending")
    conn.execute("INSERT INTO destruction_items VALUES (1, ?, 'child')", (str(victim.record_id),))
    faults = vault.check().faults
    assert any("disposal 1 does not match" in f for f in faults)
    assert any(str(victim.record_id) in f for f in faults)


def test_a_held_file_is_not_disposed_of_and_nothing_changes(vault):
    child, concern, *_ = _file(vault)
    conn = vault._ctx.conn
    held = place_hold(vault, concern.record_id, "litigation", "Claim KB-2026-0117")
    before = _haystack(vault)
    with pytest.raises(FileOnHold, match="hold"):
        dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)
    assert _haystack(vault) == before
    assert destruction_log(vault) == []
    # Lifted, the hold no longer stops it; its row goes with the file.
    lift_hold(vault, held.id, "Settled")
    dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)
    assert conn.execute("SELECT count(*) FROM holds").fetchone()[0] == 0


def test_bad_requests_are_refused_clearly(vault):
    child = _child(vault)
    concern = _concern(vault, child.record_id)
    with pytest.raises(RecordNotFound, match="No child"):
        dispose(vault, concern.record_id, rule_id=RULE, rule_source=SOURCE)
    with pytest.raises(SafeguardError, match="retention rule"):
        dispose(vault, child.record_id, rule_id="  ", rule_source=SOURCE)
    assert vault.children.count() == 1


@pytest.fixture(scope="module")
def signer():
    key = ec.generate_private_key(ec.SECP256R1())
    return key, make_cert(key, "Harriet Okonkwo-Bell")


def make_due(vault: Vault, *children) -> None:
    """Give made-up children dates of birth long enough ago that their files are due for review."""
    for stored in children:
        update = {"date_of_birth": date(1996, 3, 1)}
        vault.children.amend(stored.record_id, stored.data.model_copy(update=update), "Date of birth corrected")


def test_records_shared_with_a_sibling_are_kept_and_then_go_with_the_last_child(vault, signer):
    family = make_family(vault)
    make_due(vault, family.rafe, family.posy)
    key, cert = signer
    built = build_packet(assemble(vault, family.referral), signer_key=key, signer_cert=cert)
    sent = record_sent(vault, family.referral, built, route="MASH portal")
    packet_id = sent.data.sent.attachment_id
    rafe_file = file_of(vault, family.rafe.record_id)
    shared = {rid for _kind, rid in rafe_file.shared}
    assert {family.concern.record_id, family.referral.record_id} <= shared
    assert {family.mother.record_id, family.father.record_id, family.partner.record_id} <= shared
    assert family.screening.record_id in {rid for _kind, rid in rafe_file.records}

    dispose(vault, family.rafe.record_id, rule_id=RULE, rule_source=SOURCE)
    assert vault.concerns.get(family.concern.record_id).data.account == family.concern.data.account
    assert vault.referrals.get(family.referral.record_id).data.sent is not None
    assert vault.adults.count() == 3 and vault.children.count() == 1
    assert vault.check().ok

    # With Rafe gone, the shared records are about Posy only: her file now holds them and the kept packet.
    posy_file = file_of(vault, family.posy.record_id)
    ids = {rid for _kind, rid in posy_file.records}
    assert {family.concern.record_id, family.referral.record_id, packet_id, family.mother.record_id} <= ids
    dispose(vault, family.posy.record_id, rule_id=RULE, rule_source=SOURCE)
    assert built.data[:64].lower() not in _haystack(vault)
    assert vault.children.count() == 0 and vault.adults.count() == 0 and vault.attachments.count() == 0
    assert vault.professionals.count() == 1  # never part of a file
    report = vault.check()
    assert report.ok, report.faults


def test_backups_made_before_disposal_are_named_until_they_are_gone(vault, tmp_path):
    child, *_ = _file(vault)
    folder = tmp_path / "backups"
    folder.mkdir()
    made = backup_vault(vault, folder)
    row = vault._ctx.conn.execute("SELECT path, sha256 FROM backups").fetchone()
    assert Path(row[0]) == made.resolve() and len(row[1]) == 64
    logged = dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)
    assert [Path(b.path) for b in logged.backups] == [made.resolve()]
    holding = destruction_log(vault)[0].backups[0]
    assert (holding.until - holding.made_at).days == 90
    # A backup made after the disposal does not hold the file, and is not named.
    backup_vault(vault, folder)
    assert len(destruction_log(vault)[0].backups) == 1
    made.unlink()
    assert destruction_log(vault)[0].backups == ()
    assert len(destruction_log(vault, only_holding=False)[0].backups) == 1


def test_a_backup_older_than_the_file_is_not_named(vault, tmp_path):
    backup_vault(vault, tmp_path)
    child = _child(vault)
    assert file_of(vault, child.record_id).backups == ()


def test_the_append_only_triggers_still_refuse_outside_disposal(vault):
    child, *_ = _file(vault)
    keep = _child(vault, "Petronella", "Ashdown-Brook", nhs=None)
    dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)
    conn = vault._ctx.conn
    with pytest.raises(DatabaseError, match="append-only"):
        conn.execute("DELETE FROM versions WHERE record_id = ?", (str(keep.record_id),))
    with pytest.raises(DatabaseError, match="append-only"):
        conn.execute("DELETE FROM destruction_log")
    assert vault.children.get(keep.record_id).data.family_name == "Ashdown-Brook"


def test_the_log_is_kept_across_lock_and_unlock(vault, vault_path):
    from tests.conftest import PASSPHRASE

    child, *_ = _file(vault)
    dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)
    vault.close()
    with Vault.open(vault_path, PASSPHRASE) as again:
        entries = destruction_log(again)
        assert len(entries) == 1 and entries[0].record_id == child.record_id
        assert entries[0].disposed_at.tzinfo is not None and entries[0].disposed_at <= datetime.now(UTC)
        assert again.check().ok


def test_a_local_change_to_the_backup_rule_sets_how_long_backups_hold_a_file(vault, tmp_path):
    child, *_ = _file(vault)
    backup_vault(vault, tmp_path)
    adjust_rule(vault, "vault-backup", years=0, days=30, reason="Backups rotate monthly here")
    dispose(vault, child.record_id, rule_id=RULE, rule_source=SOURCE)
    holding = destruction_log(vault)[0].backups[0]
    assert (holding.until - holding.made_at).days == 30


def test_the_log_as_csv_names_no_one_and_runs_no_formula(vault):
    child, *_ = _file(vault)
    dispose(vault, child.record_id, rule_id=RULE, rule_source='=HYPERLINK("http://example.invalid")')
    text = destruction_log_csv(destruction_log(vault)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][2] == str(child.record_id) and rows[1][4].startswith("'=HYPERLINK")
    assert "1 child, 1 concern, 1 chronology entry, 1 relationship, 1 adult, 1 attachment" == rows[1][9]
    assert not any(n.decode() in text.casefold() for n in NEEDLES)
