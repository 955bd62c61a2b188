"""Network ids across versions, the dataset a source belongs to, and the builds' refusals, each
through the real CLI on extraction JSON (the paper's golden extraction, edited) or the library.

An id is never reused: a network that left in v2 and comes back in v3 takes its id back, another
network printed under that id is refused it unless a correction pairs it (exit 37); a root with several datasets
needs `--dataset` for a source none
of them had (exit 36); `cdpc carry-over` never overwrites a reviewed file (exit 38); a root without
a corrections folder builds with none and says so.
"""

from __future__ import annotations

import json
import shutil

import pytest

import pipeline
from pipeline.corrections.apply import load_corrections
from pipeline.corrections.triage import HEADINGS
from pipeline.models import Extraction
from pipeline.normalise.networks import normalise
from pipeline.versions.build import publish
from tests.builders import CATALOGUE_2020, EXPECTED_2020 as EXPECTED, PAIRINGS_2020, one_error_line, tree
from tests.support import GOLDEN, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"
WBPN = "Western Balkan Prosecutors Network"


def paper() -> Extraction:
    return Extraction.model_validate_json((GOLDEN / "extraction.json").read_text(encoding="utf-8"))


def written(extraction: Extraction, path, sha: str | None = None, symbol: str | None = None):
    """`extraction` as the JSON of `cdpc extract` at `path`, under another sha256 or symbol if given."""
    update = {k: v for k, v in {"sha256": sha and sha * 64, "symbol": symbol}.items() if v}
    extraction = extraction.model_copy(update={"source": extraction.source.model_copy(update=update)})
    path.write_text(extraction.model_dump_json(), encoding="utf-8")
    return path


def without_wbpn(extraction: Extraction) -> Extraction:
    return extraction.model_copy(update={"rows": [r for r in extraction.rows if not r.name.startswith(WBPN)]})


@pytest.fixture
def root(tmp_path):
    folder = tmp_path / "root"
    shutil.copytree(REPO / "corrections", folder / "corrections")
    return folder


def another_wbpn(extraction: Extraction) -> Extraction:
    """The paper with the WBPN row printing another network under the same acronym."""

    def other(row):
        if not row.name.startswith(WBPN):
            return row
        purpose = [row.purpose[0].model_copy(update={"text": "It buys flour in bulk for the bakeries of its members."})]
        members = [row.members[0].model_copy(update={"text": "Bakeries of Ruritania"})]
        return row.model_copy(
            update={
                "name": "Wholesale Bakers Purchasing Network (WBPN)",
                "purpose": purpose,
                "members": members,
                "footnotes": [],
            }
        )

    return extraction.model_copy(update={"rows": [other(r) for r in extraction.rows]})


def test_a_network_that_comes_back_takes_its_id_back(tmp_path, root):
    assert run_cdpc("build", written(paper(), tmp_path / "v1.json"), "--root", root).returncode == 0
    gone = run_cdpc(
        "build", written(without_wbpn(paper()), tmp_path / "v2.json", sha="b"), "--accept-revision", "--root", root
    )
    assert gone.returncode == 0, gone.stderr
    assert "Retired: `wbpn`" in gone.stdout
    back = run_cdpc("build", written(paper(), tmp_path / "v3.json", sha="c"), "--accept-revision", "--root", root)
    assert back.returncode == 0, back.stderr
    v3 = pipeline.load(f"{DOCUMENT}@v3", root)
    assert [n.name for n in v3.networks if n.id == "wbpn"] == [f"{WBPN} Project"]


def test_another_network_under_a_published_id_is_refused_it_until_a_correction_pairs_it(tmp_path, root):
    assert run_cdpc("build", written(paper(), tmp_path / "v1.json"), "--root", root).returncode == 0
    gone = run_cdpc(
        "build", written(without_wbpn(paper()), tmp_path / "v2.json", sha="b"), "--accept-revision", "--root", root
    )
    assert gone.returncode == 0, gone.stderr
    back = written(another_wbpn(paper()), tmp_path / "v3.json", sha="c")
    before = tree(root / "extracted")
    error = one_error_line(run_cdpc("build", back, "--accept-revision", "--root", root), 37, root / "corrections")
    assert f"the network printed as 'wbpn' would take id 'wbpn', which an earlier version gave '{WBPN}" in error
    assert (
        "add a pair_network correction if it is that network, else a new_network correction giving it another id"
        in error
    )
    assert tree(root / "extracted") == before
    (root / "corrections" / "wbpn.yaml").write_text(
        'source: {symbol: "CDPC (2017) 1_rev"}\ncorrections:\n  - id: wbpn-is-back\n    op: pair_network\n'
        "    target: {network: wbpn}\n    value: wbpn\n    reason: The network of v1 again.\n    author: Test Author\n "
        "   date: 2026-11-29\n",
        encoding="utf-8",
    )
    paired = run_cdpc("build", back, "--accept-revision", "--root", root)
    assert paired.returncode == 0, paired.stderr
    v3 = pipeline.load(f"{DOCUMENT}@v3", root)
    assert [(k.printed, k.id, k.correction) for k in v3.ids] == [("wbpn", "wbpn", "wbpn-is-back")]


def test_new_network_gives_a_returning_row_an_id_of_its_own(tmp_path, root):
    run_cdpc("build", written(paper(), tmp_path / "v1.json"), "--root", root)
    run_cdpc(
        "build", written(without_wbpn(paper()), tmp_path / "v2.json", sha="b"), "--accept-revision", "--root", root
    )
    (root / "corrections" / "wbpn.yaml").write_text(
        'source: {symbol: "CDPC (2017) 1_rev"}\ncorrections:\n  - id: another-wbpn\n    op: new_network\n'
        "    target: {network: wbpn}\n    value: wbpn-2\n    reason: Another network of that acronym.\n    author: "
        "Test Author\n    date: 2026-11-29\n",
        encoding="utf-8",
    )
    done = run_cdpc("build", written(paper(), tmp_path / "v3.json", sha="c"), "--accept-revision", "--root", root)
    assert done.returncode == 0, done.stderr
    assert "wbpn-2" in {n.id for n in pipeline.load(f"{DOCUMENT}@v3", root).networks}


def test_a_pairing_correction_whose_row_is_gone_is_stale(tmp_path, root):
    (root / "corrections" / "pair.yaml").write_text(
        'source: {symbol: "CDPC (2017) 1_rev"}\ncorrections:\n  - id: pair-nothing\n    op: pair_network\n'
        "    target: {network: no-such-row}\n    value: eurojust\n    reason: A typo.\n    author: Test Author\n    "
        "date: 2026-11-29\n",
        encoding="utf-8",
    )
    error = one_error_line(run_cdpc("build", written(paper(), tmp_path / "v1.json"), "--root", root), 21, "pair.yaml:3")
    assert "no network printed as 'no-such-row'" in error
    assert not (root / "extracted").exists()


def test_a_source_new_to_a_root_of_several_datasets_needs_dataset(tmp_path, root):
    assert run_cdpc("build", written(paper(), tmp_path / "2017.json"), "--root", root).returncode == 0
    other = run_cdpc("build", CATALOGUE_2020, "--dataset", "catalogue-2020", "--root", root)
    assert other.returncode == 0, other.stderr
    assert other.stdout.startswith("catalogue-2020 v1: written to")
    before = tree(root / "extracted")
    third = written(paper(), tmp_path / "2099.json", sha="d", symbol="CDPC (2099) 1")
    error = one_error_line(run_cdpc("build", third, "--root", root), 36, root / "extracted")
    assert "holds 2 datasets (catalogue-2020, cdpc-2017-1-rev): say which this source is of with --dataset" in error
    assert tree(root / "extracted") == before


def test_a_source_known_to_several_datasets_needs_dataset(tmp_path, root):
    source = written(paper(), tmp_path / "2017.json")
    assert run_cdpc("build", source, "--root", root).returncode == 0
    twin = run_cdpc("build", source, "--dataset", "twin", "--root", root)
    assert twin.returncode == 0, twin.stderr
    before = tree(root / "extracted")
    error = one_error_line(run_cdpc("build", source, "--root", root), 36, root / "extracted")
    assert "holds 2 datasets (cdpc-2017-1-rev, twin): say which this source is of with --dataset" in error
    assert tree(root / "extracted") == before


def test_a_root_with_one_dataset_takes_a_new_source_as_its_revision(tmp_path, root):
    run_cdpc("build", written(paper(), tmp_path / "2017.json"), "--root", root)
    refused = run_cdpc("build", CATALOGUE_2020, "--root", root)
    one_error_line(refused, 22, CATALOGUE_2020)
    assert "a revision of CDPC (2017) 1_rev (PC-OC Mod (2020) 03rev2, sha256 000000000000…" in refused.stderr
    assert "pass --accept-revision to publish it as v2 of cdpc-2017-1-rev" in refused.stderr


def test_carry_over_never_overwrites_a_reviewed_file(tmp_path, root):
    run_cdpc("build", written(paper(), tmp_path / "2017.json"), "--root", root)
    first = run_cdpc("carry-over", CATALOGUE_2020, "--root", root)
    assert first.returncode == 0, first.stderr
    carried = root / "corrections" / "pc-oc-mod-2020-03rev2.yaml"
    assert (
        run_cdpc("carry-over", CATALOGUE_2020, "--root", root).returncode == 0
    )  # the same file again: nothing to refuse
    carried.write_text(carried.read_text(encoding="utf-8") + "# reviewed\n", encoding="utf-8")
    reviewed = tree(root)
    one_error_line(run_cdpc("carry-over", CATALOGUE_2020, "--root", root), 38, carried)
    assert tree(root) == reviewed


def test_a_root_without_corrections_builds_with_none_and_says_so(tmp_path):
    root = tmp_path / "empty"
    done = run_cdpc("build", CATALOGUE_2020, "--root", root, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [  # then the summary (tests/versions/test_build_summary.py)
        f"no corrections folder ({root / 'corrections'}): building with no corrections",
        f"pc-oc-mod-2020-03rev2 v1: written to {root / 'extracted' / 'pc-oc-mod-2020-03rev2' / 'v1'} (40 networks, 0 "
        f"corrections applied)",
    ]


def test_the_library_publishes_the_revision_with_its_triage(tmp_path):
    """`normalise` then `publish`, as a library user would: the triage comes back with the version."""
    corrections = tmp_path / "corrections"
    shutil.copytree(REPO / "corrections", corrections)
    first = publish(normalise(paper()), load_corrections(corrections), tmp_path)
    assert (first.version, first.triage) == ("v1", None)
    (corrections / "pairings-2020.yaml").write_text(
        PAIRINGS_2020, encoding="utf-8"
    )  # a file for a source the root does not know yet is refused
    revision = normalise(Extraction.model_validate_json(CATALOGUE_2020.read_text(encoding="utf-8")))
    done = publish(revision, load_corrections(corrections), tmp_path, accept_revision=True)
    assert (done.document, done.version, done.corrections) == (DOCUMENT, "v2", 2)
    headings = {h: sorted(t.item.correction.id for t in done.triage.under(h)) for h in HEADINGS}
    assert headings == {h: ids for h, ids in EXPECTED["correction_triage"].items() if not h.startswith("_")}
    assert sorted(done.triage.retired) == sorted(EXPECTED["gone"])
    assert len(done.triage.added) == len(EXPECTED["new"])
    assert json.loads((done.path / "networks.json").read_text())["document"] == DOCUMENT
