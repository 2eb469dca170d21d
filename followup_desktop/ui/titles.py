"""The window's title, decided before any widget module loads (the first frame needs it)."""

from __future__ import annotations

from pathlib import Path

from followup_desktop import APP_NAME


def is_sample_data(data_dir: Path) -> bool:
    """The folder "Explore sample data" fills (``Paths.demo_data_dir``)."""
    return Path(data_dir).name.endswith("-demo")


def window_title(data_dir: Path, sample: bool = False) -> str:
    """"Followup", or "Followup — Sample data" for the window on the sample data (its
    folder, or ``sample``: a folder the ``demo`` command filled, ``Store.is_sample_data``)."""
    return f"{APP_NAME} \u2014 Sample data" if sample or is_sample_data(data_dir) else APP_NAME
