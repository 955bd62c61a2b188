"""Tests of `pipeline.site`: the public website of a version, in a browser."""
