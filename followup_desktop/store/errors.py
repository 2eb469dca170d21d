"""Errors the store raises, in words a user understands."""


class StoreError(Exception):
    """Opening, reading or writing the data failed; the message is for the user."""
