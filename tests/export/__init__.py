"""Tests of `pipeline.export`: the files of a version read by the tools their users use (CSV, JSON, SQLite,
FollowTheMoney)."""
