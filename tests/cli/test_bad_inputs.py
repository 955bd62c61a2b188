"""The bad-input corpus, through the real command line: PDFs that are no catalogue, correction
files that are malformed, contradictory or duplicated, and published versions corrupted on disk.
Each gets one line naming the file and the problem, its own exit code (docs/security.md, "Exit codes"),
nothing written, and the versions published before it intact byte for byte."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

import pipeline
from pipeline.corrections.apply import load_corrections
from pipeline.errors import VersionCorrupt
from tests.builders import (
    HEADER,
    PORTUGUESE,
    correction,
    make_input,
    one_error_line,
    text_pdf,
    tree,
)
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"


# ---------------------------------------------------------------------------------------------
# PDFs that are not the catalogue
# ---------------------------------------------------------------------------------------------


def table_pdf(path: Path, header: list[str], *rows: list[str]) -> Path:
    """A one-page PDF holding one ruled table with a bold header row, as a word processor prints it."""
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold")]
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build([Table([header, *rows], style=style)])
    return path


TABLES = {
    "other_table": (
        ["Country", "Capital", "Population"],
        ["France", "Paris", "68 million"],
        ["Portugal", "Lisbon", "10 million"],
    ),
    "no_members_column": (
        ["NAME", "PURPOSE"],
        ["European Judicial Network (EJN)", "To facilitate judicial cooperation in criminal matters."],
        ["Eurojust", "To coordinate investigations and prosecutions."],
    ),
    "no_purpose_column": (
        ["NAME", "MEMBERS"],
        ["European Judicial Network (EJN)", "Member States of the European Union"],
        ["Eurojust", "Austria, Belgium, Bulgaria"],
    ),
}

TABLE_ERRORS = [
    ("other_table", 7, "no catalogue table found (no header row reading PURPOSE and MEMBERS)"),
    (
        "no_members_column",
        10,
        "the catalogue table on page 1 has no MEMBERS column (its header row reads 'NAME PURPOSE'",
    ),
    (
        "no_purpose_column",
        10,
        "the catalogue table on page 1 has no PURPOSE column (its header row reads 'NAME MEMBERS'",
    ),
]


def bad_pdf(kind: str, tmp_path: Path) -> Path:
    if kind in TABLES:
        return table_pdf(tmp_path / f"{kind}.pdf", *TABLES[kind])
    return make_input(kind, tmp_path)


@pytest.mark.parametrize("kind, code, message", TABLE_ERRORS)
def test_extract_refuses_a_table_that_is_not_the_catalogue_saying_what_it_lacks(tmp_path, kind, code, message):
    source = bad_pdf(kind, tmp_path)
    out = tmp_path / "out" / "rows.json"
    error = one_error_line(run_cdpc("extract", source, "-o", out), code, source)
    assert message in error
    assert not out.parent.exists()


@pytest.mark.parametrize(
    "kind, code",
    [("empty", 4), ("html", 4), ("truncated", 4), ("encrypted", 5), ("scanned", 6), ("no_catalogue", 7)]
    + [(kind, code) for kind, code, _ in TABLE_ERRORS],
)
def test_build_of_a_bad_pdf_writes_nothing_and_keeps_the_published_versions(tmp_path, published, kind, code):
    source = bad_pdf(kind, tmp_path)
    before = tree(published)
    # accepted as a revision of the root's dataset, so that it is read (else it is refused before)
    one_error_line(
        run_cdpc("build", source, "--accept-revision", "--corrections", REPO / "corrections", "--root", published),
        code,
        source,
    )
    assert tree(published) == before


# ---------------------------------------------------------------------------------------------
# Correction files: malformed, contradictory, duplicated
# ---------------------------------------------------------------------------------------------

GREEN_CAPE = correction("green-cape", "set_codes", PORTUGUESE, "    expect: []\n    value: [CV]\n")
GREEN_CAPE_AS_GUINEA = correction("green-cape-guinea", "set_codes", PORTUGUESE, "    expect: []\n    value: [GN]\n")
GREEN_CAPE_AGAIN = GREEN_CAPE.replace("id: green-cape", "id: green-cape-again")
CABO_VERDE = correction(
    "cabo-verde", "replace_entry", PORTUGUESE, "    value: {raw: Cabo Verde, kind: country, codes: [CV]}\n"
)
CAPE_VERDE = correction(
    "cape-verde", "replace_entry", PORTUGUESE, "    value: {raw: Cape Verde, kind: country, codes: [CV]}\n"
)
BES_ACRONYM = correction(
    "bes-nl", "set_field", "{network: bes}", "    field: acronym\n    expect: BES\n    value: BES-NL\n"
)
BES_ACRONYM_OTHER = correction(
    "bes-be", "set_field", "{network: bes}", "    field: acronym\n    expect: BES\n    value: BES-BE\n"
)
LINES = len(GREEN_CAPE.splitlines())  # so a correction following GREEN_CAPE (or one as long) starts at line 3 + LINES


def without(field: str, text: str = GREEN_CAPE) -> str:
    return "".join(line + "\n" for line in text.splitlines() if not line.startswith(f"    {field}:"))


CORRECTION_FILES = [
    ("not_yaml", {"a.yaml": HEADER + "  - id: x\n    op: [unclosed\n"}, 20, "a.yaml:5: not valid YAML"),
    (
        "a_list",
        {"a.yaml": "- id: x\n- id: y\n"},
        20,
        "a.yaml:1: expected a mapping with a 'corrections' list, found a list",
    ),
    ("no_list", {"a.yaml": "corrections: green-cape\n"}, 20, "a.yaml:1: corrections: Input should be a valid list"),
    ("unknown_key", {"a.yaml": "corrections: []\nfixes: []\n"}, 20, "a.yaml:2: fixes: Extra inputs are not permitted"),
    (
        "unknown_op",
        {"a.yaml": HEADER + GREEN_CAPE.replace("set_codes", "recode_entry")},
        20,
        "a.yaml:3: corrections.0: Input tag 'recode_entry'",
    ),
    (
        "no_reason",
        {"a.yaml": HEADER + without("reason")},
        20,
        "a.yaml:3: corrections.0.set_codes.reason: Field required",
    ),
    (
        "no_author",
        {"a.yaml": HEADER + without("author")},
        20,
        "a.yaml:3: corrections.0.set_codes.author: Field required",
    ),
    ("no_date", {"a.yaml": HEADER + without("date")}, 20, "a.yaml:3: corrections.0.set_codes.date: Field required"),
    (
        "bad_date",
        {"a.yaml": HEADER + GREEN_CAPE.replace("2026-11-28", "28/11/2026")},
        20,
        "a.yaml:10: corrections.0.set_codes.date: Input should be a valid date",
    ),
    (
        "contradictory_codes",
        {"a.yaml": HEADER + GREEN_CAPE + GREEN_CAPE_AS_GUINEA},
        26,
        f"a.yaml:{3 + LINES}: correction 'green-cape-guinea' contradicts 'green-cape' at ",
    ),
    (
        "contradictory_entries_in_two_files",
        {"a.yaml": HEADER + CABO_VERDE, "b.yaml": HEADER + CAPE_VERDE},
        26,
        "b.yaml:3: correction 'cape-verde' contradicts 'cabo-verde' at ",
    ),
    (
        "contradictory_entries_in_one_file",
        {"a.yaml": HEADER + CABO_VERDE + CAPE_VERDE},
        26,
        "both change entry 'Green Cape' of network 'portuguese-network', to different values",
    ),
    (
        "contradictory_fields",
        {"a.yaml": HEADER + BES_ACRONYM + BES_ACRONYM_OTHER},
        26,
        "both change the acronym of network 'bes' from 'BES', to different values",
    ),
    (
        "same_id_in_one_file",
        {"a.yaml": HEADER + GREEN_CAPE + GREEN_CAPE},
        27,
        f"a.yaml:{3 + LINES}: correction id 'green-cape' is already used at ",
    ),
    (
        "same_id_in_two_files",
        {"a.yaml": HEADER + GREEN_CAPE, "b.yaml": HEADER + CABO_VERDE.replace("cabo-verde", "green-cape")},
        27,
        "b.yaml:3: correction id 'green-cape' is already used at ",
    ),
    (
        "same_file_twice",
        {"a.yaml": HEADER + GREEN_CAPE, "copy.yaml": HEADER + GREEN_CAPE},
        27,
        "(copy.yaml has the same content as a.yaml)",
    ),
    ("no_source", {"a.yaml": "corrections:\n" + GREEN_CAPE}, 35, "a.yaml:1: names no source: add a header such as"),
    (
        "unknown_source",
        {"a.yaml": 'source: {symbol: "CDPC (2099) 9"}\ncorrections:\n' + GREEN_CAPE},
        35,
        "a.yaml:1: names the source 'CDPC (2099) 9', which is no PDF of source_docs/, no published version's source "
        "and not the input",
    ),
    (
        "unknown_source_sha256",
        {"a.yaml": f"source: {{sha256: {'e' * 64}}}\ncorrections:\n" + GREEN_CAPE},
        35,
        f"a.yaml:1: names the source 'sha256 {'e' * 64}'",
    ),
    (
        "empty_source",
        {"a.yaml": "source: {}\ncorrections:\n" + GREEN_CAPE},
        20,
        "a.yaml:1: source: Value error, give the source's symbol or sha256",
    ),
    (
        "same_correction_under_two_ids",
        {"a.yaml": HEADER + GREEN_CAPE + GREEN_CAPE_AGAIN},
        27,
        f"a.yaml:{3 + LINES}: correction 'green-cape-again' repeats 'green-cape' at ",
    ),
]


@pytest.mark.parametrize("case, files, code, message", CORRECTION_FILES, ids=[case[0] for case in CORRECTION_FILES])
def test_build_stops_at_a_bad_correction_file_naming_file_and_line(tmp_path, published, case, files, code, message):
    folder = tmp_path / "corrections"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    before = tree(published)
    error = one_error_line(run_cdpc("build", PAPER, "--corrections", folder, "--root", published), code, folder)
    assert message in error
    assert tree(published) == before


def test_a_correction_expecting_what_an_earlier_one_wrote_is_a_next_step_not_a_contradiction(tmp_path):
    then = BES_ACRONYM_OTHER.replace("expect: BES\n", "expect: BES-NL\n")
    (tmp_path / "a.yaml").write_text(HEADER + BES_ACRONYM + then, encoding="utf-8")
    assert [c.correction.id for c in load_corrections(tmp_path).items] == ["bes-nl", "bes-be"]


def test_a_correction_file_for_a_pdf_of_source_docs_named_by_its_sha256_is_no_unknown_source(tmp_path, published):
    """A file written ahead for a PDF of source_docs/ not built yet (a revision), naming it by its
    sha256: building the bundled paper beside it goes on (the file applies to that PDF only)."""
    (published / "source_docs").mkdir()
    later = text_pdf(published / "source_docs" / "revision.pdf", ["A later revision of the catalogue"])
    folder = tmp_path / "corrections"
    shutil.copytree(REPO / "corrections", folder)
    (folder / "revision.yaml").write_text(
        f"source: {{sha256: {hashlib.sha256(later.read_bytes()).hexdigest()}}}\ncorrections: []\n", encoding="utf-8"
    )
    done = run_cdpc("build", PAPER, "--corrections", folder, "--root", published)
    assert done.returncode == 0, done.stderr


# ---------------------------------------------------------------------------------------------
# A published version corrupted on disk
# ---------------------------------------------------------------------------------------------


def flip_a_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def edit_manifest(path: Path, change) -> None:
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest, indent=2) + "\n")


def set_first_hash(manifest: dict) -> None:
    manifest["files"][0]["sha256"] = "0" * 64


CORRUPTIONS = [
    ("byte_flipped", "networks.json", flip_a_byte, "networks.json: sha256 differs from the manifest's"),
    ("file_deleted", "networks.sqlite", Path.unlink, "networks.sqlite: listed in the manifest but missing"),
    (
        "manifest_hash_edited",
        "manifest.json",
        lambda p: edit_manifest(p, set_first_hash),
        "datapackage.json: sha256 differs from the manifest's 0000",
    ),
    (
        "manifest_version_edited",
        "manifest.json",
        lambda p: edit_manifest(p, lambda m: m.update(version="v2")),
        "manifest.json: names version 'v2', but it is the manifest of v1",
    ),
    (
        "manifest_not_json",
        "manifest.json",
        lambda p: p.write_text(p.read_text()[:-20]),
        "manifest.json: not a valid manifest (Invalid JSON",
    ),
    ("manifest_deleted", "manifest.json", Path.unlink, "manifest.json: missing: the version's files cannot be checked"),
    (
        "file_added",
        "notes.txt",
        lambda p: p.write_text("hello\n"),
        f"{DOCUMENT}/v1: files not in the manifest: notes.txt",
    ),
]


@pytest.fixture(params=CORRUPTIONS, ids=[c[0] for c in CORRUPTIONS])
def corrupted(request, published) -> tuple[Path, str]:
    """(root, expected message) after one corruption of the published v1."""
    _, name, corrupt, message = request.param
    corrupt(published / "extracted" / DOCUMENT / "v1" / name)
    return published, message


def test_verify_names_the_version_the_file_and_the_problem(corrupted):
    root, message = corrupted
    assert message in one_error_line(run_cdpc("verify", "--root", root), 24, root / "extracted" / DOCUMENT / "v1")


def test_load_refuses_a_corrupted_version(corrupted):
    root, message = corrupted
    with pytest.raises(VersionCorrupt, match=re.escape(message)):
        pipeline.load(f"{DOCUMENT}@v1", root=root)


def test_diff_refuses_a_corrupted_version(published):
    flip_a_byte(published / "extracted" / DOCUMENT / "v1" / "memberships.csv")
    result = run_cdpc("diff", REPO / "extracted" / DOCUMENT / "v1", f"{DOCUMENT}@v1", "--root", published)
    assert "memberships.csv: sha256 differs from the manifest's" in one_error_line(result, 24, f"{DOCUMENT}/v1")
    assert result.stdout == ""
