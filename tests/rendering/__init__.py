"""Tests of `rendering`, the fixture PDF renderer the other tests print their PDFs with."""
