"""`cdpc report`: a static HTML review page of a dataset version, opened from disk with no server.

Each network's record stands beside the crop of its cells from the source PDF (the union of its
cell boxes on each page, rendered once per page with pdfplumber and cropped from it), each crop a
link to its page in the copy of the source PDF the report's folder holds (`source.pdf#page=N`),
its entries coloured by status, corrected values with the correction's reason, printed counts that
differ from the members found flagged, its footnotes as links. A summary, a network × country
matrix with its totals and a page per country go with it; given an older version, the diff
against it comes first, each line linking to the corrections that caused it, and every changed
network is marked. A filter box and status filters (`report.js`, beside the page) hide networks
and entries; without the script every one shows. What the pages show is `pipeline.review.content`'s. The
same inputs always give the same bytes: no timestamps, no absolute paths.

What the data holds is never trusted: its control and format characters (bidi overrides among
them) are shown as escapes, only http, https and mailto URLs become links (any other is shown as
text), a country page is made only for a code of two capital letters, every file name
is checked to stay inside the report's folder (`pipeline.outputs`), a page is rendered only when
it fits `Limits.render_pixels`, and the report replaces or removes only files an earlier report
wrote (listed in its marker file).
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markupsafe

from pipeline.corrections.apply import load_corrections
from pipeline.diff.render import flattened, summary
from pipeline.errors import InputMissing, LimitExceeded, SourceMismatch
from pipeline.files import sha256_file
from pipeline.models import Box, Dataset, DatasetNetwork, Manifest
from pipeline.progress import SILENT, Progress
from pipeline.review import content as review
from pipeline.review.folders import previous_report, write_folder
from pipeline.review.sections import review_sections, reviewed_diff
from pipeline.terminal import escaped_text
from pipeline.versions.store import load, read_manifest, resolve_version
from pipeline.workspace import Workspace

INDEX = "index.html"
STYLE = "report.css"
SCRIPT = "report.js"
SOURCE = "source.pdf"
CROPS = "crops"
COUNTRIES = "countries"
RESOLUTION = 110
PADDING = 3.0
TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


@dataclass(frozen=True)
class Older:
    """The version the report is diffed against."""

    manifest: Manifest
    dataset: Dataset


@dataclass(frozen=True)
class Crop:
    """The part of one page a network is printed on, and the PNG file it is written to."""

    network: str
    box: Box
    file: str


# ---------------------------------------------------------------------------------------------
# The report as files, and writing them
# ---------------------------------------------------------------------------------------------


def write_report(
    spec: str,
    output: Path,
    root: Workspace | Path = Path("."),
    against: str | None = None,
    pdf: Path | None = None,
    corrections: Path | None = None,
    progress: Progress = SILENT,
) -> Path:
    """Write the report of version `spec` into `output` (index.html, report.css, report.js, source.pdf,
    crops/, countries/), a new or empty folder or one holding an earlier report, and remove what the earlier report
    wrote that this one does not. Every input is read and checked before anything is written."""
    previous_report(output)  # refused before the inputs are read
    write_folder(output, report_files(spec, Workspace.of(root), against, pdf, corrections, progress))
    return output / INDEX


def report_files(
    spec: str,
    workspace: Workspace,
    against: str | None = None,
    pdf: Path | None = None,
    corrections: Path | None = None,
    progress: Progress = SILENT,
) -> dict[str, bytes]:
    """Every file of the report, by its path relative to the report's folder."""
    manifest = read_manifest(resolve_version(spec, workspace))
    source = source_pdf(manifest, workspace, pdf)
    dataset = load(spec, workspace)
    state = review.correction_state(
        dataset, manifest, load_corrections(corrections or workspace.corrections).of(manifest.source)
    )
    older = Older(read_manifest(resolve_version(against, workspace)), load(against, workspace)) if against else None
    crops = network_crops(dataset)
    pages = {
        INDEX: index_page(dataset, manifest, state, crops, older),
        STYLE: (TEMPLATES / STYLE).read_text(encoding="utf-8"),
        SCRIPT: (TEMPLATES / SCRIPT).read_text(encoding="utf-8"),
    }
    pages |= {
        f"{COUNTRIES}/{code}.html": country_page(code, found, manifest)
        for code, found in review.country_memberships(dataset).items()
    }
    return (
        {name: text.encode("utf-8") for name, text in pages.items()}
        | crop_images(source, crops, workspace.limits.render_pixels, progress)
        | {SOURCE: source.read_bytes()}
    )


def source_pdf(manifest: Manifest, workspace: Workspace, pdf: Path | None) -> Path:
    """The version's source PDF: `pdf` if given (its sha256 must match), else the one among
    the workspace's source_docs/*.pdf with the manifest's sha256."""
    wanted = manifest.source.sha256
    if pdf is not None:
        if not pdf.is_file():
            raise InputMissing(pdf, "no such file")
        found = sha256_file(pdf)
        if found != wanted:
            raise SourceMismatch(
                pdf, f"not the source of {label(manifest)} (sha256 {found[:12]}…, expected {wanted[:12]}…)"
            )
        return pdf
    papers = [p for p in workspace.papers() if sha256_file(p) == wanted]
    if not papers:
        raise InputMissing(
            workspace.source_docs,
            f"no PDF with sha256 {wanted[:12]}… (the source of {label(manifest)}, {manifest.source.file}): "
            "pass --pdf FILE",
        )
    return papers[0]


def label(manifest: Manifest) -> str:
    return f"{manifest.document}@{manifest.version}"


# ---------------------------------------------------------------------------------------------
# Crops of the PDF
# ---------------------------------------------------------------------------------------------


def network_crops(dataset: Dataset) -> dict[str, list[Crop]]:
    """Each network's crops, one per page: the union of its cell boxes there, a little padded."""
    return {
        n.id: [Crop(n.id, box, f"{CROPS}/{n.id}-{i}.png") for i, box in enumerate(page_boxes(n), start=1)]
        for n in dataset.networks
    }


def page_boxes(network: DatasetNetwork) -> list[Box]:
    """The union of the network's cell boxes on each page it is printed on, in page order."""
    boxes = [box for cell in network.provenance.cells.values() for box in cell]
    pages = sorted({box.page for box in boxes})
    return [union([b for b in boxes if b.page == page]) for page in pages]


def union(boxes: list[Box]) -> Box:
    x0, top, x1, bottom = zip(*(b.bbox for b in boxes))
    return Box(page=boxes[0].page, bbox=(min(x0), min(top), max(x1), max(bottom)))


def crop_images(pdf: Path, crops: dict[str, list[Crop]], pixels: int, progress: Progress = SILENT) -> dict[str, bytes]:
    """Every crop as PNG bytes, by file name; each page is rendered once, into no more than `pixels`,
    and cropped from (counted on `progress`)."""
    import pdfplumber

    by_page: dict[int, list[Crop]] = {}
    for crop in (c for network in crops.values() for c in network):
        by_page.setdefault(crop.box.page, []).append(crop)
    images = {}
    with pdfplumber.open(pdf) as opened:
        for done, (number, on_page) in enumerate(sorted(by_page.items()), start=1):
            page = opened.pages[number - 1]
            require_renderable(pdf, number, page.width, page.height, pixels)
            picture = page.to_image(resolution=RESOLUTION).original
            for crop in on_page:
                images[crop.file] = png_bytes(picture.crop(pixel_box(crop.box, page.width, page.height)))
            progress.rendered(done, len(by_page))
    return images


def require_renderable(pdf: Path, number: int, width: float, height: float, limit: int) -> None:
    """Raise LimitExceeded when page `number` would render into more pixels than `limit` (`Limits.render_pixels`)."""
    pixels = round(width * RESOLUTION / 72) * round(height * RESOLUTION / 72)
    if pixels > limit:
        raise LimitExceeded(
            pdf,
            f"page {number} is {width:g} × {height:g} pt: {pixels} pixels at {RESOLUTION} dpi, "
            f"more than the limit of {limit}",
        )


def pixel_box(box: Box, width: float, height: float) -> tuple[int, int, int, int]:
    """The box, padded and kept on the page, in the pixels of a page rendered at RESOLUTION."""
    x0, top, x1, bottom = box.bbox
    scale = RESOLUTION / 72
    limits = (max(x0 - PADDING, 0), max(top - PADDING, 0), min(x1 + PADDING, width), min(bottom + PADDING, height))
    left, upper, right, lower = (round(value * scale) for value in limits)
    return left, upper, right, lower


def png_bytes(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


def html_environment(templates: Path) -> jinja2.Environment:
    """The Jinja environment the HTML pages (the review page, the site) are written with, from the
    templates in `templates`: every value escaped and shown through `visible`, an undefined name an
    error, blocks trimmed so that the bytes written are the template's."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=visible,
    )


@functools.cache
def environment() -> jinja2.Environment:
    env = html_environment(TEMPLATES)
    env.globals |= {
        "country_name": review.country_name,
        "purpose_paragraphs": review.purpose_paragraphs,
        "cited_elsewhere": review.cited_elsewhere,
        "shown_original": review.shown_original,
        "diff_line": review.diff_line,
        "linked_url": review.linked_url,
        "web_link": review.web_link,
    }
    return env


def visible(value):
    """What a `{{ … }}` shows: text with its control and format characters (a bidi override, a
    zero-width character) as visible escapes (`pipeline.terminal.escaped_text`), so that no value
    reorders or hides the text around it; the escapes need no HTML escaping, so markup stays markup."""
    if not isinstance(value, str):
        return value
    shown = escaped_text(value)
    return markupsafe.Markup(shown) if isinstance(value, markupsafe.Markup) else shown


def index_page(
    dataset: Dataset,
    manifest: Manifest,
    state: review.CorrectionState,
    crops: dict[str, list[Crop]],
    older: Older | None,
) -> str:
    records = reviewed_diff(older.dataset, dataset) if older else None
    marks = review.changed_networks(flattened(records or []))
    checks = review.group_checks(dataset)
    flags = review.network_flags(dataset, checks, marks)
    return (
        environment()
        .get_template("index.html.j2")
        .render(
            dataset=dataset,
            version=label(manifest),
            older=label(older.manifest) if older else None,
            state=state,
            retired=review.retired_corrections(older.dataset, dataset) if older else [],
            statuses=review.status_counts(dataset),
            matrix=review.membership_matrix(dataset),
            crops=crops,
            source=SOURCE,
            records=records,
            review_sections=review_sections(records or []),
            diff_summary=summary(records) if records is not None else None,
            marks=marks,
            checks=checks,
            flags=flags,
            flag_counts={flag: sum(flag in found for found in flags.values()) for flag in review.FLAGS},
            entry_flags=functools.partial(review.entry_flags, on=dataset.source.date),
            network_ids={n.id for n in dataset.networks},
        )
    )


def country_page(code: str, found: list[review.Membership], manifest: Manifest) -> str:
    return environment().get_template("country.html.j2").render(code=code, memberships=found, version=label(manifest))
