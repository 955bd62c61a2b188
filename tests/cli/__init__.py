"""Tests of the command line (`pipeline.cli`): bad inputs, a closed stdout, the generated reference."""
