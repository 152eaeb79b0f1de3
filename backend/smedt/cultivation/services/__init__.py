"""Writes of the cultivation app: criteria, self-assessments, the library."""
