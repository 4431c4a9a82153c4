"""Storage edge: the only package that imports sqlmodel."""
