"""Benchmarks; importable so the tests start servers with the same launcher."""
