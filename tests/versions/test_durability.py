"""A version is on the disk before it has its name: in a real publish, each file's data is synced
(fsync) before the atomic rename that names it, the version's temporary folder before it is
renamed into place, and the dataset's folder before `latest` points at the new version. A crash
between two steps then leaves the old state or the new one, never a name on missing data. The calls are recorded,
not faked: each one
still goes to the operating system."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.corrections.apply import load_corrections
from pipeline.versions.build import publish
from tests.builders import sample_normalised, tidy_networks, write_corrections


@pytest.fixture
def calls(monkeypatch) -> list[tuple]:
    """The fsync, replace and rename calls of the test, in order: ("fsync", path of the descriptor),
    ("replace" or "rename", source, target)."""
    recorded: list[tuple] = []
    fsync, replace, rename = os.fsync, os.replace, os.rename

    def synced(fd):
        recorded.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        return fsync(fd)

    def moved(name, do):
        def move(source, target, *args, **kwargs):
            recorded.append((name, os.fspath(Path(source).absolute()), os.fspath(Path(target).absolute())))
            return do(source, target, *args, **kwargs)

        return move

    monkeypatch.setattr(os, "fsync", synced)
    monkeypatch.setattr(os, "replace", moved("replace", replace))
    monkeypatch.setattr(os, "rename", moved("rename", rename))
    return recorded


def test_every_published_name_comes_after_the_sync_of_what_it_names(tmp_path, calls):
    corrections = load_corrections(write_corrections(tmp_path / "corrections"))
    root = (tmp_path / "root").resolve()
    version = publish(sample_normalised(tidy_networks()), corrections, root).path
    folder = version.parent

    def before(event: tuple, index: int) -> bool:
        return event in calls[:index]

    renames = [(i, c) for i, c in enumerate(calls) if c[0] == "rename" and c[2] == str(version)]
    assert len(renames) == 1
    at, (_, staging, _) = renames[0]
    named = [(i, c) for i, c in enumerate(calls) if c[0] == "replace" and Path(c[2]).parent == Path(staging)]
    assert sorted(Path(c[2]).name for _, c in named) == sorted(p.name for p in version.iterdir())
    assert all(before(("fsync", source), i) for i, (_, source, _) in named)  # each file synced, then named
    assert all(i < at for i, _ in named) and before(("fsync", staging), at)  # the folder synced, then renamed
    latest = [(i, c) for i, c in enumerate(calls) if c[0] == "replace" and c[2] == str(folder / "latest")]
    assert len(latest) == 1
    i, (_, source, _) = latest[0]
    assert i > at and before(("fsync", source), i) and ("fsync", str(folder)) in calls[at:i]
    assert (folder / "latest").read_text() == f"{version.name}\n"
