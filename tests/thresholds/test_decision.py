"""A level-of-need decision: stored with its edition, versioned, and in the chronology."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from pydantic import ValidationError

from safeguard_desktop.domain.eventdate import EventDate
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import uk_today, utc_now
from safeguard_desktop.thresholds.decision import ChosenIndicator, Consent, ThresholdDecision
from safeguard_desktop.thresholds.guide import Action, ThresholdGuide
from safeguard_desktop.thresholds.library import shipped_guide
from safeguard_desktop.vault.session import Vault


@pytest.fixture
def guide() -> ThresholdGuide:
    return shipped_guide()


@pytest.fixture
def child(vault: Vault):
    return vault.children.add(Child(given_names="Peregrine", family_name="Achterberg", date_of_birth=date(2016, 2, 9)))


def _chosen(guide: ThresholdGuide, level: int, how_many: int) -> list[ChosenIndicator]:
    picked = guide.indicators_in(level=level)[:how_many]
    return [
        ChosenIndicator(
            indicator_id=i.id, domain_id=i.domain, domain_name=guide.domain(i.domain).name, level=i.level, text=i.text
        )
        for i in picked
    ]


def _decision(vault: Vault, guide: ThresholdGuide, child_id, **changes) -> ThresholdDecision:
    fields = {
        "child_id": child_id,
        "decided": EventDate.exact(utc_now()),
        "decided_by": vault.practitioner,
        "guide": guide.edition(),
        "indicators": [
            *_chosen(guide, 3, 2),
            ChosenIndicator(
                domain_id="parenting",
                domain_name=guide.domain("parenting").name,
                level=2,
                text="Mum says the food bank is the only food this week",
                evidence="Told me at the gate",
            ),
        ],
        "level": 3,
        "level_name": guide.level(3).name,
        "reasons": "Needs across two domains that Early Help has not met since March.",
        "consent": Consent.AGREED,
        "action": Action.MASH_REFERRAL,
    }
    fields.update(changes)
    return ThresholdDecision(**fields)


def test_a_decision_keeps_the_edition_that_informed_it_and_shows_in_the_chronology(vault, guide, child):
    stored = vault.threshold_decisions.add(_decision(vault, guide, child.record_id))

    again = vault.threshold_decisions.get(stored.record_id).data
    assert again.guide == guide.edition()
    assert again.guide.digest == guide.edition().digest
    assert again.guide.edition == guide.source.edition
    assert again.indicators[-1].is_free_text and again.indicators[0].indicator_id == guide.indicators_in(level=3)[0].id

    (row,) = vault.timeline.rows(child.record_id)
    assert row.kind == "threshold_decision"
    assert row.categories == ("Threshold decision",)
    assert f"level 3 ({guide.level(3).name})" in row.summary
    assert "MASH referral" in row.summary and guide.source.edition in row.summary
    assert [hit.record_id for hit in vault.timeline.search("food bank").hits] == [stored.record_id]


def test_a_decision_is_corrected_by_a_new_version_and_the_chronology_follows(vault, guide, child):
    stored = vault.threshold_decisions.add(_decision(vault, guide, child.record_id))
    corrected = stored.data.model_copy(
        update={"level": 2, "level_name": guide.level(2).name, "action": Action.EARLY_HELP}
    )
    vault.threshold_decisions.amend(stored.record_id, corrected, "Discussed with LCSS: Early Help first")

    versions = vault.threshold_decisions.history(stored.record_id)
    assert [v.data.level for v in versions] == [3, 2]
    (row,) = vault.timeline.rows(child.record_id)
    assert "level 2" in row.summary and "Early Help" in row.summary
    assert vault.check().ok


def test_reasons_are_required_and_a_decision_cannot_be_dated_in_the_future(vault, guide, child):
    with pytest.raises(ValidationError, match="reasons"):
        _decision(vault, guide, child.record_id, reasons="  ")
    tomorrow = EventDate.on_day(uk_today() + timedelta(days=2))
    with pytest.raises(ValidationError, match="future"):
        _decision(vault, guide, child.record_id, decided=tomorrow)


def test_the_edition_citation_names_document_edition_and_date(guide):
    citation = guide.edition().citation()
    assert guide.source.document in citation and guide.source.edition in citation
    assert guide.source.published.strftime("%d/%m/%Y") in citation


def test_an_edition_an_earlier_release_shipped_is_still_found_for_its_decisions(vault, guide, tmp_path, monkeypatch):
    from safeguard_desktop.thresholds import library

    older_source = guide.source.model_copy(update={"edition": "2019", "published": date(2019, 4, 1)})
    older = guide.model_copy(update={"source": older_source})
    (tmp_path / "2019.json").write_bytes(older.canonical_bytes())
    real_resource = library.resource
    monkeypatch.setattr(
        library, "resource", lambda *parts: tmp_path if parts == library.EARLIER_GUIDES else real_resource(*parts)
    )
    library._earlier_guides.cache_clear()
    try:
        assert library.guide_for(vault, older.edition()) == older
        assert library.current_guide(vault) == guide
    finally:
        library._earlier_guides.cache_clear()
