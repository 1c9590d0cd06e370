"""The benchmark's realistic seed, one module per area of the portal (see benchmarks/seed.py)."""
