"""Story-bank tables (STAR stories). Created by migration step v4."""

STORY_TABLES: list = []
