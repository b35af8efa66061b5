"""The child's status and meetings, as a section of their record.

The current status comes first and large, because it matters to every decision; then the
history of periods, then the meetings with whether each parent attended and the actions
still open. Everything is plain-text labels, rebuilt with the record view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from safeguard_desktop.domain.meeting import Meeting
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.status import StatusPeriod
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.gui.widgets import grid_rows, heading, named, plain_label
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Stored

# A record view is for reading; the chronology is the tool for a long history.
MAX_PERIODS_SHOWN = 50
# A record view is a summary: more than a few meetings push the concerns out of sight, and
# every meeting is in the chronology.
MAX_MEETINGS_SHOWN = 5
HISTORY_HEADERS = ("Status", "From", "To", "Note, or why it ended")


def _bold(label: QLabel) -> QLabel:
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class StatusMeetingsSection(QWidget):
    """Current status, status history and meetings for one child.

    The buttons only ask: the window opens the forms (it owns their guards and drafts).
    """

    status_change_requested = Signal()
    meeting_requested = Signal()
    end_period_requested = Signal(object)  # the record id of the period to end

    def __init__(self, vault: Vault, child: Stored[Child], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusAndMeetings")
        periods = [
            s
            for s in vault.status_periods.list(linked_to=child.record_id, limit=MAX_PERIODS_SHOWN)
            if s.data.child_id == child.record_id
        ]
        meetings = vault.meetings.list(linked_to=child.record_id, limit=MAX_MEETINGS_SHOWN)
        total_meetings = vault.meetings.count(linked_to=child.record_id)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._current(periods))
        layout.addWidget(self._history(periods))
        layout.addWidget(self._meetings(meetings, total_meetings))

    # -- current status --------------------------------------------------------------------

    def _current(self, periods: list[Stored[StatusPeriod]]) -> QGroupBox:
        box = QGroupBox("Current status")
        layout = QVBoxLayout(box)
        today = uk_today()
        current = [s for s in periods if s.data.is_current(today)]
        if not current:
            shown = heading("No current status recorded")
            shown.setObjectName("currentStatus")
            layout.addWidget(shown)
        for stored in current:
            period = stored.data
            row = QHBoxLayout()
            shown = heading(f"{period.status_label()} since {format_date(period.start)}")
            shown.setObjectName("currentStatus")
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            row.addWidget(shown, 1)
            if period.end is None:
                end = named(QPushButton("End this period…"), f"End this period: {period.status_label()}")
                end.clicked.connect(lambda _=False, rid=stored.record_id: self.end_period_requested.emit(rid))
                row.addWidget(end, 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(row)
        buttons = QHBoxLayout()
        self.status_button = named(QPushButton("Record status change…"), "Record status change")
        self.status_button.clicked.connect(self.status_change_requested)
        self.meeting_button = named(QPushButton("Record meeting…"), "Record meeting")
        self.meeting_button.clicked.connect(self.meeting_requested)
        buttons.addWidget(self.status_button)
        buttons.addWidget(self.meeting_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return box

    # -- history ---------------------------------------------------------------------------

    def _history(self, periods: list[Stored[StatusPeriod]]) -> QGroupBox:
        box = QGroupBox(f"Status history ({len(periods)})")
        layout = QVBoxLayout(box)
        if not periods:
            layout.addWidget(plain_label("No status recorded: none, or not yet recorded."))
            return box
        host = QWidget()
        host.setObjectName("statusHistory")
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        for column, text in enumerate(HISTORY_HEADERS):
            grid.addWidget(_bold(plain_label(text, wrap=False)), 0, column)
        for line, stored in enumerate(periods, start=1):  # newest start first
            p = stored.data
            note = " ".join(part for part in (p.note, f"Ended: {p.end_reason}" if p.end_reason else "") if part)
            cells = (p.status_label(), format_date(p.start), format_date(p.end) if p.end else "Continuing", note)
            for column, text in enumerate(cells):
                cell = plain_label(text, selectable=True)
                cell.setAccessibleName(f"{HISTORY_HEADERS[column]}, row {line}")
                grid.addWidget(cell, line, column, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(len(HISTORY_HEADERS) - 1, 1)
        layout.addWidget(host)
        return box

    def history_rows(self) -> list[list[str]]:
        """The status history as rows of text (header excluded)."""
        return grid_rows(self.findChild(QWidget, "statusHistory"))

    # -- meetings --------------------------------------------------------------------------

    def _meetings(self, meetings: list[Stored[Meeting]], total: int) -> QGroupBox:
        box = QGroupBox(f"Meetings ({total})")
        layout = QVBoxLayout(box)
        if not meetings:
            layout.addWidget(plain_label("No meetings recorded for this child."))
            return box
        if total > len(meetings):
            layout.addWidget(
                plain_label(f"Showing the newest {len(meetings)} of {total}; every meeting is in the chronology.")
            )
        for stored in meetings:  # newest first
            layout.addWidget(self._meeting(stored.data))
        return box

    def _meeting(self, meeting: Meeting) -> QFrame:
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        frame.setObjectName("meeting")
        layout = QVBoxLayout(frame)
        layout.addWidget(heading(meeting.title(), level=2))
        parents = plain_label(meeting.parents_line(), selectable=True)
        parents.setAccessibleName("Parents and carers")
        layout.addWidget(parents)
        others = [f"{a.described()}{'' if a.attended else ' (did not attend)'}" for a in meeting.professionals()]
        lines: list[tuple[str, str]] = [("Others", "; ".join(others)), ("Decisions", meeting.decisions)]
        today = uk_today()
        open_actions = meeting.open_actions()
        if open_actions:
            lines.append(
                (
                    f"Open actions ({len(open_actions)} of {len(meeting.actions)})",
                    "\n".join(
                        f"{a.action} — {a.owner}"
                        + (f" — due {format_date(a.due)}" if a.due else "")
                        + (" (overdue)" if a.due is not None and a.due < today else "")
                        for a in open_actions
                    ),
                )
            )
        elif meeting.actions:
            lines.append(("Actions", f"All {len(meeting.actions)} done."))
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for line, (label, text) in enumerate((pair for pair in lines if pair[1]), start=0):
            grid.addWidget(_bold(plain_label(label, wrap=False)), line, 0, Qt.AlignmentFlag.AlignTop)
            shown = plain_label(text, selectable=True)
            shown.setAccessibleName(label)
            grid.addWidget(shown, line, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return frame
