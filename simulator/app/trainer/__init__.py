"""The trainer's screens: assignments, review and override, calibration, dashboards, and the
privacy of voice recordings (consent, deletion) — each a controller calling the services on
the db lane and a view that lays out and emits."""
