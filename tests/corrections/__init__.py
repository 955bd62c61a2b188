"""Tests of `pipeline.corrections`: the overlay files, their operations and edits, triage across
revisions, hostile YAML."""
