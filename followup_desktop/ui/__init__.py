"""Widgets and Qt models. They show and edit; the core decides."""
