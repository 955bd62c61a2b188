"""One catalogue, successive sources: the 2020 revision (tests/fixtures/catalogue_2020.json, the JSON
of `cdpc extract`) published as the next version of the 2017 dataset, through the real CLI.

In a temporary root holding the bundled paper and the repository's corrections: `cdpc build`
publishes the 2017 paper as v1; the reviewer's pairing corrections for the 2020 source (Eurojust
and the High-Tech Crime Subgroup, whose names changed too much for the automatic pairing) are
written; `cdpc carry-over` triages the twelve 2017 corrections against the 2020 source and writes
the three that still apply; `cdpc build --accept-revision` publishes v2. Each 2017 correction must
land under the heading catalogue_2020_expected.json gives it, every continuing network keep its
2017 id, the new ones get their own and the gone ones be retired.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

import pipeline
from pipeline.versions.store import read_manifest
from tests.builders import CATALOGUE_2020, EXPECTED_2020 as EXPECTED, PAIRINGS_2020, triage_headings
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"
NEW_SLUG = "pc-oc-mod-2020-03rev2"


@pytest.fixture(scope="module")
def revision(tmp_path_factory):
    """(root, carry-over run, build run) after the 2017 paper (v1) and the 2020 revision (v2)."""
    root = tmp_path_factory.mktemp("sources") / "root"
    (root / "source_docs").mkdir(parents=True)
    shutil.copy(PAPER, root / "source_docs")
    shutil.copytree(REPO / "corrections", root / "corrections")
    first = run_cdpc("build", "--root", root)
    assert first.returncode == 0, first.stderr
    (root / "corrections" / f"{NEW_SLUG}-ids.yaml").write_text(PAIRINGS_2020, encoding="utf-8")
    carried = run_cdpc("carry-over", CATALOGUE_2020, "--root", root)
    assert carried.returncode == 0, carried.stderr
    built = run_cdpc("build", CATALOGUE_2020, "--accept-revision", "--root", root)
    assert built.returncode == 0, built.stderr
    return root, carried, built


def test_every_2017_correction_is_triaged_under_its_expected_heading(revision):
    root, carried, _ = revision
    expected = {h: ids for h, ids in EXPECTED["correction_triage"].items() if not h.startswith("_")}
    assert {h: sorted(ids) for h, ids in triage_headings(carried.stdout).items()} == expected
    assert (
        "12 corrections: 3 still apply, 4 fixed in the source, 4 target gone, 1 expected value changed."
        in carried.stdout
    )


def test_the_reviewers_headings_say_file_line_and_what_was_found_instead(revision):
    _, carried, _ = revision
    lines = {m[1]: m[0] for m in re.finditer(r"- `([a-z0-9-]+)` \(.*", carried.stdout)}
    correction_lines = {id: n for n, id in corrections_at_lines(REPO / "corrections" / f"{DOCUMENT}.yaml").items()}
    assert lines["nacp-printed-as-ncap"] == (
        f"- `nacp-printed-as-ncap` (replace_text, "
        f"corrections/{DOCUMENT}.yaml:{correction_lines['nacp-printed-as-ncap']}): "
        "'NCAP' is not in the purpose of 'nacp'; found instead: 'NAPC'"
    )
    assert (
        "no entry 'Liaison Magistrates' in network 'eurojust'; found instead:"
        in lines["liaison-magistrates-are-officials"]
    )
    assert (
        "no network 'organization-for-economic-cooperation-and-development-anti-corruption"
        in lines["acn-printed-as-can"]
    )


def corrections_at_lines(path) -> dict[int, str]:
    """Line → the id of the correction that starts there."""
    return {
        n: line.split("id:")[1].strip()
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if line.startswith("  - id:")
    }


def test_the_triage_is_written_beside_the_corrections_and_printed_whole(revision):
    root, carried, built = revision
    written = (root / "corrections" / "triage" / f"{NEW_SLUG}.md").read_text(encoding="utf-8")
    assert written.startswith(
        "# Corrections of CDPC (2017) 1_rev (CDPC-2017-1-rev.pdf, sha256 272d2b83c316…) against PC-OC Mod (2020) 03rev2"
    )
    assert written in carried.stdout and written in built.stdout


def test_carried_over_file_names_the_new_source_and_keeps_each_correction_as_written(revision):
    root, carried, _ = revision
    path = root / "corrections" / f"{NEW_SLUG}.yaml"
    assert f"3 corrections carried over to {path}" in carried.stdout
    text = path.read_text(encoding="utf-8")
    carried_file = yaml.safe_load(text)
    original = yaml.safe_load((REPO / "corrections" / f"{DOCUMENT}.yaml").read_text(encoding="utf-8"))
    assert carried_file["source"] == {"symbol": "PC-OC Mod (2020) 03rev2"}
    by_id = {c["id"]: c for c in original["corrections"]}
    assert carried_file["corrections"] == [
        by_id[id]
        for id in (
            "congo-is-both-congos",
            "eurojust-korea-is-republic-of-korea",
            "rrag-is-gafilat-asset-recovery-network",
        )
    ]
    lines = corrections_at_lines(REPO / "corrections" / f"{DOCUMENT}.yaml")
    origins = re.findall(rf"  # carried over from corrections/{DOCUMENT}.yaml:(\d+)", text)
    assert [lines[int(n)] for n in origins] == [c["id"] for c in carried_file["corrections"]]


def test_the_revision_is_the_next_version_of_the_same_dataset_naming_its_source(revision):
    root, _, built = revision
    assert sorted(p.name for p in (root / "extracted").iterdir()) == [DOCUMENT]
    assert built.stdout.startswith(
        f"{DOCUMENT} v2: written to {root / 'extracted' / DOCUMENT / 'v2'} (40 networks, 5 corrections applied)"
    )
    manifest = read_manifest(root / "extracted" / DOCUMENT / "v2")
    assert (manifest.document, manifest.source.symbol, manifest.source.file) == (
        DOCUMENT,
        "PC-OC Mod (2020) 03rev2",
        "PC-OC-Mod-2020-03rev2.pdf",
    )
    assert [f.path for f in manifest.corrections] == [f"{NEW_SLUG}-ids.yaml", f"{NEW_SLUG}.yaml"]
    assert read_manifest(root / "extracted" / DOCUMENT / "v1").source.symbol == "CDPC (2017) 1_rev"


def test_continuing_networks_keep_their_ids_new_ones_get_theirs_gone_ones_retire(revision):
    root, _, _ = revision
    old, new = pipeline.load(f"{DOCUMENT}@v1", root), pipeline.load(f"{DOCUMENT}@v2", root)
    assert len(new.networks) == EXPECTED["rows"]
    assert {id: new.networks[fact["row"]].id for id, fact in EXPECTED["continued"].items()} == {
        id: id for id in EXPECTED["continued"]
    }
    new_ids = {new.networks[int(row)].id for row in EXPECTED["new"]}
    assert len(new_ids) == len(EXPECTED["new"]) and not new_ids & {n.id for n in old.networks}
    assert sorted({n.id for n in old.networks} - {n.id for n in new.networks}) == EXPECTED["gone"]
    eurojust = next(k for k in new.ids if k.id == "eurojust")
    assert (eurojust.printed, eurojust.correction) == (
        "eurojust-european-union-agency-for-criminal-justice-cooperation",
        "eurojust-is-the-eu-agency",
    )
    untoc = next(k for k in new.ids if k.id == "untoc")
    assert untoc.printed == "untoc-working-group-on-international-cooperation" and 0.6 <= untoc.score <= 1


def test_the_carried_over_corrections_apply_to_the_new_version(revision):
    root, _, _ = revision
    new = pipeline.load(f"{DOCUMENT}@v2", root)
    eurojust = next(n for n in new.networks if n.id == "eurojust")
    korea = [e for g in eurojust.groups for e in g.entries if e.raw == "Korea"]
    assert [(e.codes, e.amendments[0].correction) for e in korea] == [(["KR"], "eurojust-korea-is-republic-of-korea")]
    glrjcn = next(n for n in new.networks if n.id == "glrjcn")
    assert {"CG", "CD"} <= {c for g in glrjcn.groups for e in g.entries for c in e.codes}
