"""How the subject access bundle editor is arranged on screen.

The editor (`sar_bundle.SarBundleWindow`) makes its widgets and holds the behaviour; this
module only places them: the list of records on the left, and on the right the record's
text, its redactions and the redacted result, one above the other, so that a reviewer reads
the original, the reasons and what will be printed in one column.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from safeguard_desktop.domain.ukdates import format_date
from safeguard_desktop.gui.sar_exemption import pane
from safeguard_desktop.gui.widgets import heading, plain_label

if TYPE_CHECKING:
    from safeguard_desktop.gui.sar_bundle import SarBundleWindow


def lay_out(window: SarBundleWindow) -> None:
    """Place the editor's widgets; sets `window.panes`, the splitter of the three right-hand panes."""
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(0, 0, 0, 0)
    left_layout.addWidget(window.dropped_note)
    left_layout.addWidget(plain_label("Records that name the person (tick to include):"))
    left_layout.addWidget(window.records, 1)
    left_layout.addWidget(window.withhold_button)
    # The record's text and the printed result get the height; the redactions list, usually
    # a line or two, gets a strip between them. The reviewer can drag the dividers.
    reading = pane(window.text, "Record text (select words, then Redact selection):", window.redact_button)
    top = QHBoxLayout()
    top.addWidget(window.record_note, 1)
    top.addWidget(window.latest_button)
    reading_layout = reading.layout()
    assert isinstance(reading_layout, QVBoxLayout)
    reading_layout.insertLayout(0, top)
    listed = pane(window.redactions, "Redactions in this record:", window.remove_button)
    printed = pane(window.result, "As it will be printed:")
    window.panes = QSplitter(Qt.Orientation.Vertical)
    window.panes.setChildrenCollapsible(False)
    for part, share in ((reading, 5), (listed, 2), (printed, 5)):
        window.panes.addWidget(part)
        window.panes.setStretchFactor(window.panes.count() - 1, share)
    window.panes.setSizes([500, 200, 500])
    splitter = QSplitter()
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(window.panes)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes([360, 740])
    buttons = QHBoxLayout()
    buttons.addWidget(window.status, 1)
    buttons.addWidget(window.save_button)
    buttons.addWidget(window.export_button)
    layout = QVBoxLayout(window)
    layout.addWidget(heading(f"Subject access bundle: {window.request.person_name}"))
    layout.addWidget(
        plain_label(
            f"Requested by {window.request.requester}; received {format_date(window.request.received)}; "
            f"due {format_date(window.request.due())}."
        )
    )
    layout.addWidget(splitter, 1)
    layout.addWidget(window.error)
    layout.addLayout(buttons)
