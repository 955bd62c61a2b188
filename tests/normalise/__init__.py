"""Tests of `pipeline.normalise`: member cells, collectives, counts, purpose terms, relations and regions, and the
data files they read."""
