"""Tests of the core modules every stage shares (`pipeline.keys`, `fields`, `files`, `terminal`, `errors`)."""
