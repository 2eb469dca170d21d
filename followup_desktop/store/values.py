"""The profile, the settings, the dictionary's words and other kept values: the store's
key-value rows (a part of :class:`~followup_desktop.store.Store`). No Qt here."""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

from followup_desktop.records import Profile
from followup_desktop.settings import SPEC_BY_KEY, Settings, settings_from, settings_to_dict
from followup_desktop.store.models import SettingRow, WordRow

T = TypeVar("T")
PROFILE_KEYS = ("name", "email", "phone", "linkedin", "signature", "timezone")
#: set by ``demo`` in the folder it fills (see :meth:`Values.is_sample_data`)
SAMPLE_DATA_KEY = "sample_data"
_PROFILE_ROWS = tuple(f"profile.{k}" for k in PROFILE_KEYS)
_SETTING_ROWS = tuple(SPEC_BY_KEY)


class Values:
    """The key-value rows of :class:`~followup_desktop.store.Store` (a mixin: the store
    gives it its transactions)."""

    if TYPE_CHECKING:
        def write(self, *, bump: bool = True) -> AbstractContextManager[None]: ...

    def _raw_settings(self, keys: tuple[str, ...]) -> dict[str, Any]:
        """The stored values of ``keys`` (those there are). Only these: the same table
        keeps what the window remembers, such as the "too late" windows it has shown
        (0.5 MB of JSON at 10,000 interviews), which a read of the settings or the
        profile (at every start, and after every change) decoded each time."""
        return {k: json.loads(v) for k, v in SettingRow.select(
            SettingRow.key, SettingRow.value).where(SettingRow.key.in_(keys)).tuples()}

    def profile(self) -> Profile:
        raw = self._raw_settings(_PROFILE_ROWS)
        return Profile(**{k: str(raw.get(f"profile.{k}", "") or "") for k in PROFILE_KEYS})

    def save_profile(self, profile: Profile) -> None:
        with self.write():
            for k in PROFILE_KEYS:
                self._put(f"profile.{k}", getattr(profile, k))

    def settings(self) -> Settings:
        return settings_from(self._raw_settings(_SETTING_ROWS))

    def save_settings(self, settings: Settings) -> None:
        with self.write():
            for key, value in settings_to_dict(settings).items():
                self._put(key, value)

    def set_setting(self, key: str, value: Any) -> Settings:
        spec = SPEC_BY_KEY[key]
        parsed = spec.parse(value)
        with self.write():
            self._put(key, parsed)
        return replace(self.settings())

    def _put(self, key: str, value: Any) -> None:
        (SettingRow.insert(key=key, value=json.dumps(value))
         .on_conflict_replace().execute())

    def get_value(self, key: str, default: T) -> T:
        row = SettingRow.get_or_none(SettingRow.key == key)
        return default if row is None else json.loads(row.value)

    def set_value(self, key: str, value: Any) -> None:
        with self.write():
            self._put(key, value)

    def note_value(self, key: str, value: Any) -> None:
        """Set a value no plan, cache or backup depends on (what the window has already
        shown the user): written and committed like any value, but :attr:`revision` does
        not move, so the plan made just before it is still this data's plan -- and is
        kept for the next start -- and no backup or calendar sync is due for it."""
        self.note_values({key: value})

    def note_values(self, values: Mapping[str, Any]) -> None:
        """:meth:`note_value` of several, in one transaction."""
        with self.write(bump=False):
            for key, value in values.items():
                self._put(key, value)

    def is_sample_data(self) -> bool:
        """This folder holds the made-up sample data: a Followup on it is for looking
        around -- no tray, no desktop reminders, no change to the start-at-login entry."""
        return bool(self.get_value(SAMPLE_DATA_KEY, False))

    def words(self) -> set[str]:
        return {w for (w,) in WordRow.select(WordRow.word).tuples()}

    def add_word(self, word: str) -> None:
        with self.write():
            WordRow.insert(word=word).on_conflict_ignore().execute()
