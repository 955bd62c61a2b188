"""Tests of `pipeline.extract`: PDFs into rows with provenance, on the bundled paper, other layouts, real
producers' PDFs, damaged and hostile files."""
