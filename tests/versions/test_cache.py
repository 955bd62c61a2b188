"""Nothing done twice: the cache under ROOT/.cache, up-to-date builds found from hashes before any
model is imported, revisions refused before the PDF is read, a rebuild of the same data taking
the previous version's files, progress on a terminal only, spaCy only where it normalises.

Every build here is the real `cdpc` in a subprocess; `modules_after` runs it in a fresh Python
process and reports which heavy libraries the command imported, to show what it did not do.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.corrections.base import CorrectionBase
from pipeline.errors import (
    MalformedCorrection,
    NotAPdf,
    RevisionNotAccepted,
    StaleCorrection,
)
from pipeline.export import Release, rendered_files
from pipeline.files import sha256_file
from pipeline.limits import Limits
from pipeline.models import Amendment, DroppedNetwork, Extraction
from pipeline.versions.repeat import UNRECORDED
from pipeline.versions.store import load, read_manifest
from rendering import render
from tests.builders import CATALOGUE_2020, PAIRINGS_2020, correction, read_csv, tree
from tests.support import GOLDEN, PAPER, REPO, on_a_terminal, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"
HEAVY = ("spacy", "pypdfium2", "pdfplumber")
MODELS = ("pydantic", "yaml", "pipeline.models")
"""What reading a model, a correction or a data file imports: none of it is needed to find a build up to date."""

MODULES_AFTER = """
import json, os, sys, tempfile
from pipeline.cli import main
watched = sys.argv[1].split(",")
imported = tempfile.TemporaryFile()  # by the command and the workers it forks to read pages, which share the file

def record(event, args):
    if event == "import" and args[0] in watched:
        os.write(imported.fileno(), args[0].encode() + b"\\n")

sys.addaudithook(record)
try:
    main(sys.argv[2:], prog_name="cdpc")
    code = 0
except SystemExit as exit:
    code = exit.code or 0
imported.seek(0)
names = set(imported.read().decode().split())
loaded = [name for name in watched if name in sys.modules or name in names]
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def modules_after(*args, watched=HEAVY) -> tuple[int, list[str], str]:
    """Run `cdpc ARGS` in a fresh process: its exit code, the `watched` modules it or a worker it
    forked imported, its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", MODULES_AFTER, ",".join(watched), *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
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


def test_an_up_to_date_build_with_its_cache_imports_no_model_and_prints_its_summary(root):
    """Hashes against the manifest, the summary's figures from the cache: not even pydantic or a
    YAML parser is imported."""
    code, loaded, out = modules_after("build", "--root", root, watched=HEAVY + MODELS)
    assert (code, loaded) == (0, [])
    assert out.splitlines()[0].endswith(f"v1: up to date, nothing written ({root / 'extracted' / DOCUMENT / 'v1'})")
    assert "  networks     38 (1 printed row dropped or merged" in out and out.rstrip().endswith(
        f"cdpc report {DOCUMENT}@v1 -o /tmp/review --root {root}"
    )


def test_an_up_to_date_build_checks_the_version_it_summarises(root):
    """The figures found in the cache, the version's files are still checked against its manifest."""
    networks = root / "extracted" / DOCUMENT / "v1" / "networks.csv"
    networks.chmod(0o644)
    networks.write_bytes(networks.read_bytes().replace(b"Eurojust", b"Eurojest"))
    done = run_cdpc("build", "--root", root)
    assert done.returncode == 24 and done.stderr.startswith(
        f"cdpc: error: {networks}: sha256 differs from the manifest's"
    ), done.stderr


def test_a_version_an_earlier_pipeline_made_found_again_is_up_to_date_from_hashes_next_time(root):
    manifest = root / "extracted" / DOCUMENT / "v1" / "manifest.json"
    manifest.chmod(0o644)
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(recorded["pipeline_sha256"], "0" * 64), encoding="utf-8"
    )
    code, loaded, out = modules_after("build", "--root", root, watched=MODELS)
    assert (
        code == 0 and "pipeline.models" in loaded and "v1: up to date, nothing written" in out
    )  # found again by building
    code, loaded, out = modules_after("build", "--root", root, watched=MODELS)
    assert (code, loaded) == (0, []) and "v1: up to date, nothing written" in out  # then from hashes
    assert versions(root) == ["v1"]


def test_a_changed_reason_rebuilds_from_the_cache_without_reading_the_pdf_or_loading_spacy(root):
    edited(root, "reason: ", "reason: Checked again. ")
    code, loaded, out = modules_after("build", "--root", root)
    assert (code, loaded) == (0, [])
    assert out.startswith(f"{DOCUMENT} v2: written to") and versions(root) == ["v1", "v2"]
    old, new = (json.loads((root / "extracted" / DOCUMENT / v / "networks.json").read_text()) for v in ("v1", "v2"))
    assert old["networks"] == new["networks"]  # a reason is no value of the data
    assert run_cdpc("verify", "--root", root).returncode == 0


def edited(root: Path, old: str, new: str) -> None:
    """The root's correction file with its first `old` made `new`."""
    corrections = root / "corrections" / f"{DOCUMENT}.yaml"
    text = corrections.read_text(encoding="utf-8")
    assert old in text
    corrections.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_reason_edit_is_published_from_the_previous_versions_files_without_any_model(root):
    """v2 repeats v1; v3 repeats v2, so it is written from v2's files and manifest: no model nor
    pydantic imported, and its files are what v3 renders (the `changes` table compares v3 with
    v2 as v2's compared v2 with v1), its manifest what the model writes."""
    edited(root, "reason: ", "reason: Checked again. ")
    assert run_cdpc("build", "--root", root).returncode == 0
    edited(root, "reason: Checked again. ", "reason: Checked once more. ")
    code, loaded, out = modules_after("build", "--root", root, watched=HEAVY + MODELS)
    assert (code, loaded) == (0, ["yaml"])  # the correction files read as YAML, and no more
    assert (
        out.splitlines()[0]
        == f"{DOCUMENT} v3: written to {root / 'extracted' / DOCUMENT / 'v3'} (38 networks, 12 corrections applied)"
    )
    assert run_cdpc("verify", "--root", root).returncode == 0
    v2, v3 = (tree(root / "extracted" / DOCUMENT / v) for v in ("v2", "v3"))
    assert sorted(name for name in v2 if v2[name] != v3[name]) == ["datapackage.json", "manifest.json"]
    dataset, before = (load(root / "extracted" / DOCUMENT / v) for v in ("v3", "v2"))
    assert rendered_files(Release(dataset, "v3", before)) == {
        name: data for name, data in v3.items() if name != "manifest.json"
    }
    manifest = read_manifest(root / "extracted" / DOCUMENT / "v3")
    assert (manifest.model_dump_json(indent=2) + "\n").encode("utf-8") == v3["manifest.json"]
    assert [(f.path, f.sha256) for f in manifest.corrections] == [
        (f"{DOCUMENT}.yaml", sha256_file(root / "corrections" / f"{DOCUMENT}.yaml"))
    ]


def test_a_reason_edited_after_a_version_taken_back_is_not_published_from_its_files(root):
    """v2 changes a value, v3 takes the change back (v3 holds v1's networks, not v2's). A reason
    edited then is a full build, not a copy of v3: v3's `changes` table lists v2 → v3, and v4,
    the same networks as v3, changes nothing."""
    corrections = root / "corrections" / f"{DOCUMENT}.yaml"
    original = corrections.read_text(encoding="utf-8")
    acronym = correction(
        "carin-acronym", "set_field", "{network: carin}", "    field: acronym\n    expect: CARIN\n    value: CARIN-X\n"
    )
    corrections.write_text(original + acronym, encoding="utf-8")
    assert run_cdpc("build", "--root", root).returncode == 0
    corrections.write_text(original, encoding="utf-8")
    assert run_cdpc("build", "--root", root).returncode == 0
    edited(root, "reason: ", "reason: Checked again. ")
    done = run_cdpc("build", "--root", root)
    assert done.returncode == 0, done.stderr
    folder = root / "extracted" / DOCUMENT
    assert versions(root) == ["v1", "v2", "v3", "v4"]
    assert [(r["network"], r["new"]) for r in read_csv(folder / "v3" / "changes.csv")] == [
        ("carin", "Camden Assets Recovery Interagency Network (CARIN)")
    ]
    assert read_csv(folder / "v4" / "changes.csv") == []


@pytest.mark.parametrize(
    "old, new, code, version",
    [
        (
            "author: Dataset maintainers",
            "author: ''",
            MalformedCorrection.exit_code,
            "v2",
        ),  # refused by the schema, as the full build words it
        (
            "date: 2026-11-28",
            "date: '2026-11-28'",
            0,
            "v3",
        ),  # a text the schema takes for a date: the full build reads it
        (
            "entry: Green Cape",
            "entry: Green Cap",
            StaleCorrection.exit_code,
            "v2",
        ),  # what a version records: the full build applies it
    ],
)
def test_an_edit_a_repeating_build_cannot_vouch_for_is_left_to_the_full_build(root, old, new, code, version):
    edited(root, "reason: ", "reason: Checked again. ")
    assert run_cdpc("build", "--root", root).returncode == 0
    edited(root, old, new)
    done, loaded, _ = modules_after("build", "--root", root, watched=MODELS)
    assert done == code and "pipeline.models" in loaded
    assert versions(root)[-1] == version


def test_the_unrecorded_fields_are_the_corrections_and_no_version_holds_them():
    assert set(UNRECORDED) <= set(CorrectionBase.model_fields)
    assert not set(UNRECORDED) & {name for model in (Amendment, DroppedNetwork) for name in model.model_fields}


@pytest.mark.parametrize("damage", ["garbage", "foreign key", "edited record", "invalid record"])
def test_a_damaged_cache_entry_is_ignored_and_made_again(root, damage):
    published = (root / "extracted" / DOCUMENT / "v1" / "networks.json").read_bytes()
    entries = sorted((root / ".cache").rglob("*.json"))
    assert {e.parent.name for e in entries} == {"extraction", "normalised", "summary", "build"}
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


def test_the_cache_keeps_its_most_recently_used_entries_per_stage(root):
    """A hit touches its entry; a build writing a new entry prunes its stage to the newest
    `Limits.cache_entries`, whatever else lies there."""
    stage = root / ".cache" / "normalised"
    (used,) = stage.iterdir()
    others = [stage / f"{index:064x}.json" for index in range(Limits.cache_entries + 6)]
    for index, other in enumerate(others):
        other.write_bytes(b"an entry of an earlier pipeline")
        os.utime(other, (1_000_000_000 + index,) * 2)
    os.utime(used, (900_000_000,) * 2)  # older than all, until it is used
    edited(root, "reason: ", "reason: Checked again. ")
    assert run_cdpc("build", "--root", root).returncode == 0  # from the normalised records cached: a hit
    assert run_cdpc("build", "--root", root, "--page-source", "pdfium").returncode == 0  # a new entry
    left = set(stage.iterdir())
    assert len(left) == Limits.cache_entries and used in left
    assert [other in left for other in others] == [index >= 8 for index in range(len(others))]  # 72 less the 8 oldest


def test_deleting_the_cache_changes_nothing_but_the_time(root):
    shutil.rmtree(root / ".cache")
    shutil.rmtree(root / "extracted" / DOCUMENT / "v1")
    (root / "extracted" / DOCUMENT / "latest").unlink()
    code, loaded, _ = modules_after("build", "--root", root)
    assert code == 0 and "spacy" in loaded and "pdfplumber" in loaded  # the default source
    assert run_cdpc("verify", "--root", root).returncode == 0


def test_a_revision_is_refused_before_its_pages_are_read(root, tmp_path):
    golden = Extraction.model_validate_json((GOLDEN / "extraction.json").read_text(encoding="utf-8"))
    revised = tmp_path / "revised.pdf"
    render(golden.model_copy(update={"rows": golden.rows[:-1]}), revised)
    code, loaded, _ = modules_after("build", revised, "--root", root)
    assert (code, loaded) == (
        RevisionNotAccepted.exit_code,
        [],
    )  # the root's only dataset: its latest source is not this PDF
    assert versions(root) == ["v1"]


def test_a_file_that_is_no_pdf_is_said_to_be_none_not_a_revision(root, tmp_path):
    page = tmp_path / "saved.pdf"
    page.write_text("<html><body>CDPC (2017) 1_rev</body></html>\n", encoding="utf-8")
    done = run_cdpc("build", page, "--root", root)
    assert done.returncode == NotAPdf.exit_code and versions(root) == ["v1"], done.stderr


def test_a_build_given_another_page_source_extracts_again_and_finds_the_same_version(root):
    code, loaded, out = modules_after("build", "--root", root, "--page-source", "pdfium")
    assert code == 0 and "pypdfium2" in loaded and "pdfplumber" not in loaded
    assert "v1: up to date" in out


def test_progress_is_shown_on_a_terminal_only_and_not_with_quiet(tmp_path):
    shown = on_a_terminal("extract", PAPER, "-o", tmp_path / "e.json")
    assert "Reading pages 26/26" in shown and "Reading pages  1/26" in shown
    assert on_a_terminal("extract", PAPER, "-o", tmp_path / "e.json", "--quiet") == ""
    piped = run_cdpc("extract", PAPER, "-o", tmp_path / "e.json")
    assert piped.returncode == 0 and piped.stderr == ""
    normalising = on_a_terminal("normalise", tmp_path / "e.json", "-o", tmp_path / "n.json")
    assert "Normalising 39 rows" in normalising


def test_every_command_that_takes_seconds_shows_its_progress_on_a_terminal(tmp_path):
    """A build from nothing (pages read, rows normalised, files written), the report (pages
    rendered) and a carry-over from a revision's PDF (pages read, rows normalised); none with --quiet."""
    root = tmp_path / "root"
    (root / "source_docs").mkdir(parents=True)
    shutil.copy(PAPER, root / "source_docs")
    shutil.copytree(REPO / "corrections", root / "corrections")
    built = on_a_terminal("build", "--root", root)
    assert "Reading pages 26/26\r\nNormalising 39 rows" in built  # a terminal's line ends
    assert f"Writing {DOCUMENT} v1: " in built and built.index("Normalising") < built.index("Writing")
    shown = on_a_terminal("report", f"{DOCUMENT}@v1", "-o", tmp_path / "review", "--root", root)
    assert re.search(r"Rendering pages +1/(\d+).*\rRendering pages \1/\1\r\n", shown, re.S), shown
    assert on_a_terminal("report", f"{DOCUMENT}@v1", "-o", tmp_path / "review", "--root", root, "--quiet") == ""
    revised = tmp_path / "revision.pdf"
    render(Extraction.model_validate_json(CATALOGUE_2020.read_bytes()), revised)
    (root / "corrections" / "pc-oc-mod-2020-03rev2-ids.yaml").write_text(PAIRINGS_2020, encoding="utf-8")
    carried = on_a_terminal("carry-over", revised, "--root", root, "-o", tmp_path / "carried.yaml")
    assert re.search(r"Reading pages +(\d+)/\1\r\nNormalising \d+ rows", carried), carried
    assert on_a_terminal("carry-over", revised, "--root", root, "-o", tmp_path / "carried.yaml", "--quiet") == ""


@pytest.mark.parametrize("args", [("extract", PAPER), ("verify",), ("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2")])
def test_commands_that_do_not_normalise_do_not_import_spacy(args):
    code, loaded, _ = modules_after(*args)
    assert code in (0, 1) and "spacy" not in loaded
