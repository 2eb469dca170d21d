"""The window's saved layout: geometry, toolbar, splitters, columns, sort, selection and
which panes are shown, in ``ui-state.ini`` (:attr:`Paths.ui_state
<followup_desktop.paths.Paths.ui_state>`) through QSettings.

The geometry is put back for the first frame, so this module imports no Qt class at the
top (the window's first frame uses none it does not need); the rest once the panes exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QByteArray, QSettings

    from followup_desktop.ui.main_window import MainWindow

STATE_VERSION = 1


class SavedLayout:
    """Reads and writes one window's layout; nothing happens without a data folder."""

    def __init__(self, w: MainWindow) -> None:
        self.w = w

    def _settings(self) -> QSettings:
        from PySide6.QtCore import QSettings

        assert self.w._paths is not None
        path = self.w._paths.ui_state
        path.parent.mkdir(parents=True, exist_ok=True)
        return QSettings(str(path), QSettings.Format.IniFormat)

    def _saved(self, key: str) -> QByteArray | None:
        from PySide6.QtCore import QByteArray

        v = self._settings().value(key)
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def restore_geometry(self) -> None:
        if self.w._paths is not None and (v := self._saved("window/geometry")) is not None:
            self.w.restoreGeometry(v)

    def restore_splitters(self) -> None:
        w = self.w
        if w._paths is None:
            return
        for key, splitter in (("splitters/main", w.main_splitter),
                              ("splitters/left", w.left_splitter),
                              ("splitters/calendar", w.calendar_pane.splitter)):
            if (v := self._saved(key)) is not None:
                splitter.restoreState(v)
        fitter = getattr(getattr(w, "body", None), "fitter", None)
        if fitter is not None:  # a width the user chose last time is kept
            fitter.user_sized = bool(self._settings().value("splitters/main_by_user", False,
                                                            type=bool))

    def restore(self) -> None:
        """All of it, once the panes and the data are there."""
        from PySide6.QtCore import Qt

        from followup_desktop.ui.table_model import COL_NEXT

        w = self.w
        s = self._settings()
        if s.value("version") is None:
            return

        def num(key: str, default: int) -> int:
            try:
                return int(str(s.value(key, default)))
            except (TypeError, ValueError):
                return default

        def flag(key: str) -> bool:
            return str(s.value(key, "true")).lower() not in ("false", "0")

        self.restore_geometry()
        if (v := self._saved("window/state")) is not None:
            w.restoreState(v, STATE_VERSION)
        self.restore_splitters()
        if (v := self._saved("table/header")) is not None:
            w.table.horizontalHeader().restoreState(v)
        col = num("table/sort_column", COL_NEXT)
        order = Qt.SortOrder(num("table/sort_order", 0))
        if 0 <= col < w.model.columnCount():
            w.table.horizontalHeader().setSortIndicator(col, order)
            w.model.sort(col, order)
        w.act_toggle_calendar.setChecked(flag("view/calendar"))
        w.act_toggle_composer.setChecked(flag("view/composer"))
        selected = num("table/selected", -1)
        if selected >= 0:
            w.select_application(selected)

    def save(self) -> None:
        """Geometry, splitters, columns, sort and selection, for the next start."""
        w = self.w
        s = self._settings()
        s.setValue("version", STATE_VERSION)
        s.setValue("window/geometry", w.saveGeometry())
        s.setValue("window/state", w.saveState(STATE_VERSION))
        s.setValue("splitters/main", w.main_splitter.saveState())
        fitter = getattr(getattr(w, "body", None), "fitter", None)
        s.setValue("splitters/main_by_user", bool(fitter and fitter.chosen()))
        s.setValue("splitters/left", w.left_splitter.saveState())
        s.setValue("splitters/calendar", w.calendar_pane.splitter.saveState())
        s.setValue("table/header", w.table.horizontalHeader().saveState())
        s.setValue("table/sort_column", w.model.sort_column())
        s.setValue("table/sort_order", int(w.model.sort_order().value))
        selected = w.selected_application_id()
        s.setValue("table/selected", -1 if selected is None else selected)
        s.setValue("view/calendar", w.act_toggle_calendar.isChecked())
        s.setValue("view/composer", w.act_toggle_composer.isChecked())
        s.sync()
