"""The world map of the site: country shapes as SVG paths, drawn once at build time.

The shapes are Natural Earth's 1:110m admin-0 countries (public domain) as the npm package
`world-atlas` 2.0.2 ships them (`countries-110m.json`, ISC licence, © Michael Bostock; copied
into `pipeline/data/world-atlas/` with its LICENSE). Its TopoJSON is decoded here in a few lines
(the format's specification: each arc a list of quantized, delta-encoded points; a ring a list
of arc indices, `~i` for arc i reversed, each arc after the first starting where the last
ended), projected with the Natural Earth projection (Šavrič, Jenny, Patterson, Štěpánek and
Jenny, 2011: the polynomial d3-geo's `geoNaturalEarth1` uses) and written as SVG path data in
whole units, each point relative to the one before (50 kB for the world), so the same file always
gives the same bytes.

A shape is keyed by the ISO 3166-1 alpha-2 code of its ISO numeric id (pycountry); Kosovo,
which the file names but gives no id, by XK. The 1:110m scale leaves out the smallest states
(Andorra, Liechtenstein, Malta, Monaco, San Marino…): the site names them in the list beside the
map, which is also the map's text alternative. Antarctica is left out, and the map ends at 60° S.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

import pycountry

ATLAS = ("data", "world-atlas", "countries-110m.json")
NAMED = {"Kosovo": "XK"}
"""Shapes the file gives no ISO numeric id, by their name in the file."""
LEFT_OUT = {"AQ"}
WIDTH = 1920
"""The map's width in SVG units (whole units: drawn 960 pixels wide, a point is placed to half a
pixel); its height follows from the projection's extent."""


@functools.cache
def atlas() -> dict:
    return json.loads(resources.files("pipeline").joinpath(*ATLAS).read_bytes())


def decoded_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as (longitude, latitude) points: the deltas summed, then scaled and translated."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A closed ring from its arc indices (`~i`, i.e. -i-1, is arc i reversed), its longitudes made
    continuous: a ring crossing the antimeridian (Russia's Chukotka, Fiji) goes on past ±180°
    instead of a line across the whole map."""
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    unwrapped = points[:1]
    for longitude, latitude in points[1:]:
        longitude += 360 * round((unwrapped[-1][0] - longitude) / 360)
        unwrapped.append((longitude, latitude))
    return unwrapped


def natural_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """The Natural Earth projection of a point in degrees, as d3-geo's geoNaturalEarth1Raw: x in
    [-2.73, 2.73] and y in [-1.42, 1.42] (north up)."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


SOUTH = -60
"""The map's southern edge, in degrees: below lies only Antarctica, left out."""
X_EXTENT = natural_earth(180, 0)[0]
Y_EXTENT = natural_earth(0, 90)[1]
SCALE = WIDTH / (2 * X_EXTENT)
HEIGHT = round((Y_EXTENT - natural_earth(0, SOUTH)[1]) * SCALE)


def svg_point(longitude: float, latitude: float) -> tuple[int, int]:
    """A point on the map in SVG units (origin top left)."""
    x, y = natural_earth(longitude, latitude)
    return round((x + X_EXTENT) * SCALE), round((Y_EXTENT - y) * SCALE)


def projected_rings(
    polygons: list[list[list[int]]], arcs: list[list[tuple[float, float]]]
) -> list[list[tuple[int, int]]]:
    """A shape's rings (each polygon's, in order) as points on the map, a point equal to the one
    before once rounded dropped."""
    rings = []
    for polygon in polygons:
        for indices in polygon:
            points: list[tuple[int, int]] = []
            for point in (svg_point(*p) for p in ring(indices, arcs)):
                if not points or point != points[-1]:
                    points.append(point)
            rings.append(points)
    return rings


def path_data(rings: list[list[tuple[int, int]]]) -> str:
    """SVG path data of a shape's rings: each ring's first point, then each next one relative to it (`l`)."""
    parts = []
    for points in rings:
        steps = "".join(f"l{x1 - x0},{y1 - y0}" for (x0, y0), (x1, y1) in zip(points, points[1:]))
        parts.append(f"M{points[0][0]},{points[0][1]}{steps}z")
    return "".join(parts)


def shape_code(geometry: dict) -> str | None:
    """The ISO 3166-1 alpha-2 code of a shape: of its numeric id, else of its name (`NAMED`)."""
    if "id" not in geometry:
        return NAMED.get(geometry.get("properties", {}).get("name"))
    country = pycountry.countries.get(numeric=geometry["id"])
    return country.alpha_2 if country else None


@functools.cache
def drawn() -> dict[str, list[list[tuple[int, int]]]]:
    """The rings of each state or territory the atlas draws, by ISO 3166-1 alpha-2 code."""
    topology = atlas()
    arcs = decoded_arcs(topology)
    found = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = shape_code(geometry)
        if code is None or code in LEFT_OUT:
            continue
        found[code] = projected_rings(
            geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]], arcs
        )
    return dict(sorted(found.items()))


@functools.cache
def shapes() -> dict[str, str]:
    """SVG path data of each state or territory the atlas draws, by ISO 3166-1 alpha-2 code."""
    return {code: path_data(rings) for code, rings in drawn().items()}


Box = tuple[int, int, int, int]
"""A rectangle of the map: x, y, width, height in SVG units."""
WORLD: Box = (0, 0, WIDTH, HEIGHT)
MARGIN = 200
"""The map a state's locator map shows left and right of it, in SVG units (about 1/10 of the
width; above and below, in the map's proportions): its neighbours, so that a small state is seen
where it lies."""


@functools.cache
def extents() -> dict[str, Box]:
    """The bounding box of each drawn shape."""
    found = {}
    for code, rings in drawn().items():
        xs, ys = [x for r in rings for x, _ in r], [y for r in rings for _, y in r]
        found[code] = (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return found


def view(codes: set[str]) -> Box:
    """The part of the map a locator map of `codes` shows: their shapes with MARGIN around them,
    widened to the whole map's proportions and kept inside it (the whole map when none is drawn)."""
    boxes = [extents()[c] for c in sorted(codes) if c in extents()]
    if not boxes:
        return WORLD
    across, down = MARGIN, MARGIN * HEIGHT // WIDTH
    left, top = min(b[0] for b in boxes) - across, min(b[1] for b in boxes) - down
    right, bottom = max(b[0] + b[2] for b in boxes) + across, max(b[1] + b[3] for b in boxes) + down
    width = max(right - left, (bottom - top) * WIDTH // HEIGHT)
    height = width * HEIGHT // WIDTH
    if width >= WIDTH:
        return WORLD
    x = min(max((left + right - width) // 2, 0), WIDTH - width)
    y = min(max((top + bottom - height) // 2, 0), HEIGHT - height)
    return (x, y, width, height)


def shown(box: Box) -> list[str]:
    """The drawn shapes a part of the map shows some of, by code."""
    x, y, width, height = box
    return [
        c
        for c, (bx, by, bw, bh) in extents().items()
        if bx < x + width and bx + bw > x and by < y + height and by + bh > y
    ]
