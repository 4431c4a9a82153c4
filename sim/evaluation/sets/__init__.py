"""Labeled evaluation sets for `sim eval`, built from the licensed texts in shared/eval."""

from sim.evaluation.sets.build import (
    AZ204_DIR,
    CHITAMOOR_DIR,
    JDUBZ_DIR,
    PRIMER_DIR,
    BuildResult,
    build,
    build_sets,
    main,
    summary_lines,
)
from sim.evaluation.sets.items import Item, Report

__all__ = [
    "AZ204_DIR",
    "CHITAMOOR_DIR",
    "JDUBZ_DIR",
    "PRIMER_DIR",
    "BuildResult",
    "Item",
    "Report",
    "build",
    "build_sets",
    "main",
    "summary_lines",
]
