"""Answer the "Who is this for?" dialog in GUI tests, as a person would, without a nested event loop.

`answer_disclosure` replaces the dialog's exec: the answers are typed into the real fields and the
real Continue button is clicked, so the dialog's own validation runs. Each dialog asked is kept,
so a test can check that exactly one question came before the file or print dialog.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from safeguard_desktop.gui.disclosure_dialog import DisclosureDialog


def answer_disclosure(
    monkeypatch: pytest.MonkeyPatch, recipient: str | None = "Police", purpose: str | None = "Section 47 enquiry"
) -> list[DisclosureDialog]:
    """Answer every disclosure question with `recipient` and `purpose`; None keeps what was filled in."""
    asked: list[DisclosureDialog] = []

    def fake_exec(self: DisclosureDialog) -> int:
        asked.append(self)
        if recipient is not None:
            self.recipient.setEditText(recipient)
        if purpose is not None:
            self.purpose.setText(purpose)
        self.ok_button.click()
        return int(self.result())

    monkeypatch.setattr(DisclosureDialog, "exec", fake_exec)
    return asked


def cancel_disclosure(monkeypatch: pytest.MonkeyPatch) -> list[DisclosureDialog]:
    """Cancel every disclosure question."""
    asked: list[DisclosureDialog] = []

    def fake_exec(self: DisclosureDialog) -> int:
        asked.append(self)
        self.cancel_button.click()
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(DisclosureDialog, "exec", fake_exec)
    return asked
