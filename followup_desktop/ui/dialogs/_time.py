"""Date and time fields shown in the profile's time zone, stored as aware UTC.

The Qt edits hold *wall-clock* values in a fixed UTC spec, so the machine's own zone (and
its DST gaps) never shifts what the user typed; :mod:`zoneinfo` turns the wall time into
an instant in the profile's zone. A wall time that does not exist (spring forward) moves
forward by the gap, an ambiguous one (fall back) takes the first occurrence — as in
``docs/rules.md``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from followup_desktop.records import FIRST_YEAR, LAST_YEAR
from followup_desktop.ui.dialogs._form import hint_label

UTC = dt.UTC
DATE_TIME_FORMAT = "ddd d MMM yyyy  HH:mm"
DATE_FORMAT = "ddd d MMM yyyy"


def wall_qdatetime(value: dt.datetime, tz: ZoneInfo) -> QDateTime:
    local = value.astimezone(tz)
    return QDateTime(QDate(local.year, local.month, local.day),
                     QTime(local.hour, local.minute), QTimeZone.utc())


def instant_from_wall(value: QDateTime, tz: ZoneInfo) -> dt.datetime:
    d, t = value.date(), value.time()
    wall = dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), tzinfo=tz, fold=0)
    # Round-trip through UTC: a non-existent wall time lands after the gap.
    return wall.astimezone(UTC)


def qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def zone_caption(tz: ZoneInfo, at: dt.datetime) -> str:
    local = at.astimezone(tz)
    abbrev = local.tzname() or ""
    name = getattr(tz, "key", str(tz))
    return f"{name} ({abbrev})" if abbrev and abbrev != name else name


#: the first and last day a date edit offers (``records.FIRST_YEAR`` .. ``LAST_YEAR``)
_SPAN = (QDate(FIRST_YEAR, 1, 1), QDate(LAST_YEAR, 12, 31))


class ZonedDateTimeEdit(QWidget):
    """A date-time edit in the profile's zone, with the zone named beside it."""

    def __init__(self, value: dt.datetime, tz: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.edit = QDateTimeEdit(self)
        self.edit.setTimeZone(QTimeZone.utc())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_TIME_FORMAT)
        self.edit.setDateRange(*_SPAN)  # the years the store keeps
        self.edit.setDateTime(wall_qdatetime(value, tz))
        self.zone = hint_label(zone_caption(tz, value), self)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.zone)
        self.setFocusProxy(self.edit)

    def value(self) -> dt.datetime:
        """The instant typed, aware UTC."""
        return instant_from_wall(self.edit.dateTime(), self.tz)

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt naming)
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)


class OptionalDate(QWidget):
    """A date that may be absent: a check box switches the date edit on."""

    def __init__(self, check_text: str, value: dt.date | None, default: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(check_text, self)
        self.check.setAccessibleName(check_text.replace("&", ""))
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setDateRange(*_SPAN)
        self.edit.setDate(qdate(value or default))
        self.edit.setAccessibleName("Decision date")
        self.check.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.check.toggled.connect(self.edit.setEnabled)
        lay.addWidget(self.check)
        lay.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)

    def value(self) -> dt.date | None:
        return pydate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value is not None:
            self.edit.setDate(qdate(value))


def label_for(widget: QWidget, text: str) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label
