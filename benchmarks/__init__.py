"""Benchmarks and the stress harness: run from the repository, never shipped with tracker
(pyproject's package list names only tracker's packages)."""
