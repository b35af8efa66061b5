"""The referral exactly as sent: one structured document read from the vault at one moment.

A `Referral` record holds the referrer's answers and references to other records. The
document copies what those records say now (the child's details, the adults, the concerns,
the chosen chronology rows, screening summaries, the threshold decision) so that the packet
reads the same whatever is corrected later. Its JSON shape is published as
`docs/referral.schema.json` (see `referral.schema`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from safeguard_desktop.chronology.timeline import TimelineRow
from safeguard_desktop.domain.concern import ordered
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.ukdates import to_uk, utc_now
from safeguard_desktop.governance.notes import record_titles
from safeguard_desktop.governance.statements import statements_by_record
from safeguard_desktop.referral.filed import left_out
from safeguard_desktop.referral.model import ChronologyPick, Referral
from safeguard_desktop.referral.snapshot_model import (
    FORMAT_VERSION,
    AddressDoc,
    AdultDoc,
    AdultLinkDoc,
    AreaDoc,
    AttachmentDoc,
    CallDoc,
    ChildDoc,
    ChronologyRowDoc,
    ConcernChildDoc,
    ConcernDoc,
    ConsentDoc,
    DecisionDoc,
    IndicatorDoc,
    NotKnownDoc,
    ProfessionalDoc,
    ReferralDocument,
    ReferrerDoc,
    ScreeningDoc,
    StatementDoc,
    StatusDoc,
    canonical_json,
)
from safeguard_desktop.referral.snapshot_people import child_doc, not_known, people
from safeguard_desktop.screening.summary import record_summary
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

__all__ = [
    "FORMAT_VERSION",
    "AddressDoc",
    "AdultDoc",
    "AdultLinkDoc",
    "AreaDoc",
    "AttachmentDoc",
    "CallDoc",
    "ChildDoc",
    "ChronologyRowDoc",
    "ConcernChildDoc",
    "ConcernDoc",
    "ConsentDoc",
    "DecisionDoc",
    "IndicatorDoc",
    "NotKnownDoc",
    "ProfessionalDoc",
    "ReferralDocument",
    "ReferrerDoc",
    "ScreeningDoc",
    "StatementDoc",
    "StatusDoc",
    "build_document",
    "canonical_json",
    "picked_rows",
]


def _current(stored: Stored[Any], what: str) -> None:
    if stored.withdrawn:
        raise DomainError(
            f"{what} chosen for this referral has since been withdrawn as recorded in error; "
            "take it out of the referral before sending."
        )


def picked_rows(vault: Vault, picks: list[ChronologyPick]) -> list[TimelineRow]:
    """The chronology rows chosen, in date order; a row that no longer exists is refused by name."""
    rows: list[TimelineRow] = []
    cache: dict[UUID, list[TimelineRow]] = {}
    for pick in picks:
        if pick.record_id not in cache:
            cache[pick.record_id] = vault.timeline.items_of(pick.record_id)
        row = next((r for r in cache[pick.record_id] if r.item == pick.item), None)
        if row is None:
            raise DomainError(
                "A chronology entry chosen for this referral is no longer in the chronology; choose the entries again."
            )
        if row.withdrawn:
            raise DomainError(
                f"The chronology entry of {row.date_text} was withdrawn as recorded in error; "
                "take it out of the referral before sending."
            )
        rows.append(row)
    return sorted(rows, key=lambda r: (r.at, r.record_id.hex, r.item))


def _concern_doc(vault: Vault, concern_id: UUID) -> ConcernDoc:
    stored = vault.concerns.get(concern_id)
    _current(stored, "A concern")
    c = stored.data
    return ConcernDoc(
        concern_id=concern_id,
        happened=c.happened.display(),
        categories=c.category_labels(),
        children=[
            ConcernChildDoc(child_id=ch.child_id, roles=[role.label() for role in ordered(ch.roles)])
            for ch in c.children
        ],
        reported_by=c.reported_by,
        recorded_by=c.recorded_by.one_line(),
        account=c.account,
        child_words=c.child_words,
        action_taken=c.action_taken,
        status=c.status.label(),
    )


def _screening_doc(vault: Vault, screening_id: UUID) -> ScreeningDoc:
    stored = vault.screenings.get(screening_id)
    _current(stored, "A screening")
    s = stored.data
    return ScreeningDoc(
        screening_id=screening_id,
        child_id=s.child_id,
        period=s.period_text(),
        tool=s.pack.tool,
        carer_name=s.carer_name,
        areas=[AreaDoc(area=a.area_name, grade=a.grade) for a in s.areas],
        summary=record_summary(s),
    )


def _decision_doc(vault: Vault, decision_id: UUID) -> DecisionDoc:
    stored = vault.threshold_decisions.get(decision_id)
    _current(stored, "The threshold decision")
    d = stored.data
    return DecisionDoc(
        decision_id=decision_id,
        child_id=d.child_id,
        decided=d.decided.display(),
        decided_by=d.decided_by.one_line(),
        level=d.level,
        level_name=d.level_name,
        reasons=d.reasons,
        action=d.action.label(),
        indicators=[
            IndicatorDoc(domain=i.domain_name, level=i.level, text=i.text, evidence=i.evidence) for i in d.indicators
        ],
        guide=d.guide.citation(),
        guide_digest=d.guide.digest,
    )


def _row_doc(row: TimelineRow) -> ChronologyRowDoc:
    return ChronologyRowDoc(
        record_id=row.record_id,
        item=row.item,
        date=row.date_text,
        categories=list(row.categories),
        summary=row.summary,
        role=row.role,
        significance=row.significance.label(),
        impact=row.impact.label(),
        source=row.source,
        recorded_by=row.recorded_by,
    )


def _statement_docs(vault: Vault, record_ids: list[UUID]) -> list[StatementDoc]:
    """The statements of disagreement with the records included, in the order the records are listed."""
    grouped = statements_by_record(vault, record_ids)
    titles = record_titles(vault, grouped)
    return [
        StatementDoc(
            record_id=s.record_id,
            about=titles.get(s.record_id, ""),
            heading=s.heading(),
            made_by=s.made_by,
            received=s.received,
            text=s.text,
        )
        for record_id in dict.fromkeys(record_ids)
        for s in grouped.get(record_id, [])
    ]


def build_document(
    vault: Vault, stored: Stored[Referral], *, rows: list[TimelineRow] | None = None, now: datetime | None = None
) -> ReferralDocument:
    """Read the current version of every record the referral points at, and return the document.

    `rows` are the chronology rows already read by `picked_rows` (so a packet's CSV and JSON
    show the same rows); `now` fixes the creation time. A chosen record that has since been
    withdrawn is refused with a message saying so, rather than sent.

    A chosen record that is restricted (a dispute about it is open) is left out, and the document
    says how many were; statements of disagreement with the records included go with them. So is
    one no longer filed under the referral's children (moved to another child), counted apart.
    """
    r = stored.data
    held, gone = left_out(vault, r)
    skip = held | gone
    chosen_ids = {*r.concern_ids, *r.screening_ids, *r.attachment_ids, *(p.record_id for p in r.chronology)}
    if r.decision_id is not None:
        chosen_ids.add(r.decision_id)
    created = now or utc_now()
    on = to_uk(created).date()
    children = []
    adults, professionals = people(vault, r)
    for pick in r.children:
        child = vault.children.get(pick.child_id)
        _current(child, "A child")
        doc = child_doc(vault, pick.child_id, child.data, pick.safe_tonight.value, pick.where_now, on)
        children.append(doc.model_copy(update={"not_known": not_known(r, pick.child_id, child.data, adults)}))
    by_id = {a.adult_id: a for a in adults}
    consents = [
        ConsentDoc(
            adult_id=a.adult_id,
            name=by_id[a.adult_id].name,
            parental_responsibility=any(link.parental_responsibility for link in by_id[a.adult_id].relationships),
            aware=a.aware.value,
            consented=a.consented.value,
            reason_not=a.reason_not.value if a.reason_not is not None else None,
            reason_not_text=a.reason_not.label() if a.reason_not is not None else "",
            note=a.note,
        )
        for a in r.consents
    ]
    attachments = []
    for attachment_id in (a for a in r.attachment_ids if a not in skip):
        meta = vault.attachments.get(attachment_id)
        _current(meta, "An attachment")
        m = meta.data
        attachments.append(
            AttachmentDoc(
                attachment_id=attachment_id,
                filename=m.filename,
                media_type=m.media_type,
                size=m.size,
                sha256=m.sha256,
                description=m.description,
            )
        )
    if rows is None:
        rows = picked_rows(vault, [p for p in r.chronology if p.record_id not in skip])
    chosen = [row for row in rows if row.record_id not in skip]
    concern_ids = [cid for cid in r.concern_ids if cid not in skip]
    screening_ids = [sid for sid in r.screening_ids if sid not in skip]
    decision_id = r.decision_id if r.decision_id not in skip else None
    included = [
        *(c.child_id for c in children),
        *(a.adult_id for a in adults),
        *concern_ids,
        *(row.record_id for row in chosen),
        *screening_ids,
        *([decision_id] if decision_id is not None else []),
        *(a.attachment_id for a in attachments),
    ]
    who = r.referrer
    return ReferralDocument(
        referral_id=stored.record_id,
        version_id=stored.version_id,
        destination=r.destination.value,
        destination_label=r.destination.label(),
        created=created,
        children=children,
        adults=adults,
        professionals=professionals,
        immediate_danger=r.immediate_danger,
        police_call=CallDoc.of(r.police_call),
        response_today=r.response_today,
        mash_call=CallDoc.of(r.mash_call),
        risk_to_visitors=r.risk_to_visitors,
        mental_health=r.mental_health.value,
        substance_misuse=r.substance_misuse.value,
        domestic_abuse=r.domestic_abuse.value,
        parental_factors_note=r.parental_factors_note,
        concerns=[_concern_doc(vault, cid) for cid in concern_ids],
        chronology=[_row_doc(row) for row in chosen],
        screenings=[_screening_doc(vault, sid) for sid in screening_ids],
        decision=_decision_doc(vault, decision_id) if decision_id is not None else None,
        early_help=r.early_help,
        consents=consents,
        family_told=r.family_told,
        family_response=r.family_response,
        child_voice=r.child_voice,
        referrer_wants=r.referrer_wants,
        referrer=ReferrerDoc(name=who.name, role=who.role, organisation=who.organisation, contact=who.contact),
        attachments=attachments,
        statements=_statement_docs(vault, included),
        restricted_left_out=len(chosen_ids & held),
        moved_left_out=len(chosen_ids & gone),
    )
