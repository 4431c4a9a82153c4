"""Pure domain layer: types, loaders, scoring, verdict checks, feedback."""
