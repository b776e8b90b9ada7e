"""Widgets and pages. Views only lay out widgets, show what controllers give them and emit
signals for what the user asked; they never touch the database, the model or the device."""
