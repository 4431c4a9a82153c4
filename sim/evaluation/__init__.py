"""Measuring graders against labeled answers (`sim eval`)."""
