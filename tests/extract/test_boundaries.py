"""The extractor's geometric tolerances at their edge (hypothesis): a measure exactly at a
tolerance of `ExtractSettings` is within it, one unit beyond is not, one unit short is. A unit is
the precision coordinates are kept at (`geometry.COORDINATE_DECIMALS`: 0.01 pt), and the
coordinates are any a page may print at that precision, so a gap computed in floating point
(0.47 + 2.0 is 2.4699999999999998) is still the gap as printed.

- `clusters` (rule pieces into lines by `rule_line_tolerance`, running heads and feet by
  `furniture_height_tolerance`): two items whose keys differ by the tolerance are one cluster.
- `merged_rules`: pieces on one line whose ends are `rule_join_gap` apart are one rule; pieces
  `rule_line_tolerance` apart across their length lie on one line; a rule longer than
  `rule_min_length` is kept, one of exactly that length dropped; a border drawn cell by cell,
  its pieces given in any order, is one rule.
"""

from __future__ import annotations

from hypothesis import given, strategies as st

from pipeline.extract.geometry import COORDINATE_DECIMALS, clusters, merged_rules
from pipeline.extract.settings import ExtractSettings

SETTINGS = ExtractSettings()
UNIT = 10**-COORDINATE_DECIMALS
coordinates = st.integers(0, 80_000).map(lambda n: round(n * UNIT, COORDINATE_DECIMALS))
"""A coordinate on a page up to 800 pt, at the precision coordinates are kept at."""
units_off = st.sampled_from([-1, 0, 1])
"""One unit short of the tolerance, exactly at it, or one unit beyond."""


def at(x: float, distance: float) -> float:
    """The coordinate `distance` after `x`, as a page would hold it (rounded to the precision)."""
    return round(x + distance, COORDINATE_DECIMALS)


@given(
    x=coordinates,
    off=units_off,
    tolerance=st.sampled_from([SETTINGS.rule_line_tolerance, SETTINGS.furniture_height_tolerance]),
)
def test_keys_a_tolerance_apart_are_one_cluster_and_a_unit_more_apart_two(x, off, tolerance):
    far = at(x, tolerance + off * UNIT)
    assert len(clusters([x, far], lambda key: key, tolerance)) == (1 if off <= 0 else 2)


@given(y=coordinates, start=coordinates, length=st.integers(600, 20_000).map(lambda n: n * UNIT), off=units_off)
def test_rule_pieces_the_join_gap_apart_are_one_rule_a_unit_more_two(y, start, length, off):
    end = at(start, length)
    then = at(end, SETTINGS.rule_join_gap + off * UNIT)
    rules = merged_rules([(y, start, end), (y, then, at(then, length))], SETTINGS)
    assert [(r[1], r[2]) for r in rules] == (
        [(start, at(then, length))] if off <= 0 else [(start, end), (then, at(then, length))]
    )


@given(y=coordinates, start=coordinates, length=st.integers(600, 20_000).map(lambda n: n * UNIT), off=units_off)
def test_rule_pieces_the_line_tolerance_apart_across_lie_on_one_line(y, start, length, off):
    other = at(y, SETTINGS.rule_line_tolerance + off * UNIT)
    end = at(start, length)
    rules = merged_rules([(y, start, end), (other, end, at(end, length))], SETTINGS)
    assert len(rules) == (1 if off <= 0 else 2)


@given(y=coordinates, start=coordinates, off=units_off)
def test_a_rule_longer_than_the_minimum_is_kept_one_of_the_minimum_dropped(y, start, off):
    end = at(start, SETTINGS.rule_min_length + off * UNIT)
    assert merged_rules([(y, start, end)], SETTINGS) == ([(y, start, end)] if off > 0 else [])


@given(
    y=coordinates,
    start=coordinates,
    lengths=st.lists(st.integers(600, 5_000).map(lambda n: n * UNIT), min_size=3, max_size=6),
    rises=st.lists(st.integers(0, 100).map(lambda n: n * UNIT), min_size=6, max_size=6),
    order=st.randoms(),
)
def test_pieces_of_a_border_drawn_cell_by_cell_in_any_order_are_one_rule(y, start, lengths, rises, order):
    """Each piece the join gap after the one before, at heights within the line tolerance, given shuffled."""
    pieces, at_x = [], start
    for length, rise in zip(lengths, rises):
        pieces.append((at(y, rise), at_x, at(at_x, length)))
        at_x = at(at_x, length + SETTINGS.rule_join_gap)
    order.shuffle(pieces)
    assert [(r[1], r[2]) for r in merged_rules(pieces, SETTINGS)] == [(start, max(p[2] for p in pieces))]


def test_a_piece_inside_another_is_part_of_it_whichever_comes_first():
    y = 100.0
    for pieces in ([(y, 0.0, 300.0), (y, 50.0, 60.0)], [(y, 50.0, 60.0), (y, 0.0, 300.0)]):
        assert merged_rules(pieces, SETTINGS) == [(y, 0.0, 300.0)], pieces
