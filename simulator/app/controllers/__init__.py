"""Controllers: the app (start-up, navigation, settings), a practice call, and history."""
