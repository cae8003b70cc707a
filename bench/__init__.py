"""Benchmarks: whole-process timings of hrdd against the tools people would use instead."""
