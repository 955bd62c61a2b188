"""`cdpc report`: a static HTML review page of a dataset version, opened from disk with no server.

Each network's record stands beside the crop of its cells from the source PDF (the union of its
cell boxes on each page, rendered once per page with pdfplumber and cropped from it), its entries
coloured by status, corrected values with the correction's reason, its footnotes as links. A
summary, a network × country matrix and a page per country go with it; given an older version,
the diff against it comes first and every changed network is marked. The same inputs always give
the same bytes: no timestamps, no absolute paths.

What the data holds is never trusted: only http, https and mailto URLs become links (any other is
shown as text), a country page is made only for a code of two capital letters, every file name
is checked to stay inside the report's folder (`pipeline.outputs`), a page is rendered only when
it fits `Limits.render_pixels`, and the report replaces or removes only files an earlier report
wrote (listed in its marker file).
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import pycountry
from markupsafe import Markup, escape

from pipeline.corrections.apply import Corrections, Located, apply, load_corrections
from pipeline.diff import dataset_diff, inline_words, summary, text_line
from pipeline.errors import (
    InputMissing,
    LimitExceeded,
    SourceMismatch,
    StaleCorrection,
    UnsafeOutput,
)
from pipeline.files import sha256_file, write_atomic
from pipeline.keys import subdivision_country
from pipeline.limits import LIMITS
from pipeline.models import (
    Amendment,
    Box,
    Dataset,
    DatasetEntry,
    DatasetNetwork,
    DiffRecord,
    Manifest,
)
from pipeline.outputs import REPORT_MARKER, contained, previous_report
from pipeline.store import load, read_manifest, resolve_version
from pipeline.workspace import Workspace

INDEX = "index.html"
STYLE = "report.css"
CROPS = "crops"
COUNTRIES = "countries"
RESOLUTION = 110
PADDING = 3.0
STATUSES = ("coded", "unresolved", "ambiguous", "text")
COUNTRY_KINDS = ("country", "territory", "institution", "subdivision")
TEMPLATES = Path(__file__).resolve().parent / "templates"
WORD_MARKS = ("\ue000", "\ue001", "\ue002", "\ue003")
WORD_TAGS = ("<del>", "</del>", "<ins>", "</ins>")
LINK_SCHEMES = ("http", "https", "mailto")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Crop:
    """The part of one page a network is printed on, and the PNG file it is written to."""

    network: str
    box: Box
    file: str


@dataclass(frozen=True)
class Membership:
    network: DatasetNetwork
    group: str | None
    entry: DatasetEntry


@dataclass(frozen=True)
class CorrectionState:
    """The corrections folder against the version: reasons by id, and what the version lacks."""

    reasons: dict[str, str]
    applied: list[str]
    stale: list[tuple[Located, str]]
    pending: list[Located]
    folder_matches: bool


# ---------------------------------------------------------------------------------------------
# The report as files, and writing them
# ---------------------------------------------------------------------------------------------


def write_report(spec: str, output: Path, root: Path = Path("."), against: str | None = None,
                 pdf: Path | None = None, corrections: Path | None = None) -> Path:
    """Write the report of version `spec` into `output` (index.html, report.css, crops/, countries/),
    a new or empty folder or one holding an earlier report, and remove what the earlier report
    wrote that this one does not. Every input is read and checked before anything is written."""
    earlier = previous_report(output)
    files = report_files(spec, root, against, pdf, corrections)
    for name in files:
        if contained(output, name) is None:
            raise UnsafeOutput(output / name, "a file name taken from the data that would not stay inside the report's folder")
    write_atomic(output / REPORT_MARKER, "".join(f"{name}\n" for name in sorted(set(files) | set(earlier))).encode("utf-8"))
    for name, data in sorted(files.items()):
        write_atomic(output / name, data)
    for name in sorted(set(earlier) - set(files)):
        (output / name).unlink(missing_ok=True)
    write_atomic(output / REPORT_MARKER, "".join(f"{name}\n" for name in sorted(files)).encode("utf-8"))
    return output / INDEX


def report_files(spec: str, root: Path, against: str | None = None, pdf: Path | None = None,
                 corrections: Path | None = None) -> dict[str, bytes]:
    """Every file of the report, by its path relative to the report's folder."""
    manifest = read_manifest(resolve_version(spec, root))
    source = source_pdf(manifest, root, pdf)
    dataset = load(spec, root)
    state = correction_state(dataset, manifest, load_corrections(corrections or Workspace(root).corrections).of(manifest.source))
    older = read_manifest(resolve_version(against, root)) if against else None
    records = dataset_diff(load(against, root), dataset) if against else None
    crops = network_crops(dataset)
    pages = {
        INDEX: index_page(dataset, manifest, state, crops, records, older),
        STYLE: (TEMPLATES / STYLE).read_text(encoding="utf-8"),
    }
    pages |= {f"{COUNTRIES}/{code}.html": country_page(code, found, manifest) for code, found in country_memberships(dataset).items()}
    return {name: text.encode("utf-8") for name, text in pages.items()} | crop_images(source, crops)


def source_pdf(manifest: Manifest, root: Path, pdf: Path | None) -> Path:
    """The version's source PDF: `pdf` if given (its sha256 must match), else the one among
    `root`/source_docs/*.pdf with the manifest's sha256."""
    wanted = manifest.source.sha256
    if pdf is not None:
        if not pdf.is_file():
            raise InputMissing(pdf, "no such file")
        found = sha256_file(pdf)
        if found != wanted:
            raise SourceMismatch(pdf, f"not the source of {label(manifest)} (sha256 {found[:12]}…, expected {wanted[:12]}…)")
        return pdf
    workspace = Workspace(root)
    found = [p for p in workspace.papers() if sha256_file(p) == wanted]
    if not found:
        raise InputMissing(
            workspace.source_docs,
            f"no PDF with sha256 {wanted[:12]}… (the source of {label(manifest)}, {manifest.source.file}): pass --pdf FILE",
        )
    return found[0]


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


def crop_images(pdf: Path, crops: dict[str, list[Crop]]) -> dict[str, bytes]:
    """Every crop as PNG bytes, by file name; each page is rendered once and cropped from."""
    import pdfplumber

    by_page: dict[int, list[Crop]] = {}
    for crop in (c for network in crops.values() for c in network):
        by_page.setdefault(crop.box.page, []).append(crop)
    images = {}
    with pdfplumber.open(pdf) as opened:
        for number, on_page in sorted(by_page.items()):
            page = opened.pages[number - 1]
            require_renderable(pdf, number, page.width, page.height)
            picture = page.to_image(resolution=RESOLUTION).original
            for crop in on_page:
                images[crop.file] = png_bytes(picture.crop(pixel_box(crop.box, page.width, page.height)))
    return images


def require_renderable(pdf: Path, number: int, width: float, height: float) -> None:
    """Raise LimitExceeded when page `number` would render into more pixels than the limit."""
    pixels = round(width * RESOLUTION / 72) * round(height * RESOLUTION / 72)
    if pixels > LIMITS.render_pixels:
        raise LimitExceeded(
            pdf, f"page {number} is {width:g} × {height:g} pt: {pixels} pixels at {RESOLUTION} dpi, more than the limit of {LIMITS.render_pixels}"
        )


def linked_url(url: str | None) -> str | None:
    """`url` when it may be a link: http, https or mailto, or a bare host and path ('www.iberred.org',
    taken as https); None for any other (javascript:, data:, file:…), shown as text instead."""
    if not url:
        return None
    if ":" not in url:
        return f"https://{url}"
    return url if urlsplit(url).scheme.lower() in LINK_SCHEMES else None


def pixel_box(box: Box, width: float, height: float) -> tuple[int, int, int, int]:
    """The box, padded and kept on the page, in the pixels of a page rendered at RESOLUTION."""
    x0, top, x1, bottom = box.bbox
    scale = RESOLUTION / 72
    limits = (max(x0 - PADDING, 0), max(top - PADDING, 0), min(x1 + PADDING, width), min(bottom + PADDING, height))
    return tuple(round(value * scale) for value in limits)


def png_bytes(picture) -> bytes:
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------------------------------------
# What the pages show
# ---------------------------------------------------------------------------------------------


def correction_state(dataset: Dataset, manifest: Manifest, corrections: Corrections) -> CorrectionState:
    """Reasons of the corrections applied, and the folder's corrections the version does not carry:
    stale ones (they no longer apply to it) and pending ones (they would, in the next build)."""
    applied = applied_corrections(dataset)
    stale, pending = [], []
    for item in corrections.items:
        if item.correction.id in applied:
            continue
        try:
            apply(dataset, item)
            pending.append(item)
        except StaleCorrection as error:
            stale.append((item, error.problem))
    reasons = {item.correction.id: item.correction.reason for item in corrections.items}
    order = {id: index for index, id in enumerate(reasons)}
    return CorrectionState(
        reasons=reasons,
        applied=sorted(applied, key=lambda id: order.get(id, len(order))),
        stale=stale,
        pending=pending,
        folder_matches=corrections.files == manifest.corrections,
    )


def applied_corrections(dataset: Dataset) -> list[str]:
    """The ids of the corrections the version carries, in the order first met."""
    ids = [a.correction for n in dataset.networks for a in amendments(n)]
    ids += [d.correction for d in dataset.dropped] + [a.correction for d in dataset.dropped for a in d.amendments]
    return list(dict.fromkeys(ids))


def amendments(network: DatasetNetwork) -> list[Amendment]:
    """The network's own amendments and those of its entries."""
    return network.amendments + [a for g in network.groups for e in g.entries for a in e.amendments]


def entries(network: DatasetNetwork) -> list[DatasetEntry]:
    return [e for g in network.groups for e in g.entries]


def status_counts(dataset: Dataset) -> dict[str, int]:
    counts = Counter(e.status for n in dataset.networks for e in entries(n))
    return {status: counts[status] for status in STATUSES}


def country_memberships(dataset: Dataset) -> dict[str, list[Membership]]:
    """Every country's memberships (by ISO 3166-1 alpha-2 code, in code order), networks in print order."""
    found: dict[str, list[Membership]] = {}
    for network in dataset.networks:
        for group in network.groups:
            for entry in group.entries:
                for code in filter(COUNTRY_CODE.match, entry_countries(entry)):
                    found.setdefault(code, []).append(Membership(network, group.label, entry))
    return dict(sorted(found.items()))


def entry_countries(entry: DatasetEntry) -> list[str]:
    """The countries a coded entry stands for: its own codes, a subdivision's country."""
    if entry.status != "coded" or entry.kind not in COUNTRY_KINDS:
        return []
    return list(dict.fromkeys(subdivision_country(code) or code for code in entry.codes))


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def changed_networks(records: list[DiffRecord] | None) -> dict[str, str]:
    """'added' or 'changed', by id of a network of the newer version the diff names."""
    marks: dict[str, str] = {}
    for r in records or []:
        if r.op != "DEL" or r.item != "network":
            marks[r.network] = "added" if (r.op, r.item) == ("ADD", "network") else marks.get(r.network, "changed")
    return marks


def diff_line(record: DiffRecord) -> Markup:
    """A diff record as one line of HTML, changed words in <del>/<ins>."""
    if record.words is None:
        return escape(text_line(record))
    words = str(escape(inline_words(record.words, WORD_MARKS)))
    for mark, tag in zip(WORD_MARKS, WORD_TAGS):
        words = words.replace(mark, tag)
    return Markup(f"{escape(record.network)} {escape(record.item)}: {words}")


def purpose_paragraphs(network: DatasetNetwork) -> list[Markup]:
    """The purpose blocks as HTML, with a link to each footnote where its marker was printed."""
    paragraphs = []
    for index, block in enumerate(network.purpose):
        cited = sorted((f.anchor.offset, f.number) for f in network.footnotes if f.anchor.cell == "purpose" and f.anchor.block == index)
        parts, at = [], 0
        for offset, number in cited:
            offset = min(offset, len(block.text))
            parts += [escape(block.text[at:offset]), footnote_link(network, number)]
            at = offset
        paragraphs.append(Markup("").join([*parts, escape(block.text[at:])]))
    return paragraphs


def footnote_link(network: DatasetNetwork, number: int) -> Markup:
    return Markup(f'<sup><a href="#fn-{escape(network.id)}-{number}">{number}</a></sup>')


def cited_elsewhere(network: DatasetNetwork, cell: str) -> list[Markup]:
    """Links to the footnotes whose markers stand in the name or members cell."""
    return [footnote_link(network, f.number) for f in network.footnotes if f.anchor.cell == cell]


def shown_original(value) -> str:
    """An amendment's original value as a reviewer reads it."""
    if value is None:
        return "(none: added)"
    if isinstance(value, dict):
        codes = value.get("codes")
        text = value.get("raw") or value.get("name") or ", ".join(f"{k}: {v}" for k, v in value.items())
        return f"{text} [{', '.join(codes)}]" if codes else text
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "(none)"
    return str(value)


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals |= {
        "country_name": country_name,
        "purpose_paragraphs": purpose_paragraphs,
        "cited_elsewhere": cited_elsewhere,
        "shown_original": shown_original,
        "diff_line": diff_line,
        "linked_url": linked_url,
    }
    return env


def index_page(dataset: Dataset, manifest: Manifest, state: CorrectionState, crops: dict[str, list[Crop]],
               records: list[DiffRecord] | None, older: Manifest | None) -> str:
    countries = country_memberships(dataset)
    matrix = {
        n.id: {code: [m for m in found if m.network.id == n.id] for code, found in countries.items()} for n in dataset.networks
    }
    return environment().get_template("index.html.j2").render(
        dataset=dataset,
        version=label(manifest),
        older=label(older) if older else None,
        state=state,
        statuses=status_counts(dataset),
        countries=list(countries),
        matrix=matrix,
        crops=crops,
        records=records,
        diff_summary=summary(records) if records is not None else None,
        marks=changed_networks(records),
        network_ids={n.id for n in dataset.networks},
    )


def country_page(code: str, found: list[Membership], manifest: Manifest) -> str:
    return environment().get_template("country.html.j2").render(code=code, memberships=found, version=label(manifest))
