"""Tests of `pipeline.diff`: what changed between two versions, field by field, and its three renderings."""
