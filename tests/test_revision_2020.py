"""The day the next revision appears, as a maintainer lives it, from PDFs to the reviewer's diff.

In a temporary root holding the bundled 2017 paper and the repository's corrections: `cdpc build`
publishes v1; the 2020 revision printed in its own layout (landscape, masthead with symbol and date,
footer, websites in the name cells, collective members: `rendering.render_2020`) is triaged with
`cdpc carry-over` and published with `cdpc build --accept-revision` as v2 of the same dataset; then
`cdpc diff` compares them. No pairing is given by hand: the Eurojust rename is paired by the diff's
own pairing, helped by the collective "Member States of the EU" expanded as of 22 September 2020.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import pytest

from pipeline.versions.store import load
from tests.builders import (
    EU_2020,
    EXPECTED_2020 as EXPECTED,
    TRIAGE_TITLES,
    change_cells,
    changes_table,
    triage_headings,
)
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"


@pytest.fixture(scope="module")
def revision(tmp_path_factory, rendered_2020):
    """(root, carry-over run, build run, the diff v1 → v2 as JSON records)."""
    root = tmp_path_factory.mktemp("revision-2020")
    (root / "source_docs").mkdir()
    shutil.copy(PAPER, root / "source_docs")
    shutil.copytree(REPO / "corrections", root / "corrections", ignore=shutil.ignore_patterns("triage"))
    first = run_cdpc("build", "--root", root)
    assert first.returncode == 0, first.stderr
    pdf = root / "PC-OC-Mod-2020-03rev2.pdf"
    shutil.copy(rendered_2020["default"][0], pdf)
    carried = run_cdpc("carry-over", pdf, "--root", root)
    assert carried.returncode == 0, carried.stderr
    built = run_cdpc("build", pdf, "--accept-revision", "--root", root)
    assert built.returncode == 0, built.stderr
    diff = run_cdpc("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--format", "json", "--root", root)
    assert diff.returncode == 1, diff.stderr
    return root, carried, built, json.loads(diff.stdout)


def test_one_dataset_with_v1_from_2017_and_v2_from_2020(revision):
    root, _, built, _ = revision
    assert [p.name for p in (root / "extracted").iterdir() if p.is_dir()] == [DOCUMENT]
    assert sorted(p.name for p in (root / "extracted" / DOCUMENT).iterdir() if p.is_dir()) == ["v1", "v2"]
    assert built.stdout.startswith(f"{DOCUMENT} v2: written to")
    manifest = json.loads((root / "extracted" / DOCUMENT / "v2" / "manifest.json").read_text())
    assert (manifest["source"]["symbol"], manifest["source"]["date"]) == ("PC-OC Mod (2020) 03rev2", "2020-09-22")
    assert [f["path"] for f in manifest["corrections"]] == ["pc-oc-mod-2020-03rev2.yaml"]
    done = run_cdpc("verify", "--root", root)
    assert done.returncode == 0, done.stderr


def test_every_2017_correction_is_triaged_under_its_heading_at_once(revision):
    root, carried, built, _ = revision
    expected = {key: sorted(EXPECTED["correction_triage"][key]) for key in TRIAGE_TITLES}
    assert triage_headings(carried.stdout) == expected
    assert triage_headings(built.stdout) == expected
    written = (root / "corrections" / "triage" / "pc-oc-mod-2020-03rev2.md").read_text(encoding="utf-8")
    assert triage_headings(written) == expected
    carried_over = (root / "corrections" / "pc-oc-mod-2020-03rev2.yaml").read_text(encoding="utf-8")
    assert sorted(
        line.split("id: ", 1)[1] for line in carried_over.splitlines() if line.lstrip().startswith("- id: ")
    ) == sorted(expected["still_applies"])


def test_the_eurojust_rename_is_one_record_and_its_id_is_kept(revision):
    records = revision[3]["records"]
    eurojust = [r for r in records if r["network"] == "eurojust"]
    assert [r for r in eurojust if r["item"] == "name"] == [
        {
            "op": "MOD",
            "network": "eurojust",
            "item": "name",
            "old": "Eurojust",
            "new": "EUROJUST (European Union Agency for Criminal Justice Cooperation)",
            "words": [
                {
                    "op": "replace",
                    "old": "Eurojust",
                    "new": "EUROJUST (European Union Agency for Criminal Justice Cooperation)",
                }
            ],
        }
    ]
    assert not [r for r in records if r["item"] == "network" and "eurojust" in r["network"]]


def test_the_united_kingdom_leaves_the_eu_networks_and_no_other_eu_state_does(revision):
    records = revision[3]["records"]
    for network in EXPECTED["eu_networks"]:
        members = [r for r in records if r["network"] == network and r["item"] == "member"]
        left = {r["key"] for r in members if r["op"] == "DEL"}
        assert "GB" in left, network
        assert not (left | {r["key"] for r in members if r["op"] == "ADD"}) & set(EU_2020), network
        assert [r for r in records if r["network"] == network and r["item"] == "collective"], network


def test_the_revision_publishes_its_diff_as_the_changes_table(revision):
    root, _, _, diff = revision
    assert any(isinstance(r.get("new"), list) for r in diff["records"])  # sources, terms: published as JSON

    def ordered(rows: list[dict]) -> list[dict]:
        return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))

    one_network = ordered([change_cells(r) for r in one_network_records(diff)])  # the table keeps each network's record
    assert tuple(map(ordered, changes_table(root / "extracted" / DOCUMENT / "v2"))) == (one_network,) * 2


def test_building_the_revision_again_is_up_to_date_and_v2_keeps_its_changes(revision):
    """The ids of a rebuild are paired against the version the source extends (v1), as the first
    build of the revision paired them: not against v2, which would give other rename scores."""
    root, _, built, diff = revision
    again = run_cdpc("build", root / "PC-OC-Mod-2020-03rev2.pdf", "--root", root)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"{DOCUMENT} v2: up to date, nothing written"), again.stdout
    assert sorted(p.name for p in (root / "extracted" / DOCUMENT).iterdir() if p.is_dir()) == ["v1", "v2"]
    ids = json.loads((root / "extracted" / DOCUMENT / "v2" / "networks.json").read_text(encoding="utf-8"))["ids"]
    assert {"printed": "eurojust-european-union-agency-for-criminal-justice-cooperation", "id": "eurojust"} in [
        {k: i[k] for k in ("printed", "id")} for i in ids
    ]
    assert all(i["score"] < 1 for i in ids if i["id"] == "eurojust")  # paired against 2017's Eurojust, not v2's
    assert len(changes_table(root / "extracted" / DOCUMENT / "v2")[0]) == len(one_network_records(diff)) > 0


def test_with_both_papers_in_source_docs_a_build_without_input_builds_the_latest_versions_source(revision):
    """README's first command once the revision's PDF is committed beside the 2017 paper: the PDF of
    the latest version's source is built (found up to date), not a stop for naming one of two."""
    root = revision[0]
    committed = root / "source_docs" / "PC-OC-Mod-2020-03rev2.pdf"
    shutil.copy(root / "PC-OC-Mod-2020-03rev2.pdf", committed)
    try:
        done = run_cdpc("build", "--root", root)
    finally:
        committed.unlink()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{DOCUMENT} v2: up to date, nothing written"), done.stdout
    assert "PC-OC Mod (2020) 03rev2" in done.stdout


def one_network_records(diff: dict) -> list[dict]:
    """The diff's records, each record of several networks replaced by those it folds."""
    return [f for r in diff["records"] for f in r.get("folded", [r])]


def test_the_new_section_scheme_is_one_record_folding_each_networks_move(revision):
    root, _, _, diff = revision
    schemes = [r for r in diff["records"] if r["item"] == "section"]
    assert len(schemes) == 1 and schemes[0]["network"] is None, schemes
    scheme = schemes[0]
    assert scheme["old"] == ["european", "non_european"] and {
        "general_european",
        "specialised_european",
        "regional",
        "global",
    } <= set(scheme["new"])
    v1, v2 = (
        json.loads((root / "extracted" / DOCUMENT / v / "networks.json").read_text(encoding="utf-8"))
        for v in ("v1", "v2")
    )
    sections = {n["id"]: n["section"] for n in v1["networks"]}
    went: dict = {}
    for n in v2["networks"]:
        if n["id"] in sections:
            went.setdefault(sections[n["id"]], {}).setdefault(n["section"], 0)
            went[sections[n["id"]]][n["section"]] += 1
    assert scheme["moves"] == went
    assert [(f["network"], f["old"], f["new"]) for f in scheme["folded"]] == [
        (n["id"], sections[n["id"]], n["section"])
        for n in v2["networks"]
        if n["id"] in sections and sections[n["id"]] != n["section"]
    ]
    text = run_cdpc("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--root", root).stdout
    assert len([line for line in text.splitlines() if " section" in line.split(":")[0]]) == 1, text


def test_a_relabel_several_networks_share_is_one_record(revision):
    records = revision[3]["records"]
    eu = [
        r
        for r in records
        if r["item"] == "group_label"
        and r.get("old") == "28 Member States of the European Union"
        and r.get("new") is None
    ]
    assert len(eu) == 1 and eu[0]["network"] is None
    assert [f["network"] for f in eu[0]["folded"]] == ["eurojust", "jit"]
    assert not [r for r in records if r["item"] == "group_label" and r["network"] in ("eurojust", "jit")]
    assert [f["network"] for f in eu[0]["folded"]] == [
        f["network"]
        for f in one_network_records(revision[3])
        if f["item"] == "group_label" and f.get("old") == eu[0]["old"] and f.get("new") is None
    ]


def test_notes_are_reported_as_notes_not_as_members(revision):
    root, _, _, diff = revision
    versions = [json.loads((root / "extracted" / DOCUMENT / v / "networks.json").read_text()) for v in ("v1", "v2")]
    texts = {
        (n["id"], e["raw"])
        for version in versions
        for n in version["networks"]
        for g in n["groups"]
        for e in g["entries"]
        if e["status"] == "text"
    }
    records = one_network_records(diff)
    notes = [r for r in records if r["item"] == "note" and r["op"] != "MOD"]
    assert ("DEL", "sahel", "launched in Bamako") in [(r["op"], r["network"], r.get("old")) for r in notes]
    assert {(r["network"], r.get("old") or r.get("new")) for r in notes} <= texts
    assert not [r for r in records if r["item"] == "member" and (r["network"], r.get("old") or r.get("new")) in texts]


def test_the_review_page_orders_the_changes_for_a_reviewer(revision, tmp_path):
    root, _, _, diff = revision
    done = run_cdpc(
        "report",
        f"{DOCUMENT}@v2",
        "--against",
        f"{DOCUMENT}@v1",
        "-o",
        tmp_path / "review",
        "--pdf",
        root / "PC-OC-Mod-2020-03rev2.pdf",
        "--root",
        root,
    )
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    changes = page[page.index('<section id="diff">') : page.index('<section id="summary">')]
    parts = re.findall(r'<h3 class="diff-part">([^<]+)</h3>', changes)
    assert parts == ["Networks added and removed", "Renamed", "Members", "Text and other values"]
    member_items = {"group_label", "collective", "member", "group", "role", "kind", "codes", "raw", "note"}
    per_network: dict = {}
    for r in diff["records"]:
        if r["item"] in member_items and r["network"]:
            per_network[r["network"]] = per_network.get(r["network"], 0) + 1
    headed = re.findall(r'<h4 class="diff-network"><a href="#net-([^"]+)">[^<]+</a>: (\d+) member changes?:', changes)
    assert dict((n, int(c)) for n, c in headed) == per_network and len(headed) == len(per_network)
    networks_part = changes[: changes.index("Renamed</h3>")]
    assert networks_part.count('<span class="op">') == len([r for r in diff["records"] if r["item"] == "network"]) > 0


WALKTHROUGH_FENCE = re.compile(r"^( *)```(sh|text)([^\n]*)\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)
DOWNLOADED = "~/Downloads/PC-OC-Mod-2020-03rev2.pdf"
SCRATCH = "/tmp/"


def walkthrough_blocks() -> list[tuple[str, str, str]]:
    """docs/revisions.md's "Step by step": its sh and text blocks as (language, attributes, text)."""
    page = (REPO / "docs" / "revisions.md").read_text(encoding="utf-8")
    start = page.index("\n## Step by step\n")
    end = page.find("\n## ", start + 1)
    section = page[start : end if end > 0 else len(page)]
    return [
        (m[2], m[3], "".join(line[len(m[1]) :] + "\n" for line in m[4].splitlines()))
        for m in WALKTHROUGH_FENCE.finditer(section)
    ]


def shown_in(shown: str, printed: str) -> bool:
    """Whether the page's block is what was printed, a line `…` standing for any lines left out: each
    run of lines between them printed as a run, in order, the first at the start and the last at the
    end unless a `…` stands there."""
    runs = [run.strip("\n").split("\n") for run in ("\n" + shown).split("\n…\n")]
    lines, at = printed.splitlines(), 0
    for index, run in enumerate(runs):
        if run == [""]:
            continue
        anchored_start, anchored_end = index == 0, index == len(runs) - 1 and not shown.rstrip("\n").endswith("…")
        starts = [i for i in range(at, len(lines) - len(run) + 1) if lines[i : i + len(run)] == run]
        starts = [
            i for i in starts if (not anchored_start or i == 0) and (not anchored_end or i + len(run) == len(lines))
        ]
        if not starts:
            return False
        at = starts[0] + len(run)
    return True


def test_the_readme_walkthrough_runs_as_written_on_the_2020_rendering(rendered_2020, tmp_path):
    """Every command of docs/revisions.md's "Step by step", run as written (the PDF downloaded
    is the 2020 rendering, `/tmp/` a folder of the test's own, git's commands left to git) in a copy
    of the repository's root, each exiting as the page says (`check` and `diff` 1, else 0) and
    printing what the text block after it shows."""
    root, scratch = tmp_path / "root", tmp_path / "scratch"
    scratch.mkdir()
    for folder in ("source_docs", "corrections", "extracted"):
        shutil.copytree(REPO / folder, root / folder)
    printed, checked = "", []
    for language, attributes, text in walkthrough_blocks():
        if language == "text" and "revision=" in attributes:
            assert shown_in(text, printed.replace(str(scratch) + "/", SCRATCH)), (
                f"docs/revisions.md {attributes} differs from:\n{printed}"
            )
            checked.append(attributes.split("revision=")[1])
            continue
        for line in text.splitlines() if "covered-by=" in attributes else []:
            args = [a.replace(SCRATCH, f"{scratch}/") for a in shlex.split(line, comments=True)]
            if args[0] == "cp":
                assert args[1:] == [DOWNLOADED, "source_docs/"], line
                shutil.copy(rendered_2020["default"][0], root / "source_docs" / Path(DOWNLOADED).name)
            elif args[0] == "cdpc":
                done = run_cdpc(*args[1:], cwd=root)
                assert done.returncode == (1 if args[1] in ("check", "diff") else 0), (line, done.stderr)
                printed = done.stdout
            else:
                assert args[0] == "git", line
    assert checked == ["carry-over", "check", "build", "diff", "report", "verify", "first-command"]


def test_a_later_version_of_the_revision_carries_the_revisions_changes(revision, tmp_path):
    """A correction of the 2020 source edited after v2 (its reason only: the data stays) publishes v3,
    whose `changes` table is still what the revision changed (from v1, the version the source
    extends), not the nothing that changed from v2."""
    root = tmp_path / "root"
    shutil.copytree(revision[0], root)
    corrections = root / "corrections" / "pc-oc-mod-2020-03rev2.yaml"
    for version in (
        "v3",
        "v4",
    ):  # v4 repeats v3, which repeats v2's data: written from v3's files (pipeline.versions.repeat)
        text = corrections.read_text(encoding="utf-8")
        corrections.write_text(
            re.sub(r"(?m)^(\s+reason: [\"']?)", r"\1Reviewed again. ", text, count=1), encoding="utf-8"
        )
        done = run_cdpc("build", root / "PC-OC-Mod-2020-03rev2.pdf", "--root", root)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"{DOCUMENT} {version}: written to"), done.stdout
    v2, v3, v4 = (changes_table(root / "extracted" / DOCUMENT / v) for v in ("v2", "v3", "v4"))
    assert v4 == v3 == v2 and len(v3[0]) == len(one_network_records(revision[3])) > 0


def test_relations_to_eurojust_are_kept_across_its_rename(revision):
    root, _, _, diff = revision
    relations = {
        (r.source, r.kind, r.target) for n in load(root / "extracted" / DOCUMENT / "v2").networks for r in n.relations
    }
    assert {
        ("carin", "observer", "eurojust"),
        ("eurojust", "hosts", "jit"),
        ("eurojust", "partner", "ejn"),
    } <= relations
    assert not [r for r in diff["records"] if r["item"] == "relation" and r["op"] == "DEL" and "eurojust" in r["key"]]
