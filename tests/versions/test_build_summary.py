"""`cdpc build` ends with a summary of the version, whatever happened: written, up to date, or a
revision after its triage. Through the real CLI; every figure of the summary is checked against
the version's own files read here (manifest.json, networks.json, memberships.csv), the entries to
review against what `cdpc check` lists for the same input, and the next commands it prints are run.
"""

from __future__ import annotations

import csv
import json
import re
import shlex
import shutil

import pytest

from tests.support import REPO, run_cdpc

FIRST_LINE = re.compile(
    r"^(\S+) (v\d+): (written to .+ \(\d+ networks, \d+ corrections applied\)|up to date, nothing written \(.+\))$",
    re.MULTILINE,
)


@pytest.fixture(scope="module")
def builds(tmp_path_factory, small_catalogue):
    """A root whose name needs quoting, built three times with no corrections: the first version,
    the same input again, and a longer revision; with what `cdpc check` lists for the first input."""
    folder = tmp_path_factory.mktemp("summary")
    first, second = small_catalogue(folder / "first.pdf", 0, 3), small_catalogue(folder / "second.pdf", 0, 8)
    root = folder / "a root"
    runs = {
        "written": run_cdpc("build", first, "--root", root),
        "up to date": run_cdpc("build", first, "--root", root),
        "revision": run_cdpc("build", second, "--accept-revision", "--root", root),
    }
    for name, done in runs.items():
        assert done.returncode == 0, (name, done.stderr)
    return root, runs, run_cdpc("check", first)


def summary_of(stdout: str) -> tuple[dict[str, str], list[str]]:
    """The summary's `label  value` lines as a mapping, and the commands under "Next:"."""
    block = stdout.rsplit("\n\n", 2)
    rows = dict(re.match(r"^  (\S+(?: \S+)?)\s{2,}(.*)$", line).groups() for line in block[-2].splitlines())
    commands = block[-1].splitlines()
    assert commands[0] == "Next:", stdout
    return rows, [c.strip() for c in commands[1:]]


def version_files(folder) -> dict:
    """What the version's files say, read without the pipeline."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    dataset = json.loads((folder / "networks.json").read_text(encoding="utf-8"))
    with (folder / "memberships.csv").open(encoding="utf-8", newline="") as f:
        memberships = list(csv.DictReader(f))
    return {"manifest": manifest, "dataset": dataset, "memberships": memberships}


def test_the_first_line_stays_and_the_summary_ends_the_output(builds):
    _, runs, _ = builds
    for name, done in runs.items():
        lines = [line for line in done.stdout.splitlines() if FIRST_LINE.match(line)]
        assert len(lines) == 1, done.stdout
        assert ("up to date, nothing written" in lines[0]) == (name == "up to date")
        summary_of(done.stdout)
        assert done.stdout.index(lines[0]) < done.stdout.index("  dataset ")
    revision = runs["revision"].stdout
    assert revision.index("(triage written to") < revision.index("  dataset "), revision


def test_every_figure_is_the_version_files(builds):
    root, runs, _ = builds
    for name, version in (("written", "v1"), ("up to date", "v1"), ("revision", "v2")):
        folder = root / "extracted" / "pc-oc-mod-2020-03rev2" / version
        files = version_files(folder)
        summary, _ = summary_of(runs[name].stdout)
        source = files["manifest"]["source"]
        previous = "its first version" if version == "v1" else "previous: v1"
        assert summary["dataset"] == f"pc-oc-mod-2020-03rev2 {version} ({previous})"
        assert (
            summary["source"]
            == f"{source['symbol']}, {source['date']}, {source['pages']} pages, sha256 {source['sha256'][:12]} "
            f"({source['file']})"
        )
        assert summary["networks"] == str(len(files["dataset"]["networks"]))
        assert summary["memberships"].split()[0] == str(len(files["memberships"]))
        assert summary["countries"].split()[0] == str(len({r["country"] for r in files["memberships"] if r["country"]}))
        assert summary["corrections"] == "0 applied"
        assert summary["folder"] == str(folder)


def test_entries_to_review_are_what_check_lists(builds):
    """With no corrections, the version's entries to review are `cdpc check`'s lines of its input
    (but its relations whose target no row is: no entries, listed by `cdpc check` alone)."""
    _, runs, check = builds
    assert check.returncode == 1
    listed = [line.split("\t") for line in check.stdout.splitlines()]
    statuses = sorted(fields[4] for fields in listed if fields[4] not in ("count mismatch", "relation_target_missing"))
    counts = [
        f"{f[1]}: {m[1]} printed, {m[2]} found"
        for f in listed
        if f[4] == "count mismatch"
        for m in [re.match(r"printed (\d+), found (\d+)", f[3])]
    ]
    summary, _ = summary_of(runs["written"].stdout)
    entries, _, differ = summary["to review"].partition("; ")
    found = re.match(r"^(\d+) entr(?:y|ies) \((.*)\)$", entries)
    assert int(found[1]) == len(statuses) > 0
    assert (
        sorted(status for part in found[2].split(", ") for n, status in [part.split(" ")] for _ in range(int(n)))
        == statuses
    )
    assert differ == f"{len(counts)} printed count{'s' * (len(counts) > 1)} unacknowledged ({'; '.join(counts)})"


def test_the_next_commands_run(builds, tmp_path):
    root, runs, _ = builds
    _, first = summary_of(runs["written"].stdout)
    pdf = shlex.quote(str(root.parent / "first.pdf"))
    assert first == [f"cdpc report pc-oc-mod-2020-03rev2@v1 -o /tmp/review --pdf {pdf} --root {shlex.quote(str(root))}"]
    _, commands = summary_of(runs["revision"].stdout)
    assert [c.split()[1] for c in commands] == ["report", "diff"]
    assert shlex.split(commands[0])[3:5] == ["--against", "pc-oc-mod-2020-03rev2@v1"]
    for command in commands:
        args = [tmp_path / "review" if a == "/tmp/review" else a for a in shlex.split(command)[1:]]
        done = run_cdpc(*args)
        assert done.returncode == (1 if args[0] == "diff" else 0), done.stderr
    page = (tmp_path / "review" / "index.html").read_text(encoding="utf-8")
    assert (
        '<section id="diff">' in page and "Changes since pc-oc-mod-2020-03rev2@v1" in page
    )  # the report opens on the changes


def test_the_bundled_paper_up_to_date_says_what_the_published_version_holds(tmp_path):
    """The new user's first build: the repository's latest version, found up to date, printing what
    README shows under the first command (version names aside: a republished version renames them)."""
    for folder in ("source_docs", "corrections", "extracted"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    done = run_cdpc("build", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    latest = (tmp_path / "extracted" / "cdpc-2017-1-rev" / "latest").read_text().strip()
    assert (
        done.stdout.splitlines()[0]
        == f"cdpc-2017-1-rev {latest}: up to date, nothing written (extracted/cdpc-2017-1-rev/{latest})"
    )
    files = version_files(tmp_path / "extracted" / "cdpc-2017-1-rev" / latest)
    summary, commands = summary_of(done.stdout)
    dropped = len(files["dataset"]["dropped"])
    assert (
        summary["networks"]
        == f"{len(files['dataset']['networks'])} ({dropped} printed row dropped or merged: networks.json 'dropped')"
    )
    ids = re.findall(
        r"^  - id: (\S+)", (REPO / "corrections" / "cdpc-2017-1-rev.yaml").read_text(encoding="utf-8"), re.MULTILINE
    )
    assert summary["corrections"] == f"{len(ids)} applied (from cdpc-2017-1-rev.yaml)"
    assert summary["to review"].startswith("0 entries;")
    previous = f"v{int(latest[1:]) - 1}"
    assert commands == [
        f"cdpc report cdpc-2017-1-rev@{latest} --against cdpc-2017-1-rev@{previous} -o /tmp/review",
        f"cdpc diff cdpc-2017-1-rev@{previous} cdpc-2017-1-rev@{latest}",
    ]
    shown = re.search(
        r"^```text summary=first-build\n(.*?)^```$",
        (REPO / "README.md").read_text(encoding="utf-8"),
        re.MULTILINE | re.DOTALL,
    )
    assert shown is not None, "README.md: no ```text summary=first-build block"
    assert re.sub(r"\bv\d+\b", "vN", shown[1]) == re.sub(r"\bv\d+\b", "vN", done.stdout), (
        "README's first build differs from what it prints"
    )
