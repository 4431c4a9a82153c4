"""STAR story bank: write, grade, map to questions, rehearse, export and import stories."""
