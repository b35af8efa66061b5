"""Drafts: kept inside the vault, replaced in place, not versioned, not audited."""

from __future__ import annotations

from safeguard_desktop.vault import audit
from safeguard_desktop.vault.session import Vault
from tests.conftest import PASSPHRASE

FORM = {"given_names": "Peregrine", "family_name": "Ashdown-Mbeki", "notes": "<b>O'Brien & Sons</b>"}


def test_a_draft_survives_a_lock_encrypted(vault, vault_path):
    events = audit.head(vault._ctx.conn)[0]
    vault.drafts.save("child:new", FORM)
    vault.drafts.save("concern:new", {"text": "first"})
    vault.drafts.save("concern:new", {"text": "second"})
    assert audit.head(vault._ctx.conn)[0] == events  # not audited
    vault.close()
    for f in vault_path.parent.iterdir():
        assert b"Ashdown" not in f.read_bytes(), f
    with Vault.open(vault_path, PASSPHRASE) as v:
        assert v.drafts.keys() == ["child:new", "concern:new"]
        assert v.drafts.load("child:new") == FORM
        assert v.drafts.load("concern:new") == {"text": "second"}
        assert v.drafts.load("nothing:here") is None
        v.drafts.discard("child:new")
        v.drafts.discard("child:new")  # twice is fine
        assert v.drafts.keys() == ["concern:new"]
        assert v.check().ok
