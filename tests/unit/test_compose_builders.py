"""The records the composer's tests share (``tests/helpers/compose_records.py``) are sane."""

from __future__ import annotations

import datetime as dt

from followup_desktop.records import Kind
from tests.helpers.compose_records import DANA, START, make_app, make_window


def test_the_sample_round_is_sane() -> None:
    app = make_app()
    assert app.interviews[0].end == START + dt.timedelta(hours=1)
    assert [p.person.email is None for p in app.interviews[0].participants] == [
        False, False, False, True]
    w = make_window(app, Kind.THANK_YOU, DANA)
    assert w.key == "thank-you:a7:i10:p1" and w.to == DANA.email
