"""Readers and writers: the only code that touches files."""
