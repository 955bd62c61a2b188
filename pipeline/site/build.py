"""`cdpc site`: the public website of one published version, as static files.

Read from the version store (`pipeline.versions.store.load`: verified against its manifest, never
extracted again), with the versions before it for the changes page and the Atom feed. The site:

- index.html: what the catalogue is, its source (symbol, date, a copy of the PDF: source.pdf),
  its figures, sections, a search box and the world map (`pipeline.site.world`) shading each
  state by its networks, each shape a link to its page, with the same figures as a table;
- networks/ID.html: a network as printed (purpose with footnotes, members by group with states
  linked and collectives expanded, relations linked), its pages in the PDF, its changes since the
  version before, the map of its members and a "propose a correction" link (`pipeline.site.pages`);
- countries/CODE.html: a state's or territory's networks by type of membership, and the
  territories a state answers for; search.html: every network and state, filtered by site.js;
- changes.html and feed.atom: the `changes` table of every version up to this one (for a version
  published before the table was, the diff from the version before; each record said by
  `pipeline.site.changes`), and an Atom feed of the versions; data/: the version's files; api/:
  JSON of each network and state (api.html documents it);
- the same pages and feed in French under fr/ (interface text `pipeline.site.text`, state names pycountry's).

Every page works without JavaScript and links only inside the folder (or to http(s)/mailto
addresses the data prints); values are escaped as the report escapes them (`pipeline.review.report.visible`).
The folder is written as the report's (`pipeline.outputs.write_folder`, marker `.cdpc-site`); the
same version always gives the same bytes: no timestamps but the data's own dates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup

from pipeline.corrections.apply import load_corrections
from pipeline.diff.changes import applied_corrections, dataset_diff
from pipeline.diff.records import DiffRecord
from pipeline.errors import InputMissing
from pipeline.export import EXPORTERS
from pipeline.export.memberships import country_rows, membership_types
from pipeline.export.publishing import publication
from pipeline.files import json_bytes
from pipeline.models import Dataset, Manifest
from pipeline.normalise.datafiles import Territories, load as load_data, read
from pipeline.normalise.regions import LANGUAGES, state_name
from pipeline.review.content import linked_url, web_link
from pipeline.review.folders import previous_report, write_folder
from pipeline.review.report import html_environment, source_pdf
from pipeline.site import pages, world
from pipeline.site.changes import change_line, change_summary, printed_text
from pipeline.site.text import CATALOGUE, FILES, PRINTED, TEXT, region_name
from pipeline.site.world import HEIGHT, WIDTH
from pipeline.versions.store import MANIFEST, read_manifest, resolve_version, verified, version_numbers
from pipeline.workspace import Workspace

MARKER = ".cdpc-site"
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = ("site.css", "site.js")
PREFIX = {"en": "", "fr": "fr/"}


@dataclass(frozen=True)
class Version:
    folder: Path
    manifest: Manifest
    dataset: Dataset
    date: str


def write_site(
    spec: str, output: Path, root: Workspace | Path = Path("."), pdf: Path | None = None, settings: Path | None = None
) -> Path:
    """Write the site of version `spec` into `output`, a new or empty folder or one holding an
    earlier site; every input is read and checked before anything is written."""
    previous_report(output, MARKER, "site")
    write_folder(output, site_files(spec, Workspace.of(root), pdf, settings), MARKER, "site")
    return output / "index.html"


def site_files(
    spec: str, workspace: Workspace, pdf: Path | None = None, settings: Path | None = None
) -> dict[str, bytes]:
    """Every file of the site, by its path relative to the site's folder."""
    folder = resolve_version(spec, workspace)
    history = versions(folder, workspace)
    current = history[-1]
    if settings is not None and not settings.is_file():
        raise InputMissing(settings, "no such settings file")
    chosen = read(pages.SiteSettings, settings) if settings else load_data(pages.SiteSettings)
    files = {f"data/{f.path}": (folder / f.path).read_bytes() for f in current.manifest.files}
    files[f"data/{MANIFEST}"] = (folder / MANIFEST).read_bytes()
    files["source.pdf"] = source_pdf(current.manifest, workspace, pdf).read_bytes()
    files |= {name: (TEMPLATES / name).read_bytes() for name in STATIC}
    site = Site(current, history, chosen)
    for language in LANGUAGES:
        files |= {name: text.encode("utf-8") for name, text in site.pages(language).items()}
        feed = f"{PREFIX[language]}feed.atom"
        files[feed] = site.render("feed.atom.j2", language, feed).encode("utf-8")
    files |= site.api()
    return files


def versions(folder: Path, workspace: Workspace) -> list[Version]:
    """The version in `folder` and every version of its document before it, oldest first, each verified."""
    numbers = (
        [n for n in version_numbers(folder.parent) if n <= int(folder.name.removeprefix("v"))]
        if folder.name.startswith("v")
        else []
    )
    paths = [folder.parent / f"v{n}" for n in numbers] or [folder]
    dated = correction_dates(workspace, read_manifest(folder))
    found = []
    for path in paths:
        manifest, dataset = verified(path)
        found.append(Version(path, manifest, dataset, version_date(dataset, dated)))
    return found


def correction_dates(workspace: Workspace, manifest: Manifest) -> dict[str, str]:
    """The date of each correction of the root's corrections folder written for the version's source."""
    folder = workspace.corrections
    if not folder.is_dir():
        return {}
    return {
        item.correction.id: str(item.correction.date) for item in load_corrections(folder).of(manifest.source).items
    }


def version_date(dataset: Dataset, dated: dict[str, str]) -> str:
    """The day a version speaks of: its newest correction's, else its source's date, else 1 January
    of the year its symbol prints ('CDPC (2017) 1_rev': 2017-01-01)."""
    days = [dated[id] for id in applied_corrections(dataset) if id in dated]
    if dataset.source.date:
        days.append(dataset.source.date.isoformat())
    year = re.search(r"\b(1[89]|20)[0-9]{2}\b", dataset.source.symbol or "")
    return max(days, default=f"{year[0]}-01-01" if year else "1970-01-01")


class Site:
    """The pages of one version, in each language."""

    def __init__(self, current: Version, history: list[Version], settings: pages.SiteSettings):
        self.current, self.history, self.settings = current, history, settings
        self.dataset = current.dataset
        self.ids = {n.id for n in self.dataset.networks}
        self.states = {row[0]: row for row in country_rows(self.dataset)}
        self.by_state = pages.state_networks(self.dataset)
        self.territories = load_data(Territories).territories
        self.changes = [(old, new, version_changes(old, new)) for old, new in zip([None, *history[:-1]], history)]

    def render(self, template: str, language: str, page: str, **context) -> str:
        depth = page.count("/")
        return (
            environment()
            .get_template(template)
            .render(
                site=self,
                dataset=self.dataset,
                manifest=self.current.manifest,
                about=publication(),
                t=TEXT[language],
                lang=language,
                page=page,
                up="../" * depth,
                home="../" * depth + PREFIX[language],
                other=other_language(page, language),
                name=functools.partial(state_name, language=language),
                region=functools.partial(region_name, language=language),
                catalogue=self.catalogue(language),
                printed=functools.partial(printed_text, language=language),
                change_line=functools.partial(change_line, language=language),
                change_summary=functools.partial(change_summary, language=language),
                printed_lang=Markup(f' lang="{PRINTED}"') if language != PRINTED else "",
                **context,
            )
        )

    def pages(self, language: str) -> dict[str, str]:
        prefix = PREFIX[language]
        found = {
            f"{prefix}{name}.html": self.render(f"{name}.html.j2", language, f"{prefix}{name}.html")
            for name in ("index", "search", "changes", "api")
        }
        for network in self.dataset.networks:
            page = f"{prefix}networks/{network.id}.html"
            found[page] = self.render(
                "network.html.j2",
                language,
                page,
                network=network,
                changes=[r for r in self.changes[-1][2] if network.id in (r.network, r.old_network)],
            )
        for code in self.states:
            page = f"{prefix}countries/{code}.html"
            found[page] = self.render("country.html.j2", language, page, code=code)
        return found

    def api(self) -> dict[str, bytes]:
        files = {
            f"api/networks/{n.id}.json": (n.model_dump_json(indent=2) + "\n").encode("utf-8")
            for n in self.dataset.networks
        }
        files |= {f"api/countries/{code}.json": json_bytes(self.country_json(code)) for code in self.states}
        files["api/index.json"] = json_bytes(
            {
                "document": self.dataset.document,
                "version": self.current.manifest.version,
                "networks": [
                    {"id": n.id, "name": n.name, "acronym": n.acronym, "url": f"networks/{n.id}.json"}
                    for n in self.dataset.networks
                ],
                "countries": [
                    {"code": code, "name": row[1], "url": f"countries/{code}.json"} for code, row in self.states.items()
                ],
            }
        )
        return files

    def country_json(self, code: str) -> dict:
        _, name, region, sub_region, responsible, count = self.states[code]
        return {
            "code": code,
            "names": {language: state_name(code, language, name) for language in LANGUAGES},
            "region": region,
            "sub_region": sub_region,
            "responsible_state": responsible,
            "territories": self.answers_for(code),
            "networks_count": count,
            "networks": [
                {"network": m.network.id, "membership": kind, "entry": m.entry, "territory": m.territory}
                for kind, found in self.by_state.get(code, {}).items()
                for m in found
            ],
        }

    def answers_for(self, code: str) -> list[str]:
        return [t for t, owner in sorted(self.territories.items()) if owner == code and t in self.states]

    # what the templates ask
    def catalogue(self, language: str) -> dict[str, str]:
        """The catalogue's title, description, source publisher and maintainers in `language`."""
        about, symbol = publication(), self.dataset.source.symbol or self.dataset.source.file
        said = CATALOGUE.get(
            language,
            {
                "title": about.title,
                "description": about.description,
                "publisher": about.source.publisher,
                "maintainers": about.contributors[-1].title,
            },
        )
        return said | {"description": said["description"].format(symbol=symbol)}

    def sections(self) -> dict[str, list]:
        """The networks under each section heading, in print order."""
        found: dict[str, list] = {}
        for network in self.dataset.networks:
            found.setdefault(network.section_heading, []).append(network)
        return found

    def member_states(self, network) -> set[str]:
        """The states and territories among the network's members (a collective's states included)."""
        return {s for g in network.groups for e in g.entries for s in pages.entry_states(e)}

    def network_words(self, network, name, region) -> str:
        """What the search finds a network by besides its own text: its member states' names,
        regions and sub-regions (`state_words`)."""
        return " ".join(
            self.state_words(c, name, region) for c in sorted(self.member_states(network) & self.states.keys())
        )

    def state_words(self, code: str, name, region) -> str:
        """What the search finds a state by: its code, and its name, region and sub-region in the
        page's language and in English."""
        _, english, *regions = self.states[code][:4]
        return " ".join(
            [code, name(code, fallback=english), english, *(r for r in regions if r), *(region(r) for r in regions)]
        )

    def highlighted(self, code: str) -> set[str]:
        """What a state's map highlights: the state and the territories it answers for."""
        return {code, *self.answers_for(code)}

    def states_by_name(self, name) -> list[tuple[str, tuple]]:
        """The states' rows in the order of their names in the page's language (accents aside)."""
        return sorted(self.states.items(), key=lambda item: (fold(name(item[0], fallback=item[1][1])), item[0]))

    def membership_count(self) -> int:
        """The member entries of states and territories (each entry once, territories counted once)."""
        return sum(
            1 for found in self.by_state.values() for listed in found.values() for m in listed if m.territory is None
        )

    def network(self, id: str):
        return next(n for n in self.dataset.networks if n.id == id)

    def members(self, network):
        return pages.member_lines(network, self.ids)

    def blocks(self, network):
        return pages.text_blocks(network)

    def correction(self, network, page: str) -> str:
        return pages.correction_link(
            self.settings, network, self.dataset.source.symbol or self.dataset.source.file, page
        )

    def shade(self, code: str) -> int:
        return pages.shade(self.states[code][5]) if code in self.states else 0

    def shapes(self) -> dict[str, str]:
        return world.shapes()

    def view(self, code: str) -> world.Box | None:
        """The part of the map a state's page shows: the state, the territories it answers for and
        their neighbours; None when the map draws none of them."""
        highlighted = self.highlighted(code)
        return world.view(highlighted) if highlighted & world.shapes().keys() else None

    def members_view(self, network) -> world.Box:
        """The part of the map a network's page shows: its members and their neighbours (none drawn: the world)."""
        return world.view(self.member_states(network))

    def shown(self, box: world.Box) -> list[str]:
        return world.shown(box)

    def files(self, language: str) -> list[tuple[str, str]]:
        """The version's files with their descriptions in `language` (the exporters' in English)."""
        described = FILES.get(language, {name: e.description for name, e in EXPORTERS.items()})
        return [(f.path, described.get(f.path, "")) for f in self.current.manifest.files] + [
            (MANIFEST, TEXT[language]["data_manifest"])
        ]

    def search_text(self, *parts) -> str:
        return fold(" ".join(p for p in parts if p))


def version_changes(old: Version | None, new: Version) -> list[DiffRecord]:
    """What changed in `new`: its `changes` table; for a version published before the table was,
    the records the table holds, from the version before it (none: an empty dataset)."""
    table = pages.changes_table(new.folder, new.manifest)
    return table if table is not None else dataset_diff(old.dataset if old else empty(new.dataset), new.dataset)


def empty(dataset: Dataset) -> Dataset:
    return dataset.model_copy(update={"networks": [], "dropped": [], "ids": []})


def other_language(page: str, language: str) -> str:
    """The path from `page` to the same page in the other language."""
    depth = page.count("/")
    bare = page.removeprefix(PREFIX[language])
    other = "fr" if language == "en" else "en"
    return "../" * depth + PREFIX[other] + bare


def fold(text: str) -> str:
    """Text as the search matches it: lower case, accents removed (site.js folds the query alike)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


@functools.cache
def environment() -> jinja2.Environment:
    env = html_environment(TEMPLATES)
    env.globals |= {
        "linked_url": linked_url,
        "web_link": web_link,
        "membership_types": membership_types,
        "width": WIDTH,
        "height": HEIGHT,
        "steps": pages.STEPS,
    }
    return env
