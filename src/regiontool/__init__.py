"""regiontool: turn a messy customer contact sheet into tiers, pivots and plans."""

__version__ = "0.1.0"
