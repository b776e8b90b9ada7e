"""The shell: the main window (navigation, banners, status bar, keys), start-up, settings, and
the hand-over between features."""
