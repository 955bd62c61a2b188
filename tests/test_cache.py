"""Nothing done twice: the cache under ROOT/.cache, up-to-date builds found before the PDF is read,
revisions refused before normalising, progress on a terminal only, spaCy only where it normalises.

Every build here is the real `cdpc` in a subprocess; `modules_after` runs it in a fresh Python
process and reports which heavy libraries the command imported, to show what it did not do.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import RevisionNotAccepted
from pipeline.models import Extraction
from rendering import render
from tests.support import GOLDEN, PAPER, REPO, on_a_terminal, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"
HEAVY = ("spacy", "pypdfium2", "pdfplumber")

MODULES_AFTER = """
import json, sys
from pipeline.cli import main
try:
    main(sys.argv[1:], prog_name="cdpc")
    code = 0
except SystemExit as exit:
    code = exit.code or 0
print(json.dumps({"code": code, "loaded": [name for name in %r if name in sys.modules]}), file=sys.stderr)
""" % (HEAVY,)


def modules_after(*args) -> tuple[int, list[str], str]:
    """Run `cdpc ARGS` in a fresh process: its exit code, the heavy modules it imported, its stdout."""
    done = subprocess.run([sys.executable, "-c", MODULES_AFTER, *map(str, args)], cwd=REPO, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(REPO)})
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report["code"], report["loaded"], done.stdout


@pytest.fixture
def root(tmp_path) -> Path:
    """A project root with the paper and the repository's corrections, built once (so cached)."""
    folder = tmp_path / "root"
    (folder / "source_docs").mkdir(parents=True)
    shutil.copy(PAPER, folder / "source_docs")
    shutil.copytree(REPO / "corrections", folder / "corrections")
    first = run_cdpc("build", "--root", folder)
    assert first.returncode == 0, first.stderr
    again = run_cdpc("build", "--root", folder)  # the root exists now: this build fills the cache
    assert again.returncode == 0 and "up to date" in again.stdout, again.stdout + again.stderr
    return folder


def versions(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "extracted" / DOCUMENT).iterdir() if p.is_dir())


def test_an_up_to_date_build_reads_the_manifests_only(root):
    shutil.rmtree(root / ".cache")  # so that only the manifests can tell
    code, loaded, out = modules_after("build", "--root", root)
    assert code == 0 and loaded == []  # neither PDFium, pdfplumber nor spaCy
    assert out.splitlines()[0] == f"{DOCUMENT} v1: up to date, nothing written ({root / 'extracted' / DOCUMENT / 'v1'})"
    manifest = json.loads((root / "extracted" / DOCUMENT / "v1" / "manifest.json").read_text())
    assert len(manifest["pipeline_sha256"]) == 64


def test_a_changed_reason_rebuilds_from_the_cache_without_reading_the_pdf_or_loading_spacy(root):
    corrections = root / "corrections" / f"{DOCUMENT}.yaml"
    text = corrections.read_text(encoding="utf-8")
    assert "reason:" in text
    corrections.write_text(text.replace("reason: ", "reason: Checked again. ", 1), encoding="utf-8")
    code, loaded, out = modules_after("build", "--root", root)
    assert (code, loaded) == (0, [])
    assert out.startswith(f"{DOCUMENT} v2: written to") and versions(root) == ["v1", "v2"]
    old, new = (json.loads((root / "extracted" / DOCUMENT / v / "networks.json").read_text()) for v in ("v1", "v2"))
    assert old["networks"] == new["networks"]  # a reason is no value of the data
    assert run_cdpc("verify", "--root", root).returncode == 0


@pytest.mark.parametrize("damage", ["garbage", "foreign key", "edited record", "invalid record"])
def test_a_damaged_cache_entry_is_ignored_and_made_again(root, damage):
    published = (root / "extracted" / DOCUMENT / "v1" / "networks.json").read_bytes()
    entries = sorted((root / ".cache").rglob("*.json"))
    assert {e.parent.name for e in entries} == {"extraction", "normalised"}
    for entry in entries:
        label, _, record = entry.read_bytes().partition(b"\n")
        if damage == "garbage":
            entry.write_bytes(b"\x00not json")
        elif damage == "foreign key":
            entry.write_bytes(label.replace(b'"pdf_sha256": "', b'"pdf_sha256": "0') + b"\n" + record)
        elif damage == "edited record":  # still a valid record: only the stored sha256 tells
            entry.write_bytes(label + b"\n" + record.replace(b"Eurojust", b"Eurojest"))
        else:
            entry.write_bytes(label + b"\n" + b'{"source": 1}')
    shutil.rmtree(root / "extracted")
    done = run_cdpc("build", "--root", root)
    assert done.returncode == 0, done.stderr
    assert (root / "extracted" / DOCUMENT / "v1" / "networks.json").read_bytes() == published
    for entry in entries:  # made again, and good
        label, _, record = entry.read_bytes().partition(b"\n")
        assert json.loads(label)["sha256"] and b"Eurojest" not in record
        Extraction.model_validate_json(record) if entry.parent.name == "extraction" else None


def test_deleting_the_cache_changes_nothing_but_the_time(root):
    shutil.rmtree(root / ".cache")
    shutil.rmtree(root / "extracted" / DOCUMENT / "v1")
    (root / "extracted" / DOCUMENT / "latest").unlink()
    code, loaded, _ = modules_after("build", "--root", root)
    assert code == 0 and "spacy" in loaded and "pypdfium2" in loaded and "pdfplumber" not in loaded  # the default source
    assert run_cdpc("verify", "--root", root).returncode == 0


def test_a_revision_is_refused_before_normalising(root, tmp_path):
    golden = Extraction.model_validate_json((GOLDEN / "extraction.json").read_text(encoding="utf-8"))
    revised = tmp_path / "revised.pdf"
    render(golden.model_copy(update={"rows": golden.rows[:-1]}), revised)
    code, loaded, _ = modules_after("build", revised, "--root", root)
    assert code == RevisionNotAccepted.exit_code
    assert "spacy" not in loaded
    assert versions(root) == ["v1"]


def test_a_build_given_another_page_source_extracts_again_and_finds_the_same_version(root):
    code, loaded, out = modules_after("build", "--root", root, "--page-source", "pdfplumber")
    assert code == 0 and "pdfplumber" in loaded
    assert "v1: up to date" in out


def test_progress_is_shown_on_a_terminal_only_and_not_with_quiet(tmp_path):
    shown = on_a_terminal("extract", PAPER, "-o", tmp_path / "e.json")
    assert "Reading pages 26/26" in shown and "Reading pages  1/26" in shown
    assert on_a_terminal("extract", PAPER, "-o", tmp_path / "e.json", "--quiet") == ""
    piped = run_cdpc("extract", PAPER, "-o", tmp_path / "e.json")
    assert piped.returncode == 0 and piped.stderr == ""
    normalising = on_a_terminal("normalise", tmp_path / "e.json", "-o", tmp_path / "n.json")
    assert "Normalising 39 rows" in normalising


@pytest.mark.parametrize("args", [("extract", PAPER), ("verify",), ("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2")])
def test_commands_that_do_not_normalise_do_not_import_spacy(args):
    code, loaded, _ = modules_after(*args)
    assert code in (0, 1) and "spacy" not in loaded
