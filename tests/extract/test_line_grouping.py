"""Words into printed lines (`layout.group_lines`), over generated pages (hypothesis).

`group_lines` finds the line a superscript sits on by bisection over kept extents and edges, so
that its time grows as n log n; what it finds must be what the plain definition finds, written
here as it reads: big words grouped by their baselines; each small word, in order, joined to the
line (as grown so far) whose extent, give or take the slack, holds its middle — the one it stands
nearest to along x, the lowest when tied, the first made when tied again — else a line of its own.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from pipeline.extract.geometry import Word, is_bold
from pipeline.extract.layout import group_lines
from pipeline.extract.settings import DEFAULT_SETTINGS as S


def plainly_grouped(words: list[Word]) -> list[list[Word]]:
    largest = max(w.size for w in words)
    lines: list[list[Word]] = []
    for word in sorted((w for w in words if w.size >= S.small_word_ratio * largest), key=lambda w: (w.bottom, w.x0)):
        if lines and abs(lines[-1][-1].bottom - word.bottom) <= S.baseline_tolerance * word.size:
            lines[-1].append(word)
        else:
            lines.append([word])
    for word in (w for w in words if w.size < S.small_word_ratio * largest):
        hosts = [
            line
            for line in lines
            if min(w.top for w in line) - S.edge_slack <= word.center_y <= max(w.bottom for w in line) + S.edge_slack
        ]
        if hosts:
            distance = lambda line, word=word: min(max(0.0, other.x0 - word.x1, word.x0 - other.x1) for other in line)
            min(hosts, key=lambda line: (distance(line), -max(w.bottom for w in line))).append(word)
        else:
            lines.append([word])
    ordered = sorted(lines, key=lambda ws: (min(w.top for w in ws), min(w.x0 for w in ws)))
    return [sorted(ws, key=lambda w: w.x0) for ws in ordered]


@st.composite
def pages(draw) -> list[Word]:
    """Words on a coarse grid (so that edges touch, baselines tie and extents overlap), in a few
    sizes, the smaller ones raised or lowered a little."""
    words = []
    for n in range(draw(st.integers(1, 40))):
        size = draw(st.sampled_from([6.0, 7.0, 10.0, 11.0, 14.0]))
        x0 = draw(st.integers(0, 40)) * 5.0
        bottom = draw(st.integers(1, 20)) * 6.0 + draw(st.sampled_from([0.0, -1.5, 2.0]))
        width = draw(st.integers(0, 6)) * 5.0
        words.append(Word(f"w{n}", x0, x0 + width, bottom - size, bottom, size, False, 1))
    return words


@settings(max_examples=300, deadline=None)
@given(pages())
def test_lines_are_those_of_the_plain_definition(words):
    found = [[w.text for w in line.words] for line in group_lines(words, 1, S)]
    assert found == [[w.text for w in line] for line in plainly_grouped(words)]


def test_a_font_is_bold_by_its_weight_in_its_name_in_any_case():
    bold = [
        "Helvetica-Bold",
        "ABCDEF+Arial-BoldMT",
        "NotoSans-SemiBold",
        "Arial-Black",
        "Inter-Heavy",
        "Futura-DemiCond",
        "dejavusans-bold",
    ]
    assert [is_bold(name) for name in bold] == [True] * len(bold)
    assert not any(is_bold(name) for name in ["Helvetica", "Times-Roman", "ABCDEF+Calibri-Light", "Courier-Oblique"])
