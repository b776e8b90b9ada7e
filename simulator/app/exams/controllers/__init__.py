"""Controllers of the exam screens."""
