"""The demo subject access request: an open request from a made-up adult, with records to review."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguard_desktop.demo import DEMO_PASSPHRASE, build_demo_vault
from safeguard_desktop.demo_sar import NEIGHBOUR, RECEIVED_DAYS_AGO, add_demo_sar
from safeguard_desktop.domain.ukdates import uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.bundle import open_bundle
from safeguard_desktop.governance.bundle_document import bundle_document
from safeguard_desktop.pdf.sar import sar_pdf
from safeguard_desktop.vault.session import Vault
from tests.conftest import FAST_KDF


def test_demo_request_is_open_with_records_to_review(tmp_path: Path) -> None:
    path = tmp_path / "demo.vault"
    build_demo_vault(path, kdf=FAST_KDF, children=2)
    with Vault.open(path, DEMO_PASSPHRASE) as vault:
        [request] = sar.requests(vault)  # the demo builder logged it
        assert request.status == "open" and request.person_kind == "adult"
        assert 0 < request.days_left() <= 31 - RECEIVED_DAYS_AGO
        assert request.received == uk_today().fromordinal(uk_today().toordinal() - RECEIVED_DAYS_AGO)
        doc = bundle_document(vault, open_bundle(vault, request), request)
        # The adult's own record, the records linked to them, and the call that names them.
        assert len(doc.records) >= 3
        texts = [text for record in doc.records for _, text in record.sections]
        assert any(NEIGHBOUR in text for text in texts)
        assert sar_pdf(doc, demo=vault.is_demo).startswith(b"%PDF")


def test_demo_request_is_refused_in_a_real_vault(vault: Vault) -> None:
    with pytest.raises(SafeguardError, match="demo vault"):
        add_demo_sar(vault)
