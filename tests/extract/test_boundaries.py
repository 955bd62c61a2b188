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
- `cells_start_beside` (a row of a table without rules starts where its cells start level with
  its name): a cell whose top lies `row_top_tolerance` below the name's is level with it.
- `trailing_heading_start`: a trailing run of name-column lines is a heading after the table when
  the gap above it exceeds the pitch less the body size by `heading_gap_ratio` × the body size; a
  gap exactly that is no heading's.
- `list_goes_on`: a block of exactly `list_min_items` items between commas is a list, that goes
  on across a page break; one item fewer is not.
"""

from __future__ import annotations

from hypothesis import given, strategies as st

from pipeline.columns import BLOCK_COLUMNS, CELL_NAMES, NAME_COLUMN
from pipeline.extract.blocks import list_goes_on
from pipeline.extract.geometry import COORDINATE_DECIMALS, PageLayout, clusters, merged_rules
from pipeline.extract.rows import cells_start_beside
from pipeline.extract.settings import ExtractSettings
from pipeline.extract.table import Columns, Stretch, trailing_heading_start
from tests.builders import measured_document, printed_line

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


body_sizes = st.integers(80, 140).map(lambda n: n / 10)
"""A body font size, in tenths of a point (so that a bound taking a fraction of it, as
`heading_gap_ratio`, lies at the precision a gap is printed at)."""
pitch_ratios = st.integers(11, 15).map(lambda n: n / 10)


@given(top=coordinates, off=units_off, column=st.sampled_from(BLOCK_COLUMNS), body=body_sizes, ratio=pitch_ratios)
def test_a_cell_starting_the_row_top_tolerance_below_a_name_is_level_with_it(top, off, column, body, ratio):
    """The name line set apart at `top` starts a row beside a cell whose first line starts
    `row_top_tolerance` below it; one unit lower, that cell started above (no row starts)."""
    document = measured_document(body_size=body, pitch=round(ratio * body, 1))
    tops = {cell: [] for cell in CELL_NAMES}
    tops[NAME_COLUMN.name] = [top]
    tops[column.name] = [at(top, SETTINGS.row_top_tolerance + off * UNIT)]
    assert cells_start_beside(top, tops, document) == (off <= 0)


@given(top=coordinates, off=units_off, column=st.sampled_from(BLOCK_COLUMNS), body=body_sizes, ratio=pitch_ratios)
def test_a_cell_starting_the_row_top_tolerance_above_a_name_is_level_with_it(top, off, column, body, ratio):
    """The name line set apart at `top` starts a row beside a cell whose first line starts
    `row_top_tolerance` above it; one unit higher, that cell's line belongs to the row above and
    no cell starts level with the name."""
    document = measured_document(body_size=body, pitch=round(ratio * body, 1))
    tops = {cell: [] for cell in CELL_NAMES}
    tops[NAME_COLUMN.name] = [top]
    tops[column.name] = [at(top, -(SETTINGS.row_top_tolerance + off * UNIT))]
    assert cells_start_beside(top, tops, document) == (off <= 0)


COLUMNS = Columns((50.0, 150.0, 400.0, 550.0), (0.0, 0.0))
"""A table's columns: the name column 100 pt wide."""


@given(top=st.integers(10_000, 60_000).map(lambda n: n * UNIT), off=units_off, body=body_sizes, ratio=pitch_ratios)
def test_a_trailing_name_line_is_a_heading_only_past_its_gap(top, off, body, ratio):
    """Under a table's last row, a line short enough for the name column set the heading gap
    (pitch − body size + `heading_gap_ratio` × body size) below it stays in the table; a unit
    further, it is a heading after the table."""
    document = measured_document(body_size=body, pitch=round(ratio * body, 1))
    bound = document.pitch - document.body_size + SETTINGS.heading_gap_ratio * document.body_size
    row = printed_line("Alpha Network (AN) Helps prosecutors", COLUMNS.left + 4, round(top, COORDINATE_DECIMALS))
    assert row.x1 > COLUMNS.name_end
    heading = printed_line("Europe", COLUMNS.left + 4, at(row.bottom, bound + off * UNIT))
    layout = PageLayout(1, 842.0, 595.0, [*row.words, *heading.words], [], [], [])
    stretch = Stretch(layout, None, [row, heading], row.top - SETTINGS.edge_slack, 595.0, COLUMNS)
    assert trailing_heading_start(stretch, document) == (1 if off > 0 else None)


COUNTRY_NAMES = ["Albania", "Andorra", "Armenia", "Austria", "Belgium", "Bulgaria", "Croatia", "Cyprus"]


@given(off=units_off, words=st.integers(1, int(SETTINGS.list_item_max_words)))
def test_a_block_of_list_min_items_items_is_a_list_that_goes_on(off, words):
    """A block ending a sentence, of `list_min_items` items between commas (each of up to
    `list_item_max_words` words), goes on with a next page's line opening with an item and a
    comma; with one item fewer it is no list, and the line starts a new block."""
    count = SETTINGS.list_min_items + off
    items = [" ".join([name] * words) for name in COUNTRY_NAMES[:count]]
    assert list_goes_on(", ".join(items) + ".", "Denmark, Estonia", SETTINGS) == (off >= 0)
