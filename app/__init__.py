"""NMDA Pain Reference: offline quick-reference on NMDA-receptor antagonists used in pain."""

__version__ = "0.1.0"
