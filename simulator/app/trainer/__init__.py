"""The trainer feature: scenario pack list and editor with caller audio, review, assignments
and dashboards (controllers/ + views/)."""
