"""Text of the inputs cannot drive the reader's terminal or forge a line: a correction file gives a
network a name, and adds it a member, carrying an escape sequence, a carriage return, a
bidirectional override and (the member) a newline; published by the real CLI, every output of `cdpc diff` (text and
markdown,
printed and written by `-o`) shows them as visible escapes, one change a line, and the JSON of
`cdpc diff` and `cdpc export` holds no raw control character yet decodes back to the same text.
"""

from __future__ import annotations

import json

import pytest

from tests.builders import correction
from tests.support import run_cdpc

DOCUMENT = "pc-oc-mod-2020-03rev2"
NAME = "JIT\x1b[2J\rforged\u202eeman"
MEMBER = "Ruritania\x1b[2K\rFrance\u202e\n+ jit forged line"
RAW = (b"\x1b", b"\r", "\u202e".encode("utf-8"))
"""What must never be printed as it is: ESC, CR and RIGHT-TO-LEFT OVERRIDE."""

CORRECTIONS = (
    'source: {symbol: "PC-OC Mod (2020) 03rev2"}\ncorrections:\n'
    + correction(
        "hostile-name",
        "set_field",
        "{network: jit}",
        f"    field: name\n    expect: Network of National Experts on Joint Investigation Teams\n    value: "
        f"{json.dumps(NAME)}\n",
    )
    + correction(
        "hostile-member",
        "add_entry",
        "{network: jit}",
        f"    value: {{raw: {json.dumps(MEMBER)}, kind: country, codes: [FR]}}\n",
    )
)
"""The corrections, their hostile values written as YAML double-quoted escapes (as JSON writes them)."""


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory, small_catalogue):
    """A root with v1 of a small catalogue and v2: the same source with the hostile corrections."""
    folder = tmp_path_factory.mktemp("hostile-text")
    pdf = small_catalogue(folder / "catalogue.pdf", 0, 3)
    root = folder / "root"
    (root / "corrections").mkdir(parents=True)
    assert run_cdpc("build", pdf, "--root", root).returncode == 0
    (root / "corrections" / "catalogue.yaml").write_text(CORRECTIONS, encoding="utf-8")
    built = run_cdpc("build", pdf, "--root", root, text=False)
    assert built.returncode == 0 and b"v2: written to" in built.stdout, built.stderr
    assert not any(c in built.stdout + built.stderr for c in RAW)
    return root


@pytest.mark.parametrize("form, bracket", [("text", "["), ("markdown", "\\[")])  # Markdown escapes a bracket too
def test_the_diff_shows_control_characters_as_escapes(hostile_root, tmp_path, form, bracket):
    versions = f"{DOCUMENT}@v1", f"{DOCUMENT}@v2"
    printed = run_cdpc("diff", *versions, "--format", form, "--root", hostile_root, text=False)
    written = run_cdpc("diff", *versions, "--format", form, "--root", hostile_root, "-o", tmp_path / "diff", text=False)
    assert (printed.returncode, printed.stderr, written.returncode, written.stderr) == (1, b"", 1, b"")
    for output in (printed.stdout, (tmp_path / "diff").read_bytes()):
        assert not any(c in output for c in RAW), output
        lines = output.decode("utf-8").split("\n")
        member = [line for line in lines if "Ruritania" in line]
        assert len(member) == 1 and f"Ruritania\\x1b{bracket}2K\\x0dFrance\\u202e\\x0a+ jit forged line" in member[0], (
            output
        )
        assert member[0].startswith(("+ jit member FR: ", "- `jit` member added: `FR`"))
        assert any(f"JIT\\x1b{bracket}2J" in line and "forged\\u202eeman" in line for line in lines), output


def test_the_json_outputs_hold_no_raw_control_character_and_decode_to_the_same_text(hostile_root):
    exported = run_cdpc("export", f"{DOCUMENT}@v2", "--format", "jsonl", "--root", hostile_root, text=False)
    diffed = run_cdpc(
        "diff", f"{DOCUMENT}@v1", f"{DOCUMENT}@v2", "--format", "json", "--root", hostile_root, text=False
    )
    assert (exported.returncode, diffed.returncode) == (0, 1)
    for output in (exported.stdout, diffed.stdout):
        assert not any(c in output for c in RAW), output
    networks = {n["id"]: n for n in map(json.loads, exported.stdout.decode("utf-8").split("\n")[:-1])}
    assert networks["jit"]["name"] == NAME
    assert MEMBER in [e["raw"] for g in networks["jit"]["groups"] for e in g["entries"]]
    assert MEMBER in [r.get("new") for r in json.loads(diffed.stdout)["records"]]


@pytest.mark.parametrize(
    "text, shown",
    [
        ("Eurojust (The Hague)", "Eurojust (The Hague)"),
        ("a\u00a0b\u2003c\ue000", "a\u00a0b\u2003c\ue000"),
        ("col\tumn", "col\tumn"),
        ("x\u202ey\u200b", "x\\u202ey\\u200b"),
        ("\x1b[2J\r\n\x7f", "\\x1b[2J\\x0d\\x0a\\u007f"),
        ("\U000e0001 tag", "\\udb40\\udc01 tag"),
    ],
)
def test_a_line_shows_every_control_or_format_character_as_an_escape_and_nothing_else(text, shown):
    from pipeline.terminal import escaped_line

    assert escaped_line(text) == shown
