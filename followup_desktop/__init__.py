"""Followup: the days after an interview, planned."""

__version__ = "0.1.0"

APP_ID = "org.followup.Followup"
APP_NAME = "Followup"
