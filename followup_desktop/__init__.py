"""Followup: the days after an interview, planned."""

__version__ = "0.1.0"

APP_ID = "org.followup.Followup"
APP_NAME = "Followup"

#: ``--size`` when it is not given (the window's fast option parser and the command line's)
SCREENSHOT_SIZE = "1280x800"
