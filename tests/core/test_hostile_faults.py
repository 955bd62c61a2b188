"""Every failure is the README's one line, through the real CLI: a full disk, a read-only folder,
`--root` not a folder, a `latest` that is not text, a networks.json changed together with its
manifest hash, an emptied file list, `-o` at a device, a pipe or inside `extracted/`, a newline in
an argument, and control characters of the PDF's text printed by `cdpc check`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import VersionCorrupt
from tests.builders import refused
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"


@pytest.fixture
def mounted(tmp_path):
    """A factory of small tmpfs folders (mounting needs root: skipped otherwise), unmounted after."""
    points = []

    def mount(name: str, options: str) -> Path:
        point = tmp_path / name
        point.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True, text=True
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip()}): a full or read-only disk needs one")
        points.append(point)
        return point

    yield mount
    for point in points:
        subprocess.run(["umount", str(point)], check=True)


def test_a_full_disk_is_one_line_and_leaves_nothing_half_written(mounted, small_catalogue, tmp_path):
    root = mounted("full", "size=64k")
    (root / "corrections").mkdir()
    pdf = small_catalogue(tmp_path / "small.pdf")
    refused(run_cdpc("build", pdf, "--root", root), 43, "No space left on device")
    assert [p.name for p in (root / "extracted").rglob("*")] == ["pc-oc-mod-2020-03rev2"]
    for source in ("pdfium", "pdfplumber"):
        refused(
            run_cdpc("extract", PAPER, "-o", root / "out.json", "--page-source", source), 43, "No space left on device"
        )
    assert sorted(p.name for p in root.iterdir()) == ["corrections", "extracted"]


def test_a_read_only_root_is_one_line(mounted, small_catalogue, tmp_path):
    root = mounted("readonly", "ro,size=64k")
    refused(
        run_cdpc(
            "build", small_catalogue(tmp_path / "small.pdf"), "--corrections", REPO / "corrections", "--root", root
        ),
        43,
        "Read-only file system",
    )
    refused(
        run_cdpc("normalise", small_catalogue(tmp_path / "small.pdf"), "-o", root / "n.json"),
        43,
        "Read-only file system",
    )


def as_a_user_the_permissions_bind(*args) -> subprocess.CompletedProcess:
    """Run `cdpc` so that file permissions refuse it: as is for a user; for root (whom permissions do
    not bind) without the capabilities that override them, through util-linux's setpriv."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root, and setpriv (util-linux) is missing to drop the override of permissions")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "pipeline", *map(str, args)], cwd=REPO, capture_output=True, text=True
    )


def test_a_permission_refused_is_one_line(published, tmp_path):
    folder = published / "extracted" / DOCUMENT
    (published / "corrections").mkdir()
    (published / "corrections" / "extra.yaml").write_text('source: {symbol: "CDPC (2017) 1_rev"}\ncorrections: []\n')
    before = sorted(p.name for p in folder.iterdir())
    folder.chmod(0o555)
    try:
        done = as_a_user_the_permissions_bind("build", PAPER, "--root", published)
    finally:
        folder.chmod(0o755)
    refused(done, 43, str(folder), "Permission denied")
    assert sorted(p.name for p in folder.iterdir()) == before
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    refused(
        as_a_user_the_permissions_bind("extract", PAPER, "-o", locked / "x.json"), 43, str(locked), "Permission denied"
    )


def test_root_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    for command in (["build", PAPER], ["verify"], ["diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2"]):
        refused(run_cdpc(*command, "--root", tmp_path / "file"), 43, f"{tmp_path / 'file'}: --root is not a folder")


def test_a_latest_that_is_not_text_is_one_line(published):
    (published / "extracted" / DOCUMENT / "latest").write_bytes(b"\xff\xfev2\n")
    refused(
        run_cdpc("diff", DOCUMENT, f"{DOCUMENT}@v1", "--root", published),
        24,
        "latest: not a version name (byte 0 is not ASCII)",
    )


def rewrite_with_its_hash(version: Path, name: str, data: bytes) -> None:
    """Change a file of a version and put its new hash in the manifest, as a careful forger would."""
    (version / name).write_bytes(data)
    manifest = json.loads((version / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == name:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
    (version / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def test_networks_json_changed_with_its_manifest_hash_is_refused(published):
    version = published / "extracted" / DOCUMENT / "v1"
    dataset = json.loads((version / "networks.json").read_text())
    dataset["networks"][0]["groups"] = "none"
    rewrite_with_its_hash(version, "networks.json", json.dumps(dataset).encode())
    refused(
        run_cdpc("verify", "--root", published), 24, "networks.json: does not fit the dataset model (networks.0.groups"
    )
    with pytest.raises(VersionCorrupt, match="does not fit the dataset model"):
        pipeline.load(f"{DOCUMENT}@v1", root=published)


def test_a_manifest_whose_file_list_was_emptied_fails_verify(published):
    version = published / "extracted" / DOCUMENT / "v1"
    manifest = json.loads((version / "manifest.json").read_text())
    manifest["files"] = []
    (version / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    for name in os.listdir(version):
        if name != "manifest.json":
            (version / name).unlink()
    refused(
        run_cdpc("verify", "--root", published),
        24,
        "manifest.json: does not list networks.json, which every version has",
    )


def test_a_manifest_listing_a_path_outside_its_folder_fails_verify(published):
    version = published / "extracted" / DOCUMENT / "v1"
    manifest = json.loads((version / "manifest.json").read_text())
    manifest["files"][0]["path"] = "../v2/networks.json"
    (version / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    refused(run_cdpc("verify", "--root", published), 24, "lists '../v2/networks.json', which is not a file name")


@pytest.mark.parametrize("command", ["extract", "normalise"])
def test_output_refuses_devices_pipes_and_the_version_store(published, tmp_path, command):
    os.mkfifo(tmp_path / "pipe")
    for target, message in (
        (Path("/dev/null"), "not a regular file (a character device)"),
        (tmp_path / "pipe", "(a pipe)"),
        (published / "extracted" / DOCUMENT / "v1" / "networks.json", "which only `cdpc build` writes"),
        (published / "extracted" / "new.json", "which only `cdpc build` writes"),
    ):
        before = {p: p.read_bytes() for p in published.rglob("*") if p.is_file()}
        refused(run_cdpc(command, PAPER, "-o", target, cwd=published), 42, str(target), message)
        assert {p: p.read_bytes() for p in published.rglob("*") if p.is_file()} == before


def test_an_argument_with_a_newline_gives_one_line(tmp_path):
    done = run_cdpc("verify", "cdpc-2017-1-rev@v1\n\x1b[2Jforged line", "--root", tmp_path)
    refused(done, 23, "cdpc-2017-1-rev@v1\\x0a\\x1b[2Jforged line")


def test_check_escapes_control_characters_of_the_pdfs_text(tmp_path, paper_extraction):
    network = paper_extraction.rows[1]
    members = [network.members[-1].model_copy(update={"text": "Ruritania\x1b[2K\rFrance\u202e"})]
    extraction = paper_extraction.model_copy(update={"rows": [network.model_copy(update={"members": members})]})
    (tmp_path / "extraction.json").write_text(extraction.model_dump_json())
    done = run_cdpc("check", tmp_path / "extraction.json")
    assert done.returncode == 1 and done.stderr == ""
    assert "Ruritania\\x1b[2K\\x0dFrance\\u202e" in done.stdout
    assert not any(c in done.stdout for c in "\x1b\r\u202e") and done.stdout.count("\n") == len(
        done.stdout.splitlines()
    )
