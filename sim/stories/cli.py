"""`sim stories ...` commands."""

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Adds the `stories` command group to the `sim` parser."""
