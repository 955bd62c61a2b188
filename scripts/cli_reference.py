"""Write the generated sections of the documentation from the code, or check that they are up to date.

    python3 scripts/cli_reference.py            # rewrite the sections in README.md and docs/
    python3 scripts/cli_reference.py --check    # exit 1 (and show the difference) when a page differs
    python3 scripts/cli_reference.py --root DIR [--check]    # the pages of another copy

Each section stands once among the pages (README.md and docs/**/*.md) between
`<!-- NAME:start -->` and `<!-- NAME:end -->` and is the Markdown one function of SECTIONS renders
from the code (docs/reference/cli.md, docs/security.md, docs/data.md, docs/corrections.md): `cli-reference`, every
command with its
usage, arguments and options (the click objects of `pipeline.cli`); `exit-codes`, the exit codes
(each PipelineError class's `exit_code`, `commands` and docstring, after the outcomes below);
`version-files`, the files of a version (`pipeline.export.EXPORTERS`); `table-columns`, the columns of
every tidy table (`pipeline.export.tables`); `correction-ops`, the correction operations
(`pipeline.corrections.ops.OPERATIONS`: each model's docstring and `expects`). A new section is one
function and its entry in SECTIONS. A test runs `--check`, so the pages and the code cannot drift apart.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import inspect
import pkgutil
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import click  # noqa: E402

import pipeline  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.corrections.ops import OPERATIONS  # noqa: E402
from pipeline.errors import OUTPUT_CLOSED, PipelineError  # noqa: E402
from pipeline.export import EXPORTERS  # noqa: E402
from pipeline.export.tables import tables  # noqa: E402

EVERY_COMMAND = "every command"

# The exit codes that are no PipelineError: (code, commands, meaning).
OUTCOMES = (
    (0, (EVERY_COMMAND,), "Done; `diff`: the versions are identical; `check`: nothing to review."),
    (1, ("diff",), "The versions differ (as diff(1))."),
    (
        1,
        ("check",),
        "Some entry is unresolved or ambiguous, or a heading prints a count that the members found under it do not "
        "make.",
    ),
    (1, (EVERY_COMMAND,), "Any other reported error."),
    (2, (EVERY_COMMAND,), "Wrong command-line usage."),
    (
        OUTPUT_CLOSED,
        (EVERY_COMMAND,),
        "The reader of stdout closed it before the output ended (`cdpc … | head -1`): the command "
        "stops there, with no message, as a Unix tool stopped by the closed pipe (128 + SIGPIPE); what it printed or "
        "wrote before stays.",
    ),
)


def cli_reference() -> str:
    """Every command: its help, usage line, arguments and options."""
    root = click.Context(main, info_name="cdpc")
    return "\n\n".join(
        command_reference(click.Context(main.commands[name], info_name=name, parent=root))
        for name in main.list_commands(root)
    )


def command_reference(ctx: click.Context) -> str:
    command = ctx.command
    usage = f"{ctx.command_path} {' '.join(command.collect_usage_pieces(ctx))}"
    rows = [
        (f"`{p.human_readable_name}`", argument_meaning(p)) for p in command.params if isinstance(p, click.Argument)
    ]
    options = [
        p.get_help_record(ctx)
        for p in command.get_params(ctx)
        if isinstance(p, click.Option) and "--help" not in p.opts
    ]
    rows += [(f"`{names}`", " ".join(meaning.split())) for names, meaning in filter(None, options)]
    parts = [f"## `{ctx.command_path}`", prose(inspect.cleandoc(command.help or "")), f"```text\n{usage}\n```"]
    return "\n\n".join(parts + [table(("argument or option", "meaning"), rows)])


def argument_meaning(argument: click.Argument) -> str:
    if argument.nargs == -1:
        return "any number"
    return "required" if argument.required else "optional"


def exit_codes() -> str:
    """The exit codes by number: the outcomes, then every PipelineError class."""
    errors = [(cls.exit_code, cls.commands, " ".join(inspect.cleandoc(cls.__doc__).split())) for cls in error_classes()]
    rows = sorted(OUTCOMES + tuple(errors), key=lambda row: row[0])
    return table(
        ("code", "command", "meaning"),
        [(str(code), command_list(commands), meaning) for code, commands, meaning in rows],
    )


def error_classes() -> list[type[PipelineError]]:
    """Every PipelineError subclass of the package (each module, of every subpackage, is imported,
    so that one defined outside pipeline.errors counts too); each must have its own docstring and
    `commands`."""
    for module in pkgutil.walk_packages(pipeline.__path__, "pipeline."):
        if module.name != "pipeline.__main__":
            importlib.import_module(module.name)
    found = subclasses(PipelineError)
    for cls in found:
        if not (vars(cls).get("__doc__") and "commands" in vars(cls)):
            raise SystemExit(f"{cls.__module__}.{cls.__name__}: give it a docstring (its meaning) and `commands`")
        unknown = set(cls.commands) - set(main.commands)
        if unknown:
            raise SystemExit(f"{cls.__module__}.{cls.__name__}: no such command: {', '.join(sorted(unknown))}")
    return found


def subclasses(cls: type) -> list[type]:
    return [found for sub in cls.__subclasses__() for found in (sub, *subclasses(sub))]


def command_list(commands: tuple[str, ...]) -> str:
    return ", ".join(name if name == EVERY_COMMAND else f"`{name}`" for name in commands)


def version_files() -> str:
    """The files of a version (all but the manifest), with what each holds."""
    return table(("file", "holds"), [(f"`{e.file}`", e.description) for e in EXPORTERS.values()])


def table_columns() -> str:
    """Every tidy table of a version: what a row is, its key and each column with its type and meaning."""
    parts = []
    for t in tables():
        rows = [
            (f"`{c.name}`", column_type(c), c.description + (f" ({', '.join(c.enum)})" if c.enum else ""))
            for c in t.columns
        ]
        key = ", ".join(t.primary_key)
        parts.append(f"**`{t.file}`** — {t.description}; key: {key}.\n\n" + table(("column", "type", "meaning"), rows))
    return "\n\n".join(parts)


def column_type(column) -> str:
    return f"list of {column.item_type}" if column.type == "list" else column.type


def correction_ops() -> str:
    """The correction operations: name, what each does (its docstring) and what it expects to find."""
    rows = [
        (f"`{name}`", " ".join(inspect.cleandoc(op.__doc__).split()), op.expects) for name, op in OPERATIONS.items()
    ]
    return table(("op", "does", "expects"), rows)


SECTIONS = {
    "cli-reference": cli_reference,
    "exit-codes": exit_codes,
    "version-files": version_files,
    "table-columns": table_columns,
    "correction-ops": correction_ops,
}


# ---------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------


def prose(text: str) -> str:
    """Help text as Markdown: <document>@<version> shown, not taken for an HTML tag."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = [header, ("---",) * len(header), *((prose(cell).replace("|", "\\|") for cell in row) for row in rows)]
    return "\n".join(f"| {' | '.join(line)} |" for line in lines)


def pages(root: Path) -> list[Path]:
    """The pages that may hold a section: README.md and every page of docs/."""
    return [root / "README.md", *sorted((root / "docs").rglob("*.md"))]


def marked(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)


def with_sections(text: str, names: list[str]) -> str:
    """A page's text with each section of `names` between its markers rendered again."""
    for name in names:
        text = marked(name).sub(lambda m, render=SECTIONS[name]: m.group(1) + render() + "\n" + m.group(2), text)
    return text


def sections_by_page(texts: dict[Path, str]) -> dict[Path, list[str]]:
    """The sections each page holds; every section must stand on exactly one page."""
    found = {path: [name for name in SECTIONS if marked(name).search(text)] for path, text in texts.items()}
    for name in SECTIONS:
        holding = [str(path) for path, names in found.items() if name in names]
        if len(holding) != 1:
            raise SystemExit(
                f"<!-- {name}:start --> … <!-- {name}:end --> must stand on one page, found on {holding or 'none'}"
            )
    return found


def run(root: Path, check: bool) -> int:
    texts = {path: path.read_text(encoding="utf-8") for path in pages(root)}
    differing = 0
    for path, names in sections_by_page(texts).items():
        current = texts[path]
        wanted = with_sections(current, names)
        if current == wanted:
            continue
        differing += 1
        if check:
            sys.stderr.writelines(
                difflib.unified_diff(current.splitlines(True), wanted.splitlines(True), str(path), "generated")
            )
            print(f"{path} differs from the code: run python3 scripts/cli_reference.py", file=sys.stderr)
        else:
            path.write_text(wanted, encoding="utf-8")
    return 1 if check and differing else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a page differs from what the code gives")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the folder holding README.md and docs/ (default: the repository)"
    )
    arguments = parser.parse_args()
    sys.exit(run(arguments.root, arguments.check))
