"""Analyses: plain data in, plain data out. No file or database access here."""
