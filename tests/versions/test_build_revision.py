"""A revision of the paper, built as the next version and compared with the first: the exact diff
in text, Markdown and JSON.

Both PDFs are rendered from the paper's golden extraction (by the `rendering` package), so the only
differences between them are the revision's: a network added, one removed, one renamed (it keeps its id), a country
added to one membership and removed from another, a purpose sentence changed, and the whole layout
shifted (margins, page breaks, page count). Each version publishes the same records as its table
`changes` (CSV and SQLite), from the version before it.
"""

from __future__ import annotations

import json
import shutil

import pytest

from pipeline.models import Extraction
from rendering import Layout, render
from tests.builders import change_cells, changes_table
from tests.support import GOLDEN, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"
SHIFTED = Layout(margin_left=91, margin_right=51, margin_top=80, margin_bottom=50)


def edited(row, name=None, purpose=None, members=None):
    """`row` with (old, new) text replacements in its name, purpose and member blocks."""

    def replaced(blocks, change):
        return [b.model_copy(update={"text": b.text.replace(*change)}) for b in blocks] if change else blocks

    return row.model_copy(
        update={
            "name": row.name.replace(*name) if name else row.name,
            "purpose": replaced(row.purpose, purpose),
            "members": replaced(row.members, members),
        }
    )


def revised(paper: Extraction) -> Extraction:
    rows = []
    for row in paper.rows:
        if row.name == "G20 Anti-Corruption Working Group":
            continue
        if row.name == "Judicial Regional Platform of the Indian Ocean":
            row = edited(row, name=("Indian Ocean", "Indian Ocean Countries"))
        if row.name.startswith("The West African Network of Central Authorities"):
            row = edited(row, members=("Ghana, Guinea-Bissau", "Ghana, Guinea, Guinea-Bissau"))
        if row.name.startswith("G7 Roma Lyon Group"):
            row = edited(row, members=("Japan, Russia, the UK", "Japan, the UK"))
        if row.name.startswith("International Money Laundering Information Network"):
            row = edited(row, purpose=("freely to all internet users", "freely to all registered users"))
        rows.append(row)
        if row.name.startswith("Western Balkan Prosecutors Network"):
            rows.append(baltic_network(row))
    return paper.model_copy(update={"rows": rows})


def baltic_network(like):
    """A network the paper did not have, printed among the European ones."""
    purpose = like.purpose[0].model_copy(
        update={
            "text": "The BSPN connects the prosecution services of the Baltic Sea states to speed up mutual legal "
            "assistance.",
            "style": "text",
        }
    )
    members = like.members[0].model_copy(
        update={"text": "Denmark, Estonia, Finland, Latvia, Lithuania, Poland, Sweden", "style": "text"}
    )
    return like.model_copy(
        update={
            "name": "Baltic Sea Prosecutors Network (BSPN)",
            "purpose": [purpose],
            "members": [members],
            "footnotes": [],
        }
    )


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """(root, refused build, accepted build): v1 from the paper, v2 from its revision."""
    folder = tmp_path_factory.mktemp("revision")
    paper = Extraction.model_validate_json((GOLDEN / "extraction.json").read_text())
    render(paper, folder / "paper.pdf")
    render(revised(paper), folder / "paper-revised.pdf", SHIFTED)
    root = folder / "root"
    shutil.copytree(REPO / "corrections", root / "corrections")
    first = run_cdpc("build", folder / "paper.pdf", "--root", root)
    assert first.returncode == 0, first.stderr
    refused = run_cdpc("build", folder / "paper-revised.pdf", "--root", root)
    accepted = run_cdpc("build", folder / "paper-revised.pdf", "--accept-revision", "--root", root)
    return root, refused, accepted


def test_a_revision_is_refused_without_accept_revision(versions):
    root, refused, accepted = versions
    assert refused.returncode == 22
    assert "paper-revised.pdf: a revision of CDPC (2017) 1_rev" in refused.stderr
    assert "pass --accept-revision to publish it as v2" in refused.stderr
    assert accepted.returncode == 0, accepted.stderr
    assert accepted.stdout.startswith(f"{DOCUMENT} v2: written to")


def test_the_revision_triages_the_corrections_of_the_previous_source(versions):
    """The revised rendering prints the paper's symbol, so its corrections are those of the paper: the
    triage finds each of them still applying, and the renamed platform keeps its id."""
    root, refused, accepted = versions
    assert (
        "12 corrections: 12 still apply, 0 fixed in the source, 0 target gone, 0 expected value changed."
        in accepted.stdout
    )
    assert f"- `{RENAMED_PRINTED}` → `{RENAMED}` (score " in accepted.stdout
    written = root / "corrections" / "triage" / f"{DOCUMENT}.md"
    assert f"(triage written to {written})" in accepted.stdout
    assert written.read_text(encoding="utf-8") in accepted.stdout


PER_COUNTRY = [
    "AR, AU, BR, CA, CN, DE, ES, FR, GB, ID, IN, IT, JP, KR, MX, SA, TR, US, ZA: -1 network "
    "(g20-anti-corruption-working-group)",
    "DK, EE, FI, LT, LV, PL, SE: +1 network (bspn)",
    "GN: +1 network (wacap-2013)",
    "RU: -2 networks (g20-anti-corruption-working-group, clasg)",
]

EXPECTED_TEXT = """\
--- cdpc-2017-1-rev@v1\tCDPC (2017) 1_rev, undated, sha256 {v1}, paper.pdf
+++ cdpc-2017-1-rev@v2\tCDPC (2017) 1_rev, undated, sha256 {v2}, paper-revised.pdf
- network g20-anti-corruption-working-group: G20 Anti-Corruption Working Group
+ network bspn: Baltic Sea Prosecutors Network
- clasg member RU: Russia
~ imolin purpose: … information freely to all [-internet-] {{+registered+}} users.
~ judicial-regional-platform-of-the-indian-ocean name: … of the Indian Ocean {{+Countries+}}
+ wacap-2013 member GN: Guinea
6 changes: 1 networks added, 1 removed, 4 changed.
""" + "".join(f"  {line}\n" for line in PER_COUNTRY)

EXPECTED_MARKDOWN = """\
### Dataset changes: `cdpc-2017-1-rev@v1` → `cdpc-2017-1-rev@v2`

- from: CDPC (2017) 1_rev, undated, sha256 {v1}, paper.pdf
- to: CDPC (2017) 1_rev, undated, sha256 {v2}, paper-revised.pdf

6 changes: 1 networks added, 1 removed, 4 changed.

- network `g20-anti-corruption-working-group` removed: G20 Anti-Corruption Working Group
- network `bspn` added: Baltic Sea Prosecutors Network
- `clasg` member removed: `RU` (Russia)
- `imolin` purpose changed: … information freely to all ~~internet~~ **registered** users.
- `judicial-regional-platform-of-the-indian-ocean` name changed: … of the Indian Ocean **Countries**
- `wacap-2013` member added: `GN` (Guinea)

#### Per country

""" + "".join(f"- {line}\n" for line in PER_COUNTRY)


def sources(root) -> dict[str, dict]:
    """The source of each version, as its manifest records it."""
    return {
        v: json.loads((root / "extracted" / DOCUMENT / v / "manifest.json").read_text())["source"] for v in ("v1", "v2")
    }


def sha256_prefixes(root) -> dict[str, str]:
    return {v: source["sha256"][:12] for v, source in sources(root).items()}


RENAMED, RENAMED_PRINTED = (
    "judicial-regional-platform-of-the-indian-ocean",
    "judicial-regional-platform-of-the-indian-ocean-countries",
)


def expected_records(paper: Extraction) -> list[dict]:
    imolin = next(
        row for row in paper.rows if row.name.startswith("International Money Laundering Information Network")
    )
    before = " ".join(block.text for block in imolin.purpose)
    after = before.replace("internet users", "registered users")
    common = before.removesuffix(" internet users.")
    return [
        {
            "op": "DEL",
            "network": "g20-anti-corruption-working-group",
            "item": "network",
            "old": "G20 Anti-Corruption Working Group",
        },
        {"op": "ADD", "network": "bspn", "item": "network", "new": "Baltic Sea Prosecutors Network"},
        {"op": "DEL", "network": "clasg", "item": "member", "key": "RU", "old": "Russia"},
        {
            "op": "MOD",
            "network": "imolin",
            "item": "purpose",
            "old": before,
            "new": after,
            "words": [
                {"op": "equal", "old": common, "new": common},
                {"op": "replace", "old": "internet", "new": "registered"},
                {"op": "equal", "old": "users.", "new": "users."},
            ],
        },
        {
            "op": "MOD",
            "network": RENAMED,
            "item": "name",
            "old": "Judicial Regional Platform of the Indian Ocean",
            "new": "Judicial Regional Platform of the Indian Ocean Countries",
            "words": [
                {
                    "op": "equal",
                    "old": "Judicial Regional Platform of the Indian Ocean",
                    "new": "Judicial Regional Platform of the Indian Ocean",
                },
                {"op": "insert", "new": "Countries"},
            ],
        },
        {"op": "ADD", "network": "wacap-2013", "item": "member", "key": "GN", "new": "Guinea"},
    ]


def diff(root, form: str):
    done = run_cdpc("diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--format", form, "--root", root)
    assert done.returncode == 1, done.stderr
    return done.stdout


def test_diff_of_the_revision_as_text(versions):
    assert diff(versions[0], "text") == EXPECTED_TEXT.format(**sha256_prefixes(versions[0]))


def test_diff_of_the_revision_as_markdown(versions):
    assert diff(versions[0], "markdown") == EXPECTED_MARKDOWN.format(**sha256_prefixes(versions[0]))


def test_diff_of_the_revision_as_json_records(versions):
    paper = Extraction.model_validate_json((GOLDEN / "extraction.json").read_text())
    document = json.loads(diff(versions[0], "json"))
    assert document == {
        "from": f"{DOCUMENT}@v1",
        "to": f"{DOCUMENT}@v2",
        "sources": {"from": sources(versions[0])["v1"], "to": sources(versions[0])["v2"]},
        "records": expected_records(paper),
        "countries": document["countries"],
    }
    lines = {
        ", ".join(sorted(c for c, change in document["countries"].items() if change == value))
        for value in document["countries"].values()
    }
    assert lines == {line.split(":")[0] for line in PER_COUNTRY}
    assert document["countries"]["RU"] == {"left": ["g20-anti-corruption-working-group", "clasg"]}


def test_a_version_compared_with_itself_has_no_diff(versions):
    done = run_cdpc("diff", f"{DOCUMENT}@v2", str(versions[0] / "extracted" / DOCUMENT / "v2"), "--root", versions[0])
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "No changes.")


def test_each_version_publishes_its_diff_from_the_version_before_as_the_changes_table(versions):
    root = versions[0]
    records = json.loads(diff(root, "json"))["records"]
    assert {r["op"] for r in records} == {"ADD", "DEL", "MOD"}
    assert changes_table(root / "extracted" / DOCUMENT / "v2") == ([change_cells(r) for r in records],) * 2
    first = [
        json.loads(line)["name"]
        for line in (root / "extracted" / DOCUMENT / "v1" / "networks.jsonl").read_text().splitlines()
    ]
    added = [{"op": "ADD", "item": "network", "new": name} for name in first]
    assert [
        {k: row[k] for k in ("op", "item", "new")} for row in changes_table(root / "extracted" / DOCUMENT / "v1")[0]
    ] == added


def test_building_the_revision_again_finds_it_up_to_date_its_changes_unchanged(versions, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(versions[0], root)
    # another page source than the default's always extracts, so the files are rendered again and compared
    again = run_cdpc(
        "build",
        versions[0].parent / "paper-revised.pdf",
        "--accept-revision",
        "--page-source",
        "pdfium",
        "--root",
        root,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"{DOCUMENT} v2: up to date"), again.stdout
