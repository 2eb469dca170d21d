"""Bringing records in and taking them out: calendar invites, spreadsheets, the activity report.

Plain Python, no Qt: the window (``ui/import_dialogs/``) and the command line share these.
"""
