"""Writes of the analytics app, one module per topic."""
