"""Records in a real SQLCipher vault: no plaintext, versions, withdrawal, search, check."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus, RelationshipType
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Adult, Child, Relationship
from safeguard_desktop.errors import RecordWithdrawn, SafeguardError, VaultDamaged, VaultLocked
from safeguard_desktop.vault.session import Vault
from tests.conftest import PASSPHRASE, tamper

NAME = "Zephyrine Quillfeather-Oyelaran"


def add_child(vault: Vault, given: str = "Zephyrine", family: str = "Quillfeather-Oyelaran") -> object:
    return vault.children.add(
        Child(given_names=given, family_name=family, date_of_birth=date(2015, 4, 2), nhs_number="943 476 5919")
    )


def concern_for(vault: Vault, child_id, account: str = "Arrived hungry and cold; no coat in January.") -> Concern:
    return Concern(
        happened=EventDate.on_day(date(2024, 1, 15)),
        children=[ConcernChild(child_id=child_id, roles=frozenset({ChildRole.VICTIM}))],
        categories=frozenset({ConcernCategory.NEGLECT}),
        recorded_by=vault.practitioner,
        account=account,
        status=ConcernStatus.OPEN,
    )


def test_vault_files_carry_no_plaintext(vault, vault_path):
    child = add_child(vault)
    vault.concerns.add(concern_for(vault, child.record_id, account="Told Mr Xanthopoulos about the bruise."))
    # Check while open (the WAL holds the writes) and after closing (checkpointed).
    for stage in ("open", "closed"):
        if stage == "closed":
            vault.close()
        files = [p for p in vault_path.parent.iterdir() if p.name.startswith(vault_path.name)]
        assert files
        for f in files:
            data = f.read_bytes()
            for needle in (
                b"SQLite format 3",
                b"Quillfeather",
                b"Xanthopoulos",
                b"9434765919",
                "Zephyrine".encode("utf-16-le"),
                b"CREATE TABLE",
            ):
                assert needle not in data, f"{needle!r} found in {f.name} ({stage})"


def test_records_survive_lock_and_unlock(vault, vault_path):
    child = add_child(vault)
    vault.close()
    with pytest.raises(VaultLocked):
        vault.children.list()
    with Vault.open(vault_path, PASSPHRASE) as again:
        got = again.children.get(child.record_id)
        assert got.data.full_name() == f"Zephyrine {'Quillfeather-Oyelaran'}"
        assert got.data.nhs_number == "9434765919"
        assert got.author.name == "Harriet Okonkwo-Bell"


def test_edit_keeps_every_version(vault):
    child = add_child(vault)
    first = vault.concerns.add(concern_for(vault, child.record_id))
    corrected = first.data.model_copy(update={"account": "Arrived hungry; coat was in bag after all."})
    with pytest.raises(SafeguardError, match="reason"):
        vault.concerns.amend(first.record_id, corrected, "  ")
    second = vault.concerns.amend(first.record_id, corrected, "Coat found in bag; account corrected.")
    assert second.replaces == first.version_id
    assert second.seq == 2
    history = vault.concerns.history(first.record_id)
    assert [h.data.account for h in history] == [first.data.account, corrected.account]
    assert history[1].reason == "Coat found in bag; account corrected."
    assert vault.concerns.get(first.record_id).data.account == corrected.account
    assert len({h.version_id for h in history}) == 2


def test_withdrawn_in_error_is_kept_not_deleted(vault):
    child = add_child(vault)
    c = vault.concerns.add(concern_for(vault, child.record_id))
    vault.concerns.withdraw(c.record_id, "Logged against the wrong child.")
    assert vault.concerns.list(linked_to=child.record_id) == []
    kept = vault.concerns.list(linked_to=child.record_id, include_withdrawn=True)
    assert [k.withdrawn for k in kept] == [True]
    assert vault.concerns.history(c.record_id)[-1].reason == "Logged against the wrong child."
    with pytest.raises(RecordWithdrawn):
        vault.concerns.amend(c.record_id, c.data, "try again")


def test_adults_shared_across_siblings(vault):
    a = add_child(vault, "Aoife", "Ní Bhriain")
    b = add_child(vault, "Ciarán", "Ní Bhriain")
    mum = vault.adults.add(Adult(given_names="Róisín", family_name="Ní Bhriain"))
    for child in (a, b):
        vault.relationships.add(
            Relationship(
                adult_id=mum.record_id,
                child_id=child.record_id,
                relationship=RelationshipType.MOTHER,
                parental_responsibility=True,
                lives_in_home=True,
            )
        )
    assert len(vault.relationships.list(linked_to=mum.record_id)) == 2
    assert len(vault.relationships.list(linked_to=a.record_id)) == 1


def test_filter_as_you_type_matches_prefixes_accents_and_numbers(vault):
    add_child(vault, "Siobhán", "O'Connor-Price")
    add_child(vault, "Tomasz", "Wiśniewski")
    names = lambda text: [s.data.given_names for s in vault.children.list(text=text)]  # noqa: E731
    assert names("o'con") == ["Siobhán"]
    assert names("siobhan") == ["Siobhán"]
    assert names("wisn") == ["Tomasz"]
    assert set(names("943")) == {"Siobhán", "Tomasz"}
    assert set(names("943 476 59")) == {"Siobhán", "Tomasz"}  # as written on a letter
    assert names('" OR 1=1 --') == []
    assert vault.children.count(text="tom") == 1
    assert [s.data.family_name for s in vault.children.list()] == ["O'Connor-Price", "Wiśniewski"]


def test_pages(vault):
    for i in range(12):
        add_child(vault, f"Child{i:02d}", "Pagewood")
    page = vault.children.list(offset=5, limit=5)
    assert [p.data.given_names for p in page] == [f"Child{i:02d}" for i in range(5, 10)]


def test_attachment_bytes_inside_vault_with_digest(vault, vault_path):
    child = add_child(vault)
    payload = b"%PDF-1.4 made-up letter from Mrs Quenby Thistlewaite"
    stored = vault.attachments.add_bytes("letter.pdf", payload, "application/pdf", child_id=child.record_id)
    assert vault.attachments.read_bytes(stored.record_id) == payload
    assert len(stored.data.sha256) == 64
    big = bytes(vault.attachments.limit + 1)
    with pytest.raises(SafeguardError, match="25"):
        vault.attachments.add_bytes("video.mp4", big, "video/mp4")
    vault.close()
    for f in vault_path.parent.iterdir():
        assert b"Thistlewaite" not in f.read_bytes()


def test_check_passes_on_a_sound_vault(vault):
    child = add_child(vault)
    vault.concerns.add(concern_for(vault, child.record_id))
    report = vault.check()
    assert report.ok, report.faults
    assert report.versions == 2
    assert report.audit_events == 4  # vault.create, its signing key, and two records


def _raw(vault: Vault):
    return tamper(vault)  # the test reaches under the repositories on purpose: it plays the attacker


def test_check_catches_a_changed_audit_event(vault):
    child = add_child(vault)
    vault.concerns.add(concern_for(vault, child.record_id))
    _raw(vault).execute("UPDATE audit SET actor = 'someone-else' WHERE seq = 2")
    report = vault.check()
    assert not report.ok
    assert any("audit event 2 has been altered" in f for f in report.faults)


def test_check_catches_a_deleted_audit_event_and_edited_content(vault):
    child = add_child(vault)
    c = vault.concerns.add(concern_for(vault, child.record_id))
    _raw(vault).execute("DELETE FROM audit WHERE seq = 2")
    _raw(vault).execute(
        "UPDATE versions SET payload = replace(payload, 'hungry', 'fed') WHERE record_id = ?",
        (str(c.record_id),),
    )
    faults = vault.check().faults
    assert any("missing" in f for f in faults)
    assert any("content does not match" in f for f in faults)


def test_check_catches_a_damaged_page(vault, vault_path):
    for i in range(60):  # several pages' worth, so the damage lands past page 1
        add_child(vault, f"Damaged{i}", "Pageley")
    vault.close()
    data = bytearray(vault_path.read_bytes())
    assert len(data) > 4096 * 4
    offset = 4096 * 3 + 500
    data[offset : offset + 16] = bytes(b ^ 0xFF for b in data[offset : offset + 16])
    vault_path.write_bytes(bytes(data))
    # A normal open refuses at once; the diagnostic open of `check` lists the damage.
    with pytest.raises(VaultDamaged, match="restore it from your latest backup"):
        Vault.open(vault_path, PASSPHRASE)
    with Vault.open(vault_path, PASSPHRASE, upgrade=False) as damaged:
        report = damaged.check()
    assert not report.ok
    assert any("damaged page" in f or "could not be read" in f for f in report.faults)


def test_plain_sqlite_file_is_not_a_vault(tmp_path):
    from safeguard_desktop.errors import NotAVault

    p = tmp_path / "plain.vault"
    sqlite3.connect(p).execute("create table t(x)").connection.commit()
    with pytest.raises(NotAVault, match="unencrypted"):
        Vault.open(p, PASSPHRASE)


def test_history_is_append_only_in_the_database_itself(vault):
    child = add_child(vault)
    conn = vault._ctx.conn
    for sql in (
        "UPDATE versions SET payload = '{}'",
        "DELETE FROM versions",
        "DELETE FROM audit",
        "UPDATE audit SET actor = 'x'",
    ):
        with pytest.raises(Exception, match="append-only"):
            conn.execute(sql)
    assert vault.children.get(child.record_id).data.given_names == "Zephyrine"


def test_check_catches_hidden_rewound_swapped_and_vanished_records(vault):
    a = add_child(vault, "Anwen", "Tamperley")
    b = add_child(vault, "Bryn", "Tamperley")
    c = vault.concerns.add(concern_for(vault, a.record_id))
    amended = vault.concerns.amend(c.record_id, c.data.model_copy(update={"account": "Later account."}), "typo")
    entry = vault.concerns.add(concern_for(vault, b.record_id))
    conn = _raw(vault)
    # Rewind a correction, hide a live concern, point a child at another's data, delete a record.
    conn.execute("DELETE FROM versions WHERE id = ?", (str(amended.version_id),))
    conn.execute("UPDATE records SET current_version = ? WHERE id = ?", (str(c.version_id), str(c.record_id)))
    conn.execute("UPDATE records SET current_version = ? WHERE id = ?", (str(b.version_id), str(a.record_id)))
    conn.execute("UPDATE records SET state = 'withdrawn' WHERE id = ?", (str(entry.record_id),))
    faults = "\n".join(vault.check().faults)
    assert f"version {amended.version_id} named in the audit chain is missing" in faults
    assert f"record {a.record_id} does not show its latest version" in faults
    assert f"record {entry.record_id} is marked withdrawn" in faults
    rid = str(entry.record_id)
    for table, col in (
        ("versions", "record_id"),
        ("links", "record_id"),
        ("search", "record_id"),
        ("search_rows", "record_id"),
        ("timeline", "record_id"),
        ("due", "record_id"),
        ("records", "id"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {col} = ?", (rid,))
    assert f"record {rid} has lost versions" in "\n".join(vault.check().faults)


def test_search_ignores_control_characters(vault):
    add_child(vault)
    assert vault.children.list(text="Zeph\x00yr") == []
    assert len(vault.children.list(text="Zeph\x00")) == 1


def test_a_failed_batch_leaves_nothing_behind(vault):
    before = vault.check().audit_events
    with pytest.raises(RuntimeError):
        with vault.batch():
            vault.adults.add(Adult(given_names="Eilidh", family_name="Half-Saved"))
            raise RuntimeError("the relationship could not be saved")
    assert vault.adults.list() == []
    assert vault.check().audit_events == before
    assert vault.check().ok


def test_check_notices_attachment_bytes_gone(vault):
    child = add_child(vault)
    stored = vault.attachments.add_bytes("note.jpg", b"\xff\xd8made-up photo", "image/jpeg", child_id=child.record_id)
    with pytest.raises(Exception, match="never altered"):
        vault._ctx.conn.execute("DELETE FROM blobs")
    tamper(vault).execute("DELETE FROM blobs")
    faults = vault.check().faults
    assert f"attachment {stored.record_id} has lost its file (its bytes are missing from the vault)" in faults


def test_check_reports_the_chain_head(vault):
    add_child(vault)
    report = vault.check()
    assert report.chain_head == vault.audit_head()[1]
    assert len(report.chain_head) == 64


def test_an_export_is_logged_with_the_digest_of_what_left(vault):
    import hashlib

    from safeguard_desktop.vault import audit

    before = audit.head(vault._ctx.conn)[0]
    digest = vault.log_export("chronology.csv", b"date,summary\n")
    assert digest == hashlib.sha256(b"date,summary\n").hexdigest()
    row = vault._ctx.conn.execute("SELECT action, digest FROM audit WHERE seq = ?", (before + 1,)).fetchone()
    assert tuple(row) == ("export.chronology.csv", digest)
    assert vault.check().ok


def test_records_still_open_when_the_clock_is_set_back(vault, monkeypatch):
    # "Not in the future" guards what is typed now. A laptop whose clock jumps back (a flat
    # CMOS battery, a wrong time zone) must still open what it wrote, and check must pass.
    from datetime import timedelta

    from safeguard_desktop.domain import eventdate, people
    from safeguard_desktop.domain.ukdates import uk_today, utc_now

    child = add_child(vault)
    today = EventDate.on_day(uk_today())
    stored = vault.concerns.add(concern_for(vault, child.record_id).model_copy(update={"happened": today}))
    last_year = utc_now() - timedelta(days=400)
    monkeypatch.setattr(eventdate, "utc_now", lambda: last_year)
    monkeypatch.setattr(people, "uk_today", lambda: last_year.date())
    assert vault.concerns.get(stored.record_id).data.happened == today
    assert [c.record_id for c in vault.children.list()] == [child.record_id]
    assert vault.check().ok
    # Typing the same date now is still refused: the rule holds for new entries.
    with pytest.raises(ValueError, match="in the future"):
        Concern.model_validate(stored.data.model_dump())


def test_a_correction_replaces_the_records_search_row(vault):
    child = add_child(vault)
    stored = vault.concerns.add(concern_for(vault, child.record_id, account="Mentioned a marmoset at home."))
    vault.concerns.amend(
        stored.record_id, concern_for(vault, child.record_id, account="Mentioned a capybara at home."), "Misheard"
    )
    assert vault.concerns.list(text="marmoset") == []
    assert [c.record_id for c in vault.concerns.list(text="capybara")] == [stored.record_id]
    conn = vault._ctx.conn
    # One index row per record, found by its rowid rather than by scanning the index.
    assert conn.execute("SELECT count(*) FROM search").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM search_rows").fetchone()[0] == 2
