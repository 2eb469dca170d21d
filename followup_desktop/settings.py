"""Every setting, declared once: key, type, default, label, group, bounds.

The schedule's numbers are the defaults of ``docs/rules.md``. The store persists values
by key; :class:`Settings` is the typed, immutable view that the schedule, the composer,
the reminders and the UI read.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields
from typing import Any


def _s(default: Any, label: str, group: str, lo: float | None = None, hi: float | None = None,
       unit: str = "") -> Any:
    return field(default=default, metadata={"label": label, "group": group, "min": lo,
                                             "max": hi, "unit": unit})


SCHEDULE = "Schedule"
CHECKS = "Draft checks"
REMINDERS = "Reminders"


@dataclass(frozen=True, slots=True)
class Settings:
    # Windows (docs/rules.md, "Windows")
    default_duration_minutes: int = _s(60, "Default interview length", SCHEDULE, 5, 600, "min")
    debrief_due_hours: int = _s(3, "Debrief due after the round", SCHEDULE, 1, 72, "h")
    thank_you_due_hours: int = _s(24, "Thank-you due after the round", SCHEDULE, 1, 168, "h")
    thank_you_late_hours: int = _s(48, "Thank-you still worth sending until", SCHEDULE, 1, 336,
                                   "h")
    materials_due_hours: int = _s(24, "Promised materials due after the round", SCHEDULE, 1,
                                  168, "h")
    checkin_after_decision_days: int = _s(2, "Check-in after the stated decision date",
                                          SCHEDULE, 0, 30, "days")
    checkin_open_hour: int = _s(9, "Check-in opens at (hour)", SCHEDULE, 0, 23, "h")
    checkin_no_date_days: int = _s(7, "Check-in with no stated date, after the round",
                                   SCHEDULE, 1, 60, "days")
    checkin_due_days: int = _s(7, "A check-in is due within", SCHEDULE, 1, 60, "days")
    checkin2_after_days: int = _s(7, "Second check-in after the first was sent", SCHEDULE, 1,
                                  60, "days")
    max_checkins: int = _s(2, "Check-ins at most", SCHEDULE, 0, 2)
    checkin_stop_days: int = _s(42, "No check-in later than, after the round", SCHEDULE, 7,
                                180, "days")
    no_response_days: int = _s(42, "Closed with no response after", SCHEDULE, 7, 180, "days")
    rejection_reply_due_days: int = _s(2, "Rejection reply due within", SCHEDULE, 1, 30, "days")
    stay_in_touch_after_days: int = _s(30, "Stay in touch after the last contact", SCHEDULE, 1,
                                       365, "days")
    stay_in_touch_due_days: int = _s(60, "Stay in touch due within", SCHEDULE, 1, 365, "days")
    offer_confirmation_due_hours: int = _s(24, "Offer confirmation due within", SCHEDULE, 1,
                                           168, "h")
    work_day_start_hour: int = _s(9, "Working hours start", SCHEDULE, 0, 23, "h")
    work_day_end_hour: int = _s(17, "Working hours end", SCHEDULE, 1, 24, "h")
    # Draft checks (docs/rules.md, "What the composer checks")
    linkedin_note_max_chars: int = _s(300, "LinkedIn note at most", CHECKS, 50, 2000, "chars")
    max_messages_per_week: int = _s(2, "Follow-ups to one person per 7 days at most", CHECKS,
                                    1, 10)
    panel_similarity: float = _s(0.85, "Panel notes too alike above", CHECKS, 0.5, 1.0)
    thank_you_max_words: int = _s(200, "Thank-you note at most", CHECKS, 50, 1000, "words")
    thank_you_min_sentences: int = _s(3, "Thank-you note at least", CHECKS, 1, 20, "sentences")
    thank_you_max_sentences: int = _s(5, "Thank-you note about at most", CHECKS, 1, 30,
                                      "sentences")
    thank_you_max_paragraphs: int = _s(4, "Thank-you note at most", CHECKS, 1, 20, "paragraphs")
    # Reminders
    quiet_start_hour: int = _s(21, "Quiet hours start", REMINDERS, 0, 23, "h")
    quiet_end_hour: int = _s(8, "Quiet hours end", REMINDERS, 0, 23, "h")
    snooze_minutes: int = _s(60, "Snooze for", REMINDERS, 5, 1440, "min")
    start_at_login: bool = _s(False, "Start Followup at login (in the tray)", REMINDERS)
    reminders_paused: bool = _s(False, "Pause reminders", REMINDERS)
    # Last useful moments (docs/rules.md, "Too late: expired windows"): past it a window has
    # expired. The thank-you's is ``thank_you_late_hours`` above.
    debrief_expires_hours: int = _s(72, "Debrief no longer useful after the round", SCHEDULE,
                                    1, 720, "h")
    materials_expire_days: int = _s(7, "Promised materials no longer useful after the round",
                                    SCHEDULE, 1, 60, "days")
    checkin_expire_days: int = _s(14, "A check-in is too late after it opened", SCHEDULE, 1,
                                  90, "days")
    rejection_reply_expire_days: int = _s(7, "A rejection reply is too late after", SCHEDULE,
                                          1, 60, "days")
    stay_in_touch_expire_days: int = _s(60, "Stay in touch is too late after it opened",
                                        SCHEDULE, 1, 365, "days")
    linkedin_note_expire_days: int = _s(30, "LinkedIn note no longer useful after the round",
                                        SCHEDULE, 1, 365, "days")
    offer_confirmation_expire_hours: int = _s(72, "Offer confirmation too late after",
                                              SCHEDULE, 1, 720, "h")
    # The mail account (Settings › Mail account): how often the tray looks for new mail
    mail_sync_minutes: int = _s(10, "Check the mail account every", REMINDERS, 1, 1440, "min")

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    label: str
    group: str
    min: float | None
    max: float | None
    unit: str

    def parse(self, raw: Any) -> Any:
        """A stored or typed value as this setting's type; ``ValueError`` with a reason."""
        if self.type is bool:
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in ("1", "true", "yes", "on"):
                return True
            if str(raw).lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(f"{self.label}: expected yes or no")
        try:
            value = self.type(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{self.label}: expected a number") from None
        if self.min is not None and value < self.min:
            raise ValueError(f"{self.label}: at least {self.min:g}")
        if self.max is not None and value > self.max:
            raise ValueError(f"{self.label}: at most {self.max:g}")
        return value


_TYPES = {"int": int, "float": float, "bool": bool}

SPECS: tuple[SettingSpec, ...] = tuple(
    SettingSpec(
        key=f.name,
        type=_TYPES[f.type] if isinstance(f.type, str) else f.type,  # type: ignore[arg-type]
        default=f.default,
        label=f.metadata["label"],
        group=f.metadata["group"],
        min=f.metadata["min"],
        max=f.metadata["max"],
        unit=f.metadata["unit"],
    )
    for f in fields(Settings)
)
SPEC_BY_KEY = {s.key: s for s in SPECS}


def settings_from(values: dict[str, Any]) -> Settings:
    """Settings from stored raw values; unknown keys are ignored, bad values fall back."""
    kwargs: dict[str, Any] = {}
    for key, raw in values.items():
        spec = SPEC_BY_KEY.get(key)
        if spec is None:
            continue
        try:
            kwargs[key] = spec.parse(raw)
        except ValueError:
            continue
    return Settings(**kwargs)


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    return {s.key: getattr(settings, s.key) for s in SPECS}
