"""Retention rules: shipped with their sources, adjusted locally with a reason, and audited."""

from __future__ import annotations

from datetime import date

import pytest

from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance import rules
from safeguard_desktop.governance.rules import (
    add_years,
    adjust_rule,
    child_file_rule,
    effective_rules,
    organisation_history,
    organisation_type,
    rule,
    rule_history,
    set_organisation_type,
    shipped_rules,
)
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF, PASSPHRASE


def _audit_actions(vault: Vault) -> list[str]:
    return [str(r[0]) for r in vault._ctx.conn.execute("SELECT action FROM audit ORDER BY seq")]


def test_the_three_shipped_rules_name_their_sources() -> None:
    shipped = {r.id: r for r in shipped_rules()}
    assert set(shipped) == {"school-child-protection-file", "nhs-childrens-record", "vault-backup"}
    school = shipped["school-child-protection-file"]
    assert (school.period.years, school.period.start, school.then) == (25, "date_of_birth", "review")
    assert "IRMS" in school.source and "2019" in school.source
    nhs = shipped["nhs-childrens-record"]
    assert nhs.extension is not None and (nhs.extension.care_ended_at_age, nhs.extension.extra_years) == (17, 1)
    assert "Records Management Code of Practice 2023" in nhs.source
    backup = shipped["vault-backup"]
    assert (backup.record_kind, backup.period.days, backup.period.start) == ("backup", 90, "made")
    assert school.describe() == "date of birth + 25 years, then review"
    assert nhs.describe() == "date of birth + 25 years (26 years if 17 when care ended), then review"


def test_adjusting_a_rule_is_kept_in_its_history_and_audited(vault: Vault) -> None:
    assert rule_history(vault, "school-child-protection-file") == []
    adjusted = adjust_rule(vault, "school-child-protection-file", years=30, reason="Governors' policy <b>2026</b>")
    assert adjusted.period.years == 30
    assert adjusted.adjustment is not None
    assert adjusted.source_line().startswith(shipped_rules()[0].source)
    assert "adjusted locally on" in adjusted.source_line()
    assert adjusted.source_line().endswith(": Governors' policy <b>2026</b>)")
    assert _audit_actions(vault)[-1] == "retention.rule_change"
    # The reason is words: never in the audit chain.
    assert not vault._ctx.conn.execute("SELECT 1 FROM audit WHERE digest LIKE '%Governors%'").fetchone()

    adjust_rule(vault, "school-child-protection-file", days=10, reason="Allow time for the review meeting")
    history = rule_history(vault, "school-child-protection-file")
    assert [(c.years, c.days) for c in history] == [(30, 0), (30, 10)]
    assert rule(vault, "school-child-protection-file").period.days == 10
    # Others are untouched.
    assert rule(vault, "nhs-childrens-record").adjustment is None
    assert [r.id for r in effective_rules(vault)] == [r.id for r in shipped_rules()]


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"years": 30, "reason": "   "}, "Say why"),
        ({"years": 0, "days": 0, "reason": "x"}, "longer than nothing"),
        ({"years": -1, "reason": "x"}, "negative"),
        ({"years": 25, "reason": "x"}, "already stands"),
        ({"then": "shred", "reason": "x"}, "reviewed or deleted"),
    ],
)
def test_bad_adjustments_are_refused_and_change_nothing(vault: Vault, kwargs: dict, words: str) -> None:
    with pytest.raises(SafeguardError, match=words):
        adjust_rule(vault, "school-child-protection-file", **kwargs)
    assert rule_history(vault, "school-child-protection-file") == []


def test_an_unknown_rule_is_a_clear_error(vault: Vault) -> None:
    with pytest.raises(SafeguardError, match="no retention rule"):
        adjust_rule(vault, "nope", years=3, reason="x")


def test_organisation_type_is_guessed_then_set_with_a_reason(vault: Vault) -> None:
    assert organisation_type(vault) == "school"  # a Designated Safeguarding Lead
    assert child_file_rule(vault).id == "school-child-protection-file"
    with pytest.raises(SafeguardError, match="Say why"):
        set_organisation_type(vault, "nhs", " ")
    with pytest.raises(SafeguardError, match="school or an NHS"):
        set_organisation_type(vault, "council", "x")
    set_organisation_type(vault, "nhs", "The vault moved to the school nursing team")
    assert organisation_type(vault) == "nhs"
    assert child_file_rule(vault).id == "nhs-childrens-record"
    assert _audit_actions(vault)[-1] == "retention.organisation"
    assert [c.organisation for c in organisation_history(vault)] == ["nhs"]
    with pytest.raises(SafeguardError, match="already set"):
        set_organisation_type(vault, "nhs", "again")
    # Organisation changes never show as a rule's history.
    assert all(rule_history(vault, r.id) == [] for r in shipped_rules())


def test_a_health_visitor_is_guessed_to_be_nhs(tmp_path) -> None:
    hv = Practitioner(name="Morwenna Tregarthen", role="Health Visitor", organisation="Kestrel Community Trust")
    with Vault.create(tmp_path / "hv.vault", PASSPHRASE, hv, kdf=FAST_KDF) as vault:
        assert organisation_type(vault) == "nhs"
        assert not rules.organisation_is_set(vault)


def test_years_from_29_february() -> None:
    assert add_years(date(2004, 2, 29), 25) == date(2029, 3, 1)
    assert add_years(date(2004, 2, 29), 24) == date(2028, 2, 29)
    assert add_years(date(2001, 6, 30), 25) == date(2026, 6, 30)
