"""The commands that read published versions: `diff`, `export`, `verify`, `report` and `site`
(`<document>@<version>` or a version's folder, under `--root`'s extracted/)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli.options import VERSIONS_ROOT_HELP, emit, quiet_option, reports_pipeline_errors, root_option
from pipeline.progress import Progress
from pipeline.versions import store
from pipeline.workspace import Workspace


@click.command(short_help="Compare two dataset versions; exit 1 when they differ.")
@click.argument("old")
@click.argument("new")
@click.option(
    "--format",
    "form",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="One line per change, a Markdown review comment, or JSON records.",
)
@root_option(VERSIONS_ROOT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write the diff here instead of stdout.")
@reports_pipeline_errors
def diff(old: str, new: str, form: str, root: Path, output: Path | None) -> None:
    """Compare two dataset versions (folders or <document>@<version>); exit 1 when they differ."""
    from pipeline.diff.render import rendered_diff
    from pipeline.review.sections import reviewed_diff

    workspace = Workspace(root)
    datasets = store.load(old, workspace), store.load(new, workspace)
    records = reviewed_diff(*datasets)
    emit(rendered_diff(records, form, old, new, datasets), output)
    sys.exit(1 if records else 0)


@click.command(short_help="Write VERSION as FollowTheMoney entities or JSON Lines.")
@click.argument("version")
@click.option(
    "--format",
    "form",
    type=click.Choice(["ftm", "jsonl"]),
    required=True,
    help="ftm: FollowTheMoney entities, one a line (needs the ftm extra); jsonl: one network a line.",
)
@root_option(VERSIONS_ROOT_HELP)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write here instead of stdout.")
@reports_pipeline_errors
def export(version: str, form: str, root: Path, output: Path | None) -> None:
    """Write VERSION (a folder or <document>@<version>) as FollowTheMoney entities or as JSON Lines of its networks."""
    from pipeline.export import FORMATS, Release

    workspace = Workspace(root)
    path = store.resolve_version(version, workspace)
    emit(FORMATS[form](Release(store.load(path, workspace), path.name)).decode("utf-8"), output)


@click.command(short_help="Check published versions against their manifests.")
@click.argument("versions", nargs=-1)
@root_option("Folder holding extracted/; with no VERSIONS every version in it is checked.")
@reports_pipeline_errors
def verify(versions: tuple[str, ...], root: Path) -> None:
    """Check that published versions match their manifests, file by file."""
    workspace = Workspace(root)
    paths = [store.resolve_version(v, workspace) for v in versions] or store.all_versions(workspace)
    if not paths:
        emit(f"no published versions under {workspace.extracted}\n", None)
    for path in paths:
        manifest = store.verify(path)
        emit(f"{manifest.document} {manifest.version}: ok ({len(manifest.files)} files)\n", None)


@click.command(short_help="Write a static HTML review page of VERSION.")
@click.argument("version")
@click.option("--against", default=None, help="An older version to diff against, shown first (same forms as VERSION).")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Folder to write index.html (and its crops) into.",
)
@click.option(
    "--pdf",
    type=click.Path(path_type=Path),
    default=None,
    help="The version's source PDF (default: the one in ROOT/source_docs with the manifest's sha256).",
)
@click.option(
    "--corrections",
    type=click.Path(path_type=Path),
    default=None,
    help="Folder of YAML correction files, for their reasons and stale ones (default: ROOT/corrections).",
)
@root_option("Folder holding extracted/, source_docs/ and corrections/.")
@quiet_option
@reports_pipeline_errors
def report(
    version: str, against: str | None, output: Path, pdf: Path | None, corrections: Path | None, root: Path, quiet: bool
) -> None:
    """Write a static HTML review page of VERSION (a folder or <document>@<version>) to OUTPUT/index.html."""
    from pipeline.review.report import write_report

    emit(
        f"{write_report(version, output, Workspace(root), against, pdf, corrections, Progress.for_terminal(quiet))}\n",
        None,
    )


@click.command(short_help="Write the public website of VERSION.")
@click.argument("version")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="Folder to write the site into.")
@click.option(
    "--pdf",
    type=click.Path(path_type=Path),
    help="The source PDF to copy (default: the one in ROOT/source_docs with its sha256).",
)
@click.option(
    "--settings", type=click.Path(path_type=Path), help="The site settings file (default: pipeline/data/site.yaml)."
)
@root_option("Folder holding extracted/, source_docs/ and corrections/.")
@reports_pipeline_errors
def site(version: str, output: Path, pdf: Path | None, settings: Path | None, root: Path) -> None:
    """Write the public website of VERSION (a folder or <document>@<version>) into OUTPUT: pages in
    English and French, a map, changes, feed, data and JSON API."""
    from pipeline.site.build import write_site

    emit(f"{write_site(version, output, Workspace(root), pdf, settings)}\n", None)
