"""Tests of `pipeline.versions`: builds, ids across versions, the store, the cache, up-to-date builds, the lock,
durability, data assertions."""
