"""Tests of `pipeline.review`: the HTML review page of a version, hostile versions included."""
