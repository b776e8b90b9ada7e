"""Views of the exam screens."""
