"""Graders judge an answer and return a Verdict; they never compute totals."""
