"""The trainer feature: the scenario pack list and editor with caller audio, assignments,
review and override, calibration, dashboards, and the privacy of voice recordings (consent,
deletion) — controllers calling the services on the db lane, views that lay out and emit."""
