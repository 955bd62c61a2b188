"""`cdpc build` on real PDFs, run as a subprocess: the bundled paper with the project's corrections,
rebuilds, stale corrections, the committed version, and SIGKILL while a version is being written."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from pipeline.models import Extraction
from pipeline.versions.store import verify
from rendering import render
from tests.builders import frictionless_validate, tree
from tests.support import GOLDEN, PAPER, REPO, run_cdpc

CORRECTIONS = REPO / "corrections"
DOCUMENT = "cdpc-2017-1-rev"


def with_paper(root: Path) -> Path:
    """`root` with the bundled paper in its source_docs/, which `cdpc build` builds when given no PDF."""
    shutil.copytree(REPO / "source_docs", root / "source_docs")
    return root


@pytest.fixture(scope="session")
def paper_root(tmp_path_factory) -> Path:
    """A root with the bundled paper built once, with the project's corrections."""
    root = with_paper(tmp_path_factory.mktemp("paper"))
    done = run_cdpc("build", "--corrections", CORRECTIONS, "--root", root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="session")
def paper_version(paper_root) -> Path:
    return paper_root / "extracted" / DOCUMENT / "v1"


def test_build_publishes_the_bundled_paper_as_v1_with_every_correction(paper_root, paper_version):
    assert (paper_root / "extracted" / DOCUMENT / "latest").read_text() == "v1\n"
    dataset = json.loads((paper_version / "networks.json").read_text())
    assert len(dataset["networks"]) == 38
    assert [d["id"] for d in dataset["dropped"]] == [
        "organization-for-economic-cooperation-and-development-anti-corruption-network-for-eastern-europe-and-central-asia"
    ]
    manifest = json.loads((paper_version / "manifest.json").read_text())
    assert manifest["source"]["symbol"] == "CDPC (2017) 1_rev"
    assert [c["path"] for c in manifest["corrections"]] == ["cdpc-2017-1-rev.yaml"]
    applied = {a["correction"] for n in dataset["networks"] + dataset["dropped"] for a in n["amendments"]}
    applied |= {
        a["correction"] for n in dataset["networks"] for g in n["groups"] for e in g["entries"] for a in e["amendments"]
    }
    assert len(applied) == 12


def test_no_member_of_the_published_paper_is_left_unresolved_or_ambiguous(paper_version):
    with sqlite3.connect(paper_version / "networks.sqlite") as db:
        left = db.execute(
            "select network_id, entry from memberships where status in ('unresolved', 'ambiguous')"
        ).fetchall()
    assert left == []


def test_green_cape_keeps_its_printed_value_and_the_correction_id(paper_version):
    dataset = json.loads((paper_version / "networks.json").read_text())
    entries = [e for n in dataset["networks"] for g in n["groups"] for e in g["entries"]]
    cabo = next(e for e in entries if e["raw"] == "Cabo Verde" and e["amendments"])
    assert cabo["codes"] == ["CV"]
    assert cabo["amendments"][0]["original"]["raw"] == "Green Cape"
    assert cabo["amendments"][0]["correction"] == "green-cape-is-cabo-verde"


def test_paper_version_validates_with_frictionless_jsonschema_and_sqlite(paper_version):
    report = frictionless_validate(paper_version / "datapackage.json")
    assert report["valid"], report
    schema = json.loads((paper_version / "networks.schema.json").read_text())
    jsonschema.validate(json.loads((paper_version / "networks.json").read_text()), schema)
    with sqlite3.connect(paper_version / "networks.sqlite") as db:
        assert db.execute("select count(*), count(distinct id) from networks").fetchone() == (38, 38)


def test_rebuild_from_the_same_inputs_creates_nothing_and_says_so(paper_root):
    before = tree(paper_root)
    done = run_cdpc("build", "--corrections", CORRECTIONS, "--root", paper_root)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{DOCUMENT} v1: up to date, nothing written")
    assert tree(paper_root) == before


def test_two_builds_from_the_same_inputs_are_byte_identical(paper_root, tmp_path):
    done = run_cdpc("build", "--corrections", CORRECTIONS, "--root", with_paper(tmp_path))
    assert done.returncode == 0, done.stderr
    assert tree(tmp_path) == tree(paper_root)


def test_build_defaults_come_from_the_root_not_the_working_directory(tmp_path):
    """With no PDF and no --corrections: ROOT/source_docs' one PDF and ROOT/corrections, from any cwd.
    The root holds the repository's published versions, so the build finds its latest up to date."""
    root = with_paper(tmp_path / "root")
    shutil.copytree(CORRECTIONS, root / "corrections")
    shutil.copytree(REPO / "extracted", root / "extracted")
    done = run_cdpc("build", "--root", root, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "up to date, nothing written" in done.stdout
    assert tree(root / "extracted") == tree(REPO / "extracted")


def test_build_without_a_pdf_needs_exactly_one_in_the_roots_source_docs(tmp_path):
    none = run_cdpc("build", "--root", tmp_path)
    assert (none.returncode, none.stderr) == (
        3,
        f"cdpc: error: {tmp_path / 'source_docs'}: holds no PDF: give the PDF to build\n",
    )
    shutil.copy(PAPER, with_paper(tmp_path) / "source_docs" / "copy.pdf")
    several = run_cdpc("build", "--root", tmp_path)
    assert several.returncode == 2
    assert (
        "holds 2 PDFs (CDPC-2017-1-rev.pdf, copy.pdf), none of them the source of a dataset's latest version: give the "
        "one to build" in several.stderr
    )
    assert not (tmp_path / "extracted").exists()


def test_committed_versions_match_their_manifests():
    done = run_cdpc("verify")
    assert done.returncode == 0, done.stderr
    assert f"{DOCUMENT} v1: ok (6 files)" in done.stdout.splitlines()


@pytest.fixture(scope="session")
def golden_extraction():
    """The golden extraction of the paper, for making fixture PDFs of it."""
    return Extraction.model_validate_json((GOLDEN / "extraction.json").read_text())


def with_members_replaced(extraction: Extraction, old: str, new: str) -> Extraction:
    rows = [
        row.model_copy(
            update={"members": [b.model_copy(update={"text": b.text.replace(old, new)}) for b in row.members]}
        )
        for row in extraction.rows
    ]
    return extraction.model_copy(update={"rows": rows})


def test_a_correction_whose_target_left_the_paper_fails_the_build_naming_file_and_line(golden_extraction, tmp_path):
    fixed = tmp_path / "fixed.pdf"
    render(with_members_replaced(golden_extraction, "Green Cape", "Cabo Verde"), fixed)
    done = run_cdpc("build", fixed, "--corrections", CORRECTIONS, "--root", tmp_path / "root")
    assert done.returncode == 21
    line = next(
        i
        for i, text in enumerate((CORRECTIONS / "cdpc-2017-1-rev.yaml").read_text().splitlines(), 1)
        if "id: green-cape-is-cabo-verde" in text
    )
    assert (
        f"cdpc-2017-1-rev.yaml:{line}: correction 'green-cape-is-cabo-verde' (replace_entry) is stale: no entry 'Green "
        f"Cape'" in done.stderr
    )
    assert "found instead: 'Angola', 'Brazil', 'Cabo Verde'" in done.stderr
    assert not (tmp_path / "root").exists()


# ---------------------------------------------------------------------------------------------
# SIGKILL while a version is being written
# ---------------------------------------------------------------------------------------------

KILLER = """
import os, signal, sys
target = sys.argv[1]
def killing(real):
    def call(source, destination, *args, **kwargs):
        if os.path.basename(destination) == target:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, destination, *args, **kwargs)
    return call
os.replace, os.rename = killing(os.replace), killing(os.rename)
from pipeline.cli import main
main(sys.argv[2:])
"""
# What a build puts in place, in order: the files of the version in its temporary folder, the
# folder as the version, then the `latest` pointer. A killed build is killed just before one of these.
KILL_POINTS = ("datapackage.json", "networks.json", "networks.sqlite", "v2", "latest")


def killed_build(target: str, pdf: Path, corrections: Path, root: Path) -> subprocess.Popen:
    """`cdpc build --accept-revision`, to be killed with SIGKILL as it puts `target` in place."""
    command = [
        sys.executable,
        "-c",
        KILLER,
        target,
        "build",
        pdf,
        "--accept-revision",
        "--corrections",
        corrections,
        "--root",
        root,
    ]
    return subprocess.Popen(list(map(str, command)), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def published_state(folder: Path) -> tuple[str, list[str]]:
    """(what `latest` names, the published versions), each version checked complete against its manifest."""
    versions = sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))
    for version in versions:
        verify(folder / version)
    return (folder / "latest").read_text(), tuple(versions)


def small_paper(extraction: Extraction, rows: int, path: Path) -> Path:
    render(extraction.model_copy(update={"rows": extraction.rows[:rows]}), path)
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_sigkill_while_writing_a_version_leaves_the_previous_state_or_a_complete_version(golden_extraction, tmp_path):
    corrections = tmp_path / "corrections"
    corrections.mkdir()
    template = tmp_path / "template"
    first = run_cdpc(
        "build",
        small_paper(golden_extraction, 3, tmp_path / "v1.pdf"),
        "--corrections",
        corrections,
        "--root",
        template,
    )
    assert first.returncode == 0, first.stderr
    revision = small_paper(golden_extraction, 4, tmp_path / "v2.pdf")
    v1 = {p: b for p, b in tree(template).items() if "/v1/" in p}
    builds = {}
    for point in KILL_POINTS:
        shutil.copytree(template, tmp_path / point)
        builds[point] = killed_build(point, revision, corrections, tmp_path / point)
    states = {}
    for point, build in builds.items():
        assert build.wait() == -signal.SIGKILL, build.stderr.read()
        folder = tmp_path / point / "extracted" / DOCUMENT
        states[point] = published_state(folder)
        assert {p: b for p, b in tree(tmp_path / point).items() if "/v1/" in p} == v1
    assert states == {
        "datapackage.json": ("v1\n", ("v1",)),
        "networks.json": ("v1\n", ("v1",)),
        "networks.sqlite": ("v1\n", ("v1",)),
        "v2": ("v1\n", ("v1",)),
        "latest": ("v1\n", ("v1", "v2")),
    }
    # the next build finishes the job: the pointer catches up, the killed build's temporary file goes
    folder = tmp_path / "latest" / "extracted" / DOCUMENT
    assert leftovers(folder) != []
    again = run_cdpc(
        "build", revision, "--accept-revision", "--corrections", corrections, "--root", tmp_path / "latest"
    )
    assert (again.returncode, again.stdout.split(":")[0]) == (0, f"{DOCUMENT} v2"), again.stderr
    assert published_state(folder) == ("v2\n", ("v1", "v2"))
    assert leftovers(folder) == []


def test_a_malformed_correction_stops_the_build_before_reading_the_pdf(tmp_path):
    (tmp_path / "corrections").mkdir()
    (tmp_path / "corrections" / "bad.yaml").write_text(
        "corrections:\n  - id: no-reason\n    op: remove_entry\n    target: {network: bes, entry: Belgium}\n"
    )
    done = run_cdpc(
        "build", tmp_path / "missing.pdf", "--corrections", tmp_path / "corrections", "--root", tmp_path / "root"
    )
    assert done.returncode == 20
    assert (
        f"{tmp_path / 'corrections' / 'bad.yaml'}:2: corrections.0.remove_entry.reason: Field required" in done.stderr
    )
    assert not (tmp_path / "root").exists()
