"""What disposal refuses (held, not due, disputed), what it spares (other people's SAR bundles), and
which copies it names as still holding the file (backups and pre-migration copies)."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from datetime import UTC, date, datetime
from uuid import UUID

import pytest

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, ConcernStatus
from safeguard_desktop.domain.concern import Concern, ConcernChild
from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.governance.bundle import Bundle, Redaction, Withheld
from safeguard_desktop.governance.destruction import destruction_log
from safeguard_desktop.governance.disposal import FileNotDue, FileOnHold, FileRestricted, dispose, file_of
from safeguard_desktop.governance.holds import file_record_ids, is_held, lift_hold, place_hold
from safeguard_desktop.governance.restriction import lift_restriction, restrict
from safeguard_desktop.governance.review import keep, review_queue, set_care_ended
from safeguard_desktop.governance.rules import add_years
from safeguard_desktop.governance.sar import add_months, deadline_for, log_request
from safeguard_desktop.governance.sar import close as sar_close
from safeguard_desktop.governance.sar import extend as sar_extend
from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.governance.test_disposal import make_due
from tests.referral.family import make_family

RULE = "school-child-protection-file"
SOURCE = "IRMS Information Management Toolkit for Schools (2019)"


def _child(vault: Vault, given: str, born: date | None = date(1999, 6, 9), **extra: object) -> UUID:
    return vault.children.add(
        Child(given_names=given, family_name="Hawkridge-Oyelaran", date_of_birth=born, **extra)
    ).record_id


def _concern(vault: Vault, *child_ids: UUID, account: str = "Came to school hungry again.") -> UUID:
    return vault.concerns.add(
        Concern(
            happened=EventDate.on_day(date(2010, 3, 4)),
            children=[ConcernChild(child_id=c, roles=frozenset({ChildRole.VICTIM})) for c in child_ids],
            categories=frozenset({ConcernCategory.NEGLECT}),
            recorded_by=vault.practitioner,
            account=account,
            status=ConcernStatus.CLOSED,
        )
    ).record_id


def _version(vault: Vault, record_id: UUID) -> UUID:
    return vault.concerns.history(record_id)[-1].version_id


def test_a_hold_on_the_mother_stops_the_childs_disposal_as_the_review_queue_says(vault):
    family = make_family(vault)
    make_due(vault, family.rafe, family.posy)
    place_hold(vault, family.mother.record_id, "police", "Crime ref 44/0921/26")
    # The mother is named in Posy's file too, so she is not among the records Rafe's disposal removes ...
    assert family.mother.record_id not in {rid for _kind, rid in file_of(vault, family.rafe.record_id).records}
    # ... but the review queue says his file is held, and disposal agrees.
    assert {d.child_id: d.held for d in review_queue(vault)}[family.rafe.record_id] is True
    with pytest.raises(FileOnHold, match="hold on it has not been lifted"):
        dispose(vault, family.rafe.record_id, rule_id=RULE, rule_source=SOURCE)
    assert vault.children.count() == 2 and destruction_log(vault) == []


def test_every_record_disposal_would_remove_is_covered_by_the_hold_check(vault):
    family = make_family(vault)
    for child in (family.rafe, family.posy):
        removed = {rid for _kind, rid in file_of(vault, child.record_id).records}
        assert removed <= file_record_ids(vault._ctx.conn, child.record_id)


def test_a_hold_lifted_no_longer_stops_it(vault):
    child = _child(vault, "Ottoline")
    sibling = _child(vault, "Barnaby")
    _concern(vault, child, sibling)
    held = place_hold(vault, child, "litigation", "Claim HQ26X04411")
    assert is_held(vault, child)
    lift_hold(vault, held.id, "Claim settled")
    dispose(vault, child, rule_id=RULE, rule_source=SOURCE)
    assert vault.children.count() == 1


def test_a_file_not_yet_due_is_refused_naming_its_review_date(vault):
    born = date(2012, 10, 17)
    child = _child(vault, "Wilhelmina", born)
    _concern(vault, child)
    due = add_years(born, 25)
    with pytest.raises(FileNotDue, match=format_date(due)) as refused:
        dispose(vault, child, rule_id=RULE, rule_source=SOURCE)
    assert "Nothing was changed" in refused.value.message
    assert vault.children.count() == 1 and vault.concerns.count() == 1 and destruction_log(vault) == []


def test_a_later_keep_decision_is_respected(vault):
    child = _child(vault, "Cassius", date(1995, 1, 20))  # due since 20/01/2020
    later = date(uk_today().year + 2, 5, 1)
    keep(vault, child, "Open civil claim expected", later)
    with pytest.raises(FileNotDue, match=f"{format_date(later)}.*kept at review"):
        dispose(vault, child, rule_id=RULE, rule_source=SOURCE)
    assert vault.children.count() == 1


def test_a_file_with_no_review_date_is_refused(vault):
    unborn = vault.children.add(
        Child(given_names="Baby", family_name="Hawkridge-Oyelaran", expected_delivery=date(2027, 2, 1))
    ).record_id
    with pytest.raises(FileNotDue, match="no review date"):
        dispose(vault, unborn, rule_id=RULE, rule_source=SOURCE)
    assert vault.children.count() == 1


def test_an_open_dispute_stops_disposal_until_the_restriction_is_lifted(vault):
    child = _child(vault, "Peregrine")
    concern = _concern(vault, child)
    restrict(vault, concern, "Mother disputes the account")
    with pytest.raises(FileRestricted, match="1 record in it is restricted"):
        dispose(vault, child, rule_id=RULE, rule_source=SOURCE)
    assert vault.concerns.count() == 1
    lift_restriction(vault, concern, "Dispute resolved")
    dispose(vault, child, rule_id=RULE, rule_source=SOURCE)
    assert vault.concerns.count() == 0


def test_another_persons_sar_bundle_loses_only_the_disposed_records(vault):
    child = _child(vault, "Leopold")
    sibling = _child(vault, "Araminta", date(2016, 2, 2))
    gone = _concern(vault, child, account="Leopold was pushed by an older boy.")
    other_gone = _concern(vault, child, account="Leopold missed the bus.")
    kept = _concern(vault, child, sibling, account="Both were collected late.")
    conn = vault._ctx.conn
    conn.execute(
        "INSERT INTO sar_requests (id, person_id, person_kind, requester, received, deadline, created_by, created_at) "
        "VALUES ('sar-sibling', ?, 'child', 'Araminta Hawkridge-Oyelaran', '2026-01-05', '2026-02-05', 'x', 'x')",
        (str(sibling),),
    )
    bundle = Bundle(request_id=UUID(int=1))
    bundle.include(gone, _version(vault, gone))
    bundle.include(kept, _version(vault, kept))
    bundle.redactions = [
        Redaction(gone, 0, 0, 7, "third_party", "An older boy's name", _version(vault, gone), "ab" * 32),
        Redaction(kept, 0, 0, 4, "third_party", "Sibling", _version(vault, kept), "cd" * 32),
    ]
    bundle.withheld = [Withheld(other_gone, "serious_harm", "Would upset her")]
    conn.execute(
        "INSERT INTO sar_bundles (request_id, payload, saved_at) VALUES ('sar-sibling', ?, '2026-01-06')",
        (bundle.to_json(),),
    )

    dispose(vault, child, rule_id=RULE, rule_source=SOURCE)

    (payload,) = conn.execute("SELECT payload FROM sar_bundles WHERE request_id = 'sar-sibling'").fetchone()
    after = Bundle.from_json(UUID(int=1), str(payload))
    assert after.chosen == {kept: _version(vault, kept)}
    assert [r.record_id for r in after.redactions] == [kept] and after.redactions[0].note == "Sibling"
    assert after.withheld == []
    for rid in (gone, other_gone, child):
        assert str(rid) not in str(payload)
    assert conn.execute("SELECT count(*) FROM sar_requests").fetchone()[0] == 1


def test_a_bundle_about_the_disposed_child_goes_with_it(vault):
    child = _child(vault, "Horatio")
    conn = vault._ctx.conn
    conn.execute(
        "INSERT INTO sar_requests (id, person_id, person_kind, requester, received, deadline, created_by, created_at) "
        "VALUES ('sar-own', ?, 'child', 'Horatio Hawkridge-Oyelaran', '2026-01-05', '2026-02-05', 'x', 'x')",
        (str(child),),
    )
    conn.execute(
        "INSERT INTO sar_bundles (request_id, payload, saved_at) VALUES ('sar-own', ?, '2026-01-06')",
        (json.dumps({"format": 1, "chosen": [], "redactions": [], "withheld": []}),),
    )
    dispose(vault, child, rule_id=RULE, rule_source=SOURCE)
    assert conn.execute("SELECT count(*) FROM sar_bundles").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM sar_requests").fetchone()[0] == 0


def test_a_pre_migration_copy_beside_the_vault_is_named_until_it_ages_out(vault, vault_path):
    before = vault_path.with_name(f"{vault_path.stem}.pre-migration-v6-20200101-090000.vault")
    before.write_bytes(b"encrypted copy made before the file began")
    old = time.time() - 3 * 86400
    os.utime(before, (old, old))
    child = _child(vault, "Ignatia")
    _concern(vault, child)
    copy = vault_path.with_name(f"{vault_path.stem}.pre-migration-v7-20261101-090000.vault")
    copy.write_bytes(b"encrypted copy holding every record")
    vault_path.with_name(f"{vault_path.stem}.pre-migration-v7-20261101-090000.vault.tmp").write_bytes(b"x")

    assert [b.path for b in file_of(vault, child).backups] == [str(copy.resolve())]
    holding = file_of(vault, child).backups[0]
    assert (holding.until - holding.made_at).days == 90
    logged = dispose(vault, child, rule_id=RULE, rule_source=SOURCE)
    assert [b.path for b in logged.backups] == [str(copy.resolve())]
    assert [b.path for b in destruction_log(vault)[0].backups] == [str(copy.resolve())]
    copy.unlink()
    assert destruction_log(vault)[0].backups == ()


def test_a_pre_migration_copy_that_has_aged_out_is_not_named(vault, vault_path):
    child = _child(vault, "Ambrose")
    copy = vault_path.with_name(f"{vault_path.stem}.pre-migration-v7-20260101-090000.vault")
    copy.write_bytes(b"encrypted copy")
    # Made (by its time on disk) 91 days ago: past the 90 days of vault-backup. Backdate the file's
    # records too, so the copy is not simply older than the file.
    old = time.time() - 91 * 86400
    os.utime(copy, (old, old))
    vault._ctx.conn.execute("UPDATE records SET created_at = '2020-01-01T00:00:00+00:00' WHERE id = ?", (str(child),))
    assert file_of(vault, child).backups == ()


def test_the_audit_chain_keeps_no_digest_of_a_short_value_that_guessing_could_confirm(vault):
    """After disposal the audit chain stays; a digest of a date, a name or a reference would let anyone
    confirm a guess at what the deleted rows said."""
    child = _child(vault, "Evangeline", date(2008, 2, 29))
    care = date(2025, 7, 18)
    set_care_ended(vault, child, care)
    review_on = date(uk_today().year + 3, 9, 1)
    keep(vault, child, "Open claim", review_on)
    held = place_hold(vault, child, "police", "Op Heron")
    lift_hold(vault, held.id, "Closed")
    received = date(2026, 1, 5)
    request = log_request(vault, child, "child", "Ruth Hawkridge", received)
    with pytest.MonkeyPatch.context() as clock:
        # An extension is decided within the first month.
        clock.setattr(vault._ctx, "now", lambda: datetime(2026, 1, 20, 12, tzinfo=UTC))
        sar_extend(vault, request.id, 1, "Complex")
    sar_close(vault, request.id, "responded", date(2026, 2, 20))
    extended = add_months(received, 2)

    values = [
        str(child),
        str(request.id),
        str(held.id),
        "police",
        "Op Heron",
        "Closed",
        care.isoformat(),
        review_on.isoformat(),
        "Open claim",
        "Ruth Hawkridge",
        received.isoformat(),
        deadline_for(received).isoformat(),
        extended.isoformat(),
        "Complex",
        "responded",
        "2026-02-20",
    ]
    # Anything a guesser would try: each value, and up to three of them joined by new lines, as the
    # old digests were; and the fields of each SAR event as the old JSON digests had them.
    guesses = {"\n".join(combo) for n in (1, 2, 3) for combo in itertools.permutations(values, n)}
    sar_fields = [
        {"person": str(child), "requester": "Ruth Hawkridge", "received": received, "deadline": deadline_for(received)},
        {"extended_to": extended, "reason": "Complex"},
        {"status": "responded", "on": date(2026, 2, 20)},
    ]
    guesses |= {json.dumps(fields, sort_keys=True, default=str) for fields in sar_fields}
    hashes = {hashlib.sha256(g.encode("utf-8")).hexdigest() for g in guesses}
    events = audit.events(vault._ctx.conn)
    actions = {e.action for e in events}
    assert {"retention.care_ended", "retention.keep", "retention.hold", "sar.request", "sar.extend"} <= actions
    confirmable = [(e.action, e.digest) for e in events if e.digest in hashes]
    assert confirmable == []
    assert audit.verify(vault._ctx.conn) == []
