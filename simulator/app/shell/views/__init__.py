"""The main window and the settings page."""
