"""`cdpc site`: the public website of the committed latest version of the bundled paper, written
by the CLI into a folder, in English and French: its pages, map, links (every one inside the
folder, or an http(s)/mailto address), JSON API, Atom feed and data files; the same bytes on a
second run; a folder holding anything else refused; and in headless chromium, clicking through
the search, a state of the map and a network, with axe-core finding no violation.

The root: the committed versions, the paper in source_docs/ and the corrections, copied.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import time
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from markupsafe import escape

from pipeline import load
from pipeline.site import world
from pipeline.site.pages import shade
from tests.support import PAPER, REPO, run_cdpc

DOCUMENT = "cdpc-2017-1-rev"
AXE = REPO / ".cache" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site-root")
    shutil.copytree(REPO / "extracted", root / "extracted")
    (root / "source_docs").mkdir()
    shutil.copy(PAPER, root / "source_docs")
    shutil.copytree(REPO / "corrections", root / "corrections")
    return root


@pytest.fixture(scope="module")
def site(root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "www"
    started = time.monotonic()
    done = run_cdpc("site", DOCUMENT, "-o", out, "--root", root)
    print(f"cdpc site: {time.monotonic() - started:.1f} s")
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{out / 'index.html'}\n"
    return out


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def page(site: Path, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("href", "src") and value is not None]


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.found


# ---------------------------------------------------------------------------------------------
# The files
# ---------------------------------------------------------------------------------------------


def test_every_network_and_state_has_a_page_in_english_and_french(root, site):
    dataset = load(DOCUMENT, root)
    for prefix in ("", "fr/"):
        for name in ("index", "search", "changes", "api"):
            assert (site / f"{prefix}{name}.html").is_file()
        assert sorted(p.stem for p in (site / prefix / "networks").glob("*.html")) == sorted(
            n.id for n in dataset.networks
        )
    countries = sorted(p.stem for p in (site / "countries").glob("*.html"))
    assert countries == sorted(p.stem for p in (site / "fr" / "countries").glob("*.html"))
    assert {"FR", "DE", "RE", "ZA"} <= set(countries)
    assert '<html lang="fr">' in page(
        site, "fr/countries/DE.html"
    ) and "<h1>Allemagne <small>(DE)</small></h1>" in page(site, "fr/countries/DE.html")
    assert "Réseaux par type d&#39;adhésion" in page(site, "fr/countries/DE.html")
    assert "<h1>Germany <small>(DE)</small></h1>" in page(site, "countries/DE.html")


def test_the_version_files_and_the_source_pdf_are_copied_as_they_are(root, site):
    version = root / "extracted" / DOCUMENT / (root / "extracted" / DOCUMENT / "latest").read_text().strip()
    for file in version.iterdir():
        assert (site / "data" / file.name).read_bytes() == file.read_bytes()
    assert (site / "source.pdf").read_bytes() == PAPER.read_bytes()


def test_a_second_run_gives_the_same_bytes(root, site, tmp_path):
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path / "again", "--root", root)
    assert done.returncode == 0, done.stderr
    assert tree(tmp_path / "again") == tree(site)
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path / "again", "--root", root)  # over the earlier site
    assert done.returncode == 0, done.stderr
    assert tree(tmp_path / "again") == tree(site)


def test_every_link_stays_inside_the_folder_or_is_an_http_or_mailto_address(site):
    outside = set()
    for file in sorted(site.rglob("*.html")):
        for link in links(file.read_text(encoding="utf-8")):
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme in ("http", "https", "mailto"), (file, link)
                outside.add(parts.scheme)
                continue
            target = (file.parent / unquote(parts.path)).resolve() if parts.path else file
            assert target.is_relative_to(site.resolve()) and target.is_file(), (file, link)
    assert outside == {"http", "https", "mailto"}


def test_network_page_shows_purpose_footnotes_members_pages_and_the_correction_link(site):
    ajn = page(site, "networks/ajn.html")
    assert "<h1>The African Judicial Network</h1>" in ajn
    assert '<a href="../source.pdf#page=14">page 14</a>' in ajn
    assert '<sup><a href="#fn-ajn-19">19</a></sup>' in ajn and 'id="fn-ajn-19"' in ajn
    assert '<a href="../countries/ZA.html">South Africa</a>' in ajn
    link = next(href for href in links(ajn) if href.startswith("mailto:"))
    asked = parse_qs(urlsplit(link).query)
    assert asked["subject"] == ["Correction of ajn (CDPC (2017) 1_rev)"]
    body = asked["body"][0]
    assert body.startswith("Network: ajn\nPage: networks/ajn.html\n\n")
    skeleton = yaml.safe_load(body.split("\n\n", 1)[1])
    assert skeleton["source"] == {"symbol": "CDPC (2017) 1_rev"}
    assert skeleton["corrections"][0] | {"value": None} == {
        "id": "ajn-correction",
        "op": "set_field",
        "target": {"network": "ajn"},
        "field": "name",
        "expect": "The African Judicial Network",
        "value": None,
        "reason": "(what is wrong, and where the correct value is published)",
        "author": "(your name and network)",
        "date": "(YYYY-MM-DD)",
    }


def test_a_collective_is_shown_with_the_states_it_stood_for(revision_2020):
    """The 2020 revision prints "Member States of the EU": the page shows it with the states it
    stood for on the paper's date, each linked (the bundled 2017 paper prints no collective)."""
    from pipeline.normalise.networks import normalise
    from pipeline.site.pages import member_lines

    networks = normalise(revision_2020).networks
    network = next(n for n in networks if any(e.kind == "collective" for g in n.groups for e in g.entries))
    members = [m for g in member_lines(network, {n.id for n in networks}) for m in g.members]
    collective = next(m for m in members if m.collective)
    expanded = [e for g in network.groups for e in g.entries if e.origin == "expanded"]
    assert collective.on == "2020-09-22" and len(collective.expanded) == len(expanded) == 27
    assert [m.states for m in collective.expanded] == [e.codes for e in expanded]
    assert all(m.text != e.raw or m.states for m in members for e in expanded)  # no expanded state listed on its own


def test_france_counts_the_network_it_is_in_through_reunion(site):
    france = json.loads(page(site, "api/countries/FR.json"))
    assert france["networks_count"] == 14 and france["territories"] == ["RE"]
    through = [m for m in france["networks"] if m["territory"] == "RE"]
    assert [m["network"] for m in through] == ["judicial-regional-platform-of-the-indian-ocean"]
    assert france["names"] == {"en": "France", "fr": "France"} and (france["region"], france["sub_region"]) == (
        "Europe",
        "Western Europe",
    )
    html = page(site, "countries/FR.html")
    assert (
        '(through <a href="RE.html">Réunion</a>)' in html
        and '<h2 id="territories">Territories it answers for</h2>' in html
    )


def test_the_api_holds_each_network_as_networks_json_does(root, site):
    dataset = load(DOCUMENT, root)
    index = json.loads(page(site, "api/index.json"))
    assert [n["id"] for n in index["networks"]] == [n.id for n in dataset.networks]
    for network in dataset.networks:
        assert json.loads(page(site, f"api/networks/{network.id}.json")) == json.loads(network.model_dump_json())
    assert all((site / "api" / c["url"]).is_file() for c in index["countries"])


def test_the_atom_feed_has_an_entry_per_version_newest_first(root, site):
    feed = ElementTree.fromstring((site / "feed.atom").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    ids = [e.findtext(f"{atom}id") for e in feed.findall(f"{atom}entry")]
    published = sorted(int(v.name[1:]) for v in (root / "extracted" / DOCUMENT).glob("v[0-9]*"))
    assert len(published) > 1
    assert ids == [f"urn:cdpc-catalogue:{DOCUMENT}:v{n}" for n in reversed(published)]
    assert feed.findtext(f"{atom}updated") == "2026-11-28T00:00:00Z"  # the newest correction's date
    assert '<h2 id="v1">v1' in page(site, "changes.html")


def test_the_map_shades_each_state_by_its_networks_and_links_it():
    assert [shade(n) for n in (0, 1, 2, 3, 6, 9, 10, 15, 40)] == [0, 1, 1, 2, 3, 3, 4, 5, 5]
    shapes = world.shapes()
    assert {"FR", "DE", "ZA", "XK", "RU", "FJ"} <= shapes.keys() and "AQ" not in shapes
    assert world.natural_earth(0, 0) == (0, 0)
    assert world.natural_earth(180, 0)[0] == pytest.approx(3.14159265 * 0.8707)
    arcs = [[(0, 0), (1, 0), (1, 1)], [(1, 1), (0, 1), (0, 0)], [(179, 0), (-179, 0), (-179, 1)]]
    assert world.ring([0, 1], arcs) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]
    assert world.ring([~1], arcs) == [(0, 0), (0, 1), (1, 1)]
    assert world.ring([2], arcs) == [(179, 0), (181, 0), (181, 1)]  # across the antimeridian, not the map


def test_the_home_page_map_links_each_drawn_state_to_its_page(site):
    html = page(site, "index.html")
    assert '<svg viewBox="0 0 1920 ' in html and 'role="group" aria-label="World map shading' in html
    assert '<a href="countries/FR.html" aria-label="France: 14"><path class="s4"' in html
    assert "Andorra</a> <small>(too small for the map)</small>" in html


def test_a_folder_holding_other_files_is_refused_and_left_alone(root, tmp_path):
    (tmp_path / "mine.txt").write_text("mine")
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path, "--root", root)
    assert done.returncode != 0
    assert (
        done.stderr
        == f"cdpc: error: {tmp_path}: not empty and holds no earlier site (.cdpc-site missing): give a new or empty "
        f"folder\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_load_outside_a_root_names_where_it_looked(tmp_path):
    from pipeline.errors import VersionMissing

    with pytest.raises(VersionMissing, match=f"no such dataset version in {tmp_path}/extracted "):
        load(DOCUMENT, root=tmp_path)
    assert load(DOCUMENT, root=REPO).document == DOCUMENT


# ---------------------------------------------------------------------------------------------
# In headless chromium: clicking through, and axe-core
# ---------------------------------------------------------------------------------------------


def opened(browser, file: Path) -> list[dict]:
    """Open `file` and return the console's errors while it loaded."""
    browser.get_log("browser")
    browser.get(file.as_uri())
    return [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]


def arrived(browser, ending: str) -> bool:
    """Whether the browser reaches a page whose path ends so, loaded, within 10 s (a click or a
    form's Enter returns before the page it leads to has loaded)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 10).until(
        lambda b: (
            urlsplit(b.current_url).path.endswith(ending)
            and b.execute_script("return document.readyState") == "complete"
        )
    )
    return True


def shown_links(browser, selector: str) -> list[str]:
    return browser.execute_script(
        "return [...document.querySelectorAll(arguments[0])].filter(e => e.offsetParent !== null).map(e => "
        "e.textContent)",
        selector,
    )


def test_search_a_map_state_and_a_network_clicked_through(browser, site, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    assert opened(browser, site / "index.html") == []
    browser.save_screenshot(str(tmp_path / "home.png"))
    box = browser.find_element(By.ID, "q")
    box.send_keys("Africa", Keys.ENTER)  # the form leads to the search page, which filters by ?q=
    assert arrived(browser, "/search.html")
    found = shown_links(browser, ".results li a")
    assert "The African Judicial Network" in found and "European Judicial Network" not in found
    assert "South Africa" in found
    search = browser.find_element(By.ID, "q")
    search.send_keys(Keys.CONTROL, "a", Keys.NULL, Keys.DELETE, "western europe")  # a state's M49 sub-region
    found = shown_links(browser, ".results li a")
    assert "Germany" in found and "South Africa" not in found
    search.send_keys(Keys.CONTROL, "a", Keys.NULL, Keys.DELETE)
    assert len(shown_links(browser, ".results li a")) == len(browser.find_elements(By.CSS_SELECTOR, ".results li"))

    assert opened(browser, site / "index.html") == []
    browser.find_element(By.CSS_SELECTOR, 'svg a[href="countries/AU.html"] path').click()  # Australia, on the map
    assert arrived(browser, "/countries/AU.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Australia (AU)"
    browser.save_screenshot(str(tmp_path / "state.png"))
    first = browser.find_element(By.CSS_SELECTOR, "main li a")
    network = first.get_attribute("href").rsplit("/", 1)[1]
    first.click()
    assert arrived(browser, f"/networks/{network}")
    assert browser.execute_script(
        "return document.querySelector('svg a[href$=\"countries/AU.html\"] path').classList.contains('on')"
    )
    opened(browser, site / "networks" / "ajn.html")
    drawn = [c for c in ("AO", "TZ", "ZA", "GH", "KE", "ML", "UG", "RW", "SN", "MW", "MU", "BI") if c in world.shapes()]
    assert len(drawn) == 11  # Mauritius is too small for the 1:110m map
    assert browser.execute_script(
        "return [...document.querySelectorAll('svg a:has(path.on)')].map(a => a.getAttribute('href'))"
    ) == [f"../countries/{c}.html" for c in sorted(drawn)]
    browser.save_screenshot(str(tmp_path / "network.png"))
    browser.find_element(By.LINK_TEXT, "Français").click()
    assert arrived(browser, "/fr/networks/ajn.html")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    browser.get((site / "fr" / "search.html").as_uri() + "?q=allemagne")
    assert shown_links(browser, ".results li a")[-1] == "Allemagne"


AXE_PAGES = (
    "index.html",
    "search.html",
    "changes.html",
    "api.html",
    "networks/ajn.html",
    "networks/eurojust.html",
    "countries/FR.html",
    "fr/index.html",
    "fr/networks/ejn.html",
    "fr/countries/DE.html",
)


def test_axe_core_finds_no_violation(browser, site):
    if not AXE.is_file():
        pytest.skip(f"{AXE} missing: scripts/test.sh fetches axe-core with npm")
    script = AXE.read_text(encoding="utf-8")
    violations = {}
    for name in AXE_PAGES:
        assert opened(browser, site / name) == []
        browser.execute_script(script)
        result = browser.execute_async_script(
            "const done = arguments[arguments.length - 1]; axe.run().then(r => done(r.violations))"
        )
        violations[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result]
    assert violations == {name: [] for name in AXE_PAGES}


def test_the_settings_file_sets_the_correction_link_and_a_missing_one_is_refused(root, tmp_path):
    settings = tmp_path / "site.yaml"
    settings.write_text('correction_link: "https://tracker.example/issues/new?title={subject}&body={body}"\n')
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path / "www", "--root", root, "--settings", settings)
    assert done.returncode == 0, done.stderr
    link = next(href for href in links(page(tmp_path / "www", "fr/networks/bes.html")) if "tracker.example" in href)
    assert (
        link.startswith("https://tracker.example/issues/new?title=Correction%20of%20bes%20")
        and "Page%3A%20fr%2Fnetworks%2Fbes.html" in link
    )
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path / "none", "--root", root, "--settings", tmp_path / "missing.yaml")
    assert (done.returncode, done.stderr) == (3, f"cdpc: error: {tmp_path / 'missing.yaml'}: no such settings file\n")
    assert not (tmp_path / "none").exists()
    settings.write_text('correction_link: "javascript:alert({subject})"\n')
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path / "none", "--root", root, "--settings", settings)
    assert done.returncode == 28 and done.stderr.startswith(
        f"cdpc: error: {settings}:1: correction_link: Value error, a mailto:, http: or https:"
    )
    assert not (tmp_path / "none").exists()


def test_every_interface_text_is_in_both_languages_with_every_type_of_membership(site):
    from pipeline.export.memberships import membership_types
    from pipeline.site.text import TEXT

    assert set(TEXT["en"]) == set(TEXT["fr"])
    assert {f"type_{kind}" for kind in membership_types().types} <= set(TEXT["en"])
    assert "<h3>Partie</h3>" in page(site, "fr/countries/DE.html") and "<h3>Party</h3>" in page(
        site, "countries/DE.html"
    )
    assert '<li class="note"><em>EJN is composed of more than 300 national contact points' in page(
        site, "networks/ejn.html"
    )


# ---------------------------------------------------------------------------------------------
# A state's map, the French interface, the changes table
# ---------------------------------------------------------------------------------------------


def svg_of(html: str) -> str:
    return html[html.index("<svg ") : html.index("</svg>")]


def test_a_state_page_shows_where_it_lies_and_its_territories_on_the_map(site):
    germany = svg_of(page(site, "countries/DE.html"))
    x, y, width, height = world.view({"DE"})
    assert f'<svg viewBox="{x} {y} {width} {height}"' in germany and 0 < width < world.WIDTH
    dx, dy, dw, dh = world.extents()["DE"]
    assert x <= dx and dx + dw <= x + width and y <= dy and dy + dh <= y + height
    assert width * world.HEIGHT // world.WIDTH == height  # the whole map's proportions
    assert '<a href="../countries/DE.html" aria-label="Germany: 13"><path class="s1 on"' in germany
    assert (
        germany.count(' on"') == 1
        and '<a href="../countries/PL.html" aria-label="Poland: 10"><path class="s0"' in germany
    )
    assert 'href="../countries/AU.html"' not in germany  # only the shapes near it
    france = page(site, "fr/countries/FR.html")
    assert "Carte du monde où cet État ou territoire et les territoires dont il répond sont mis en évidence." in france
    andorra = page(site, "countries/AD.html")
    assert "<svg" not in andorra and "<p>Too small for the map at this scale.</p>" in andorra
    assert world.view(set()) == world.WORLD
    for code in world.extents():  # every state's view inside the map
        x, y, width, height = world.view({code})
        assert x >= 0 and x + width <= world.WIDTH and y >= 0 and y + height <= world.HEIGHT, code


def test_french_pages_say_the_catalogue_and_the_regions_in_french(site):
    from pipeline.normalise.regions import m49
    from pipeline.site.text import REGIONS

    index = page(site, "fr/index.html")
    assert (
        "<h1>Réseaux judiciaires internationaux de lutte contre la criminalité organisée transnationale</h1>" in index
    )
    assert (
        "Source\u00a0: Conseil de l&#39;Europe, Comité européen pour les problèmes criminels (CDPC), <strong>CDPC "
        "(2017) 1_rev</strong>" in index
    )
    assert '<td><a href="countries/ZA.html">Afrique du Sud</a></td><td>Afrique</td><td>5</td>' in index
    assert '<td><a href="countries/ZA.html">South Africa</a></td><td>Africa</td><td>5</td>' in page(site, "index.html")
    assert "<dt>Région</dt><dd>Afrique</dd><dt>Sous-région</dt><dd>Afrique subsaharienne</dd>" in page(
        site, "fr/countries/ZA.html"
    )
    assert {name for pair in m49().values() for name in pair} <= REGIONS["fr"].keys()
    ajn = next(line for line in page(site, "fr/search.html").splitlines() if 'href="networks/ajn.html"' in line)
    assert " afrique " in ajn and " africa " in ajn


def test_french_network_pages_name_member_states_in_french_and_mark_the_printed_english(site):
    ajn = page(site, "fr/networks/ajn.html")
    assert '<h1 lang="en">The African Judicial Network</h1>' in ajn and '<div lang="en">\n<p>' in ajn
    assert '<li><a href="../countries/ZA.html">Afrique du Sud</a></li>' in ajn
    assert '<li><a href="../countries/ZA.html">South Africa</a></li>' in page(site, "networks/ajn.html")
    platform = page(site, "fr/networks/judicial-regional-platform-of-the-indian-ocean.html")
    assert (
        '<li><a href="../countries/RE.html">Réunion, Île de la</a> (“<span lang="en">France (Réunion)</span>”)</li>'
        in platform
    )
    assert '<h3><span lang="en">28 Member States of the European Union</span></h3>' in page(
        site, "fr/networks/ejn.html"
    )
    assert 'lang="en"' not in page(site, "networks/ejn.html").split("<main")[1]


def test_the_changes_page_and_each_network_page_show_the_versions_changes_table(root, tmp_path):
    """A version's `changes` table is what the pages show: a row written into the table (its
    manifest's sha256 made to match) is on the changes page and on its network's page, a text's
    words marked as `cdpc diff` marks them."""
    copied = tmp_path / "root"
    shutil.copytree(root, copied)
    folder = copied / "extracted" / DOCUMENT / "v4"
    table = folder / "changes.csv"
    table.write_text(
        table.read_text(encoding="utf-8")
        + "2,MOD,ejn,,name,,,European Judicial Network (EJN),European Judicial Network in criminal matters (EJN),\n",
        encoding="utf-8",
    )
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for file in manifest["files"]:
        if file["path"] == "changes.csv":
            file["sha256"] = hashlib.sha256(table.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path / "www", "--root", copied)
    assert done.returncode == 0, done.stderr
    changed = "<code>ejn</code> name: European Judicial Network <ins>in criminal matters</ins> (EJN)</"
    v4 = page(tmp_path / "www", "changes.html").split('<h2 id="v4">')[1].split("</section>")[0]
    assert (
        '<li>added: <a href="networks/ajne.html"><code>ajne</code> terms (crime areas): '
        "<code>organised_crime</code></a></li>"
        in v4
        and changed in v4
    )
    ejn = page(tmp_path / "www", "networks/ejn.html").split('<h2 id="changes">')[1].split("</section>")[0]
    assert ejn.startswith("Changes since the previous version (v3 → v4)</h2>") and f"<li>changed: {changed}" in ejn
    assert (
        '<li>modifié\u00a0: <code>ejn</code> nom\u00a0: <span lang="en">European Judicial Network <ins>in criminal'
        in page(tmp_path / "www", "fr/networks/ejn.html")
    )


def test_a_network_page_maps_its_members_where_they_are_and_names_the_networks_it_relates_to(site):
    ejn = page(site, "networks/ejn.html")
    drawn = svg_of(ejn)
    members = {
        c["code"]
        for c in json.loads(page(site, "api/index.json"))["countries"]
        if "ejn" in {m["network"] for m in json.loads(page(site, f"api/countries/{c['code']}.json"))["networks"]}
    }
    assert len(members) == 28
    x, y, width, height = world.view(members)
    assert f'<svg viewBox="{x} {y} {width} {height}"' in drawn and width < world.WIDTH  # Europe, and France's Guiana
    assert drawn.count(' on"') == 28 - 1 and 'href="../countries/NZ.html"' not in drawn  # Malta too small for the map
    assert '<li>EJN — mentions — <a href="wbpn.html">WBPN</a>: “The EJN participates' in ejn
    assert '<ul class="printed"><li>-The EJN is a network' in ejn  # the printed markers, no bullet added
    assert '<svg viewBox="0 0 1920 866"' in page(site, "networks/untoc.html")  # members on every continent
    carin = page(site, "networks/carin.html")
    assert "<li>Europol (Secretariat)</li>" in carin  # the role as printed, not again after it


def test_the_proposed_correction_once_completed_applies_to_the_version(root, site, tmp_path):
    """The skeleton a network page's link carries is a corrections file the pipeline reads: with
    its value and date written in, it renames the network it names."""
    from pipeline.corrections.apply import corrected_dataset, load_corrections

    link = next(href for href in links(page(site, "fr/networks/ajn.html")) if href.startswith("mailto:"))
    skeleton = parse_qs(urlsplit(link).query)["body"][0].split("\n\n", 1)[1]
    completed = skeleton.replace(
        '"(the corrected value; or another op: replace_entry, add_entry, remove_entry…)"',
        '"The African Judicial Network (AJN)"',
    )
    (tmp_path / "ajn.yaml").write_text(completed.replace("(YYYY-MM-DD)", "2026-12-07"), encoding="utf-8")
    dataset = load(DOCUMENT, root)
    corrected = corrected_dataset(dataset, load_corrections(tmp_path).of(dataset.source))
    assert next(n for n in corrected.networks if n.id == "ajn").name == "The African Judicial Network (AJN)"


def test_without_javascript_every_network_and_state_is_listed_and_linked(browser, site):
    """Scripts off: the search page asked for "Africa" lists every network and state (only
    site.js filters), and a network is reached from the list and a state from the map."""
    from selenium.webdriver.common.by import By

    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.get((site / "search.html").as_uri() + "?q=Africa")
        items = browser.find_elements(By.CSS_SELECTOR, ".results li")
        assert len(items) == len(json.loads(page(site, "api/index.json"))["networks"]) + len(
            list((site / "countries").glob("*.html"))
        )
        assert all(item.is_displayed() for item in items) and browser.find_element(By.ID, "found").text == ""
        browser.find_element(By.LINK_TEXT, "European Judicial Network").click()
        assert arrived(browser, "/networks/ejn.html")
        browser.find_element(By.CSS_SELECTOR, 'svg a[href="../countries/DE.html"] path').click()
        assert arrived(browser, "/countries/DE.html") and browser.find_element(By.TAG_NAME, "h1").text == "Germany (DE)"
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


# ---------------------------------------------------------------------------------------------
# No English on the French pages; a website linked only when it is a web address
# ---------------------------------------------------------------------------------------------


class Shown(HTMLParser):
    """The text a page shows in its own language: its text and its title, aria-label and alt
    attributes, outside any element marked with another language (the texts the paper prints) and
    outside code (ids and the data's identifiers), scripts and styles, and the head's title (which
    cannot mark a network's printed name with its language; the header says the site's title)."""

    VOID = {"meta", "link", "br", "img", "input", "hr", "path", "wbr"}

    def __init__(self, language: str):
        super().__init__()
        self.language, self.open, self.found = language, [(None, False)], []

    def handle_starttag(self, tag, attrs):
        named = dict(attrs)
        other = self.open[-1][1] or named.get("lang", self.language) != self.language
        if not other:
            self.found += [named[a] or "" for a in ("title", "aria-label", "alt") if a in named]
        if tag not in self.VOID:
            self.open.append((tag, other or tag in ("code", "script", "style", "title")))

    def handle_endtag(self, tag):
        while tag not in self.VOID and len(self.open) > 1 and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not self.open[-1][1]:
            self.found.append(data)


def shown_text(html: str, language: str) -> str:
    parser = Shown(language)
    parser.feed(html)
    return " ".join(" ".join(parser.found).split())


IDENTIFIER = re.compile(r"`[^`]*`|\S*\w[._]\w\S*")
"""What is no word of any language: a code span, a file or module name, an id with an underscore."""


def english_on(text: str, ids: frozenset[str] = frozenset()) -> set[str]:
    """The interface's English texts (`pipeline.site.text.TEXT`'s where French says otherwise, the
    data files' descriptions and what `cdpc diff` and the data name) that `text` holds as words,
    the networks' `ids` aside; a word the French texts use too ("mentions", "note") is French."""
    from pipeline.export import EXPORTERS
    from pipeline.site.text import FILES, TEXT

    english = {v for k, v in TEXT["en"].items() if v != TEXT["fr"][k]}
    english |= {e.description for e in EXPORTERS.values()} | DIFF_WORDS
    french = {w for said in (*TEXT["fr"].values(), *FILES["fr"].values()) for w in re.findall(r"[\w'-]+", said)}
    text = " ".join(w for w in IDENTIFIER.sub(" ", text).split() if w.strip(",;:()") not in ids)
    found = set()
    for phrase in english:
        words = " ".join(IDENTIFIER.sub(" ", phrase).split()) or phrase
        if re.search(r"[^\W\d_]{2}", words) is None or words in french:
            continue  # punctuation ("colon"), a figure, a French word
        pattern = r"\S+".join(re.escape(part) for part in re.split(r"\{\w+\}", words))
        if re.search(rf"(?<!\w){pattern}(?!\w)", text):
            found.add(phrase)
    return found


DIFF_WORDS = {"network", "terms", "hosts", "mentions", "observer", "partner", "member", "(none)", "was"}
"""What the French pages showed in English before issue 23's follow-up: `cdpc diff`'s words and the relations' kinds."""


def test_no_interface_text_in_english_on_the_french_pages(root, site):
    ids = frozenset(n.id for n in load(DOCUMENT, root).networks)
    assert english_on("Members: see networks.json, (none)") == {"Members", "(none)"}  # the check finds English
    assert english_on("Membres : voir networks.json, crime_areas, mentions, ejn-x", ids | {"ejn-x"}) == set()
    pages = sorted((site / "fr").rglob("*.html"))
    assert len(pages) == len(list(site.rglob("*.html"))) - len(pages)
    found = {
        str(file.relative_to(site)): english
        for file in pages
        if (english := english_on(shown_text(file.read_text(encoding="utf-8"), "fr"), ids))
    }
    feed = ElementTree.fromstring((site / "fr" / "feed.atom").read_bytes())
    atom = "{http://www.w3.org/2005/Atom}"
    said = [e.text or "" for e in feed.iter() if e.tag in (f"{atom}title", f"{atom}summary", f"{atom}name")]
    if english := english_on(" ".join(said), ids):
        found["fr/feed.atom"] = english
    assert found == {}
    index = page(site, "fr/index.html")
    assert '<a href="../data/networks.csv">networks.csv</a>\u00a0: table `networks` : une ligne par réseau' in index
    assert '<link rel="alternate" type="application/atom+xml" href="../fr/feed.atom"' in index
    assert '<a href="../../fr/feed.atom">Flux Atom des versions</a>' in page(site, "fr/networks/ejn.html")
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert feed.findtext(f"{atom}id") == f"urn:cdpc-catalogue:{DOCUMENT}:fr"
    added = '<li>ajouté\u00a0: réseau <code>ejn</code>\u00a0: <span lang="en">European Judicial Network</span>'
    assert added in page(site, "fr/changes.html")
    assert '<li><span lang="en">EJN</span> — mentionne — <a href="wbpn.html">' in page(site, "fr/networks/ejn.html")


WEBSITES = {
    "https://www.eurojust.europa.eu/": "https://www.eurojust.europa.eu/",
    "http://www.iberred.org": "http://www.iberred.org",
    "www.iberred.org": "https://www.iberred.org",  # a bare host name: taken as https
    "iberred.org/en/contact": "https://iberred.org/en/contact",
    "see the annex": None,  # no host name: text
    "n/a": None,
    "javascript:alert(1)": None,
    "ftp://ftp.example.org": None,
    "http://": None,
    "https://user@www.example.org": None,
    "localhost": None,
}


def test_a_website_is_linked_only_when_it_is_a_web_address(root, tmp_path):
    """A network's website (as networks.json holds it, the manifest made to match): an http(s)
    URL of a host name linked as it is, a bare host name linked as https, anything else text."""
    copied = tmp_path / "root"
    shutil.copytree(root, copied)
    folder = copied / "extracted" / DOCUMENT / "v4"
    dataset = json.loads((folder / "networks.json").read_text(encoding="utf-8"))
    for network, website in zip(dataset["networks"], WEBSITES):
        network["website"] = website
    (folder / "networks.json").write_text(json.dumps(dataset, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for file in manifest["files"]:
        if file["path"] == "networks.json":
            file["sha256"] = hashlib.sha256((folder / "networks.json").read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    done = run_cdpc("site", DOCUMENT, "-o", tmp_path / "www", "--root", copied)
    assert done.returncode == 0, done.stderr
    for network, (website, link) in zip(dataset["networks"], WEBSITES.items()):
        for prefix, label in (("", "Website"), ("fr/", "Site web")):
            html = page(tmp_path / "www", f"{prefix}networks/{network['id']}.html")
            shown = html.split(f"<dt>{label}</dt><dd>")[1].split("</dd>")[0]
            expected = f'<a href="{escape(link)}">{escape(website)}</a>' if link else str(escape(website))
            assert shown == expected, (website, shown)


def test_every_relation_kind_the_normaliser_gives_has_its_words_in_both_languages():
    from pipeline.normalise.datafiles import MemberRules, load
    from pipeline.site.text import TEXT

    rules = load(MemberRules)
    kinds = {rule.relation for rule in rules.group_relations} | {rules.default_group_relation, "hosts", "mentions"}
    assert {
        language: sorted(kind for kind in kinds if f"relation_{kind}" not in TEXT[language]) for language in TEXT
    } == {language: [] for language in TEXT}
