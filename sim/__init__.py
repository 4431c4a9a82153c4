"""Staff mock-interview simulator."""

__version__ = "0.1.0"
