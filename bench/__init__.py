"""Benchmarks: each prints JSON lines of figures. Not tests: nothing here asserts a time."""
