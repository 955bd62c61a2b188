"""The table of a network's fields (`pipeline.fields`) and what is read from it."""

from __future__ import annotations

import typing

from pipeline.diff.records import DiffRecord
from pipeline.export import tables
from pipeline.fields import NETWORK_FIELDS, FieldName, comparisons, diff_items, settable_fields
from pipeline.models import DatasetNetwork


def test_every_field_of_the_model_has_its_entry_in_model_order():
    assert [f.name for f in NETWORK_FIELDS] == list(DatasetNetwork.model_fields)


def test_set_field_may_set_exactly_the_settable_fields_and_each_holds_text():
    assert typing.get_args(FieldName) == settable_fields() == ("name", "acronym", "section", "section_heading")
    for name in settable_fields():
        assert set(
            typing.get_args(DatasetNetwork.model_fields[name].annotation)
            or [DatasetNetwork.model_fields[name].annotation]
        ) <= {str, type(None)}


def test_the_diff_names_every_compared_field_and_compares_every_field_a_reader_sees():
    assert typing.get_args(DiffRecord.model_fields["item"].annotation) == diff_items()
    assert {
        "name",
        "section",
        "purpose",
        "terms",
        "group_label",
        "collective",
        "member",
        "group",
        "role",
        "kind",
        "codes",
        "raw",
        "note",
        "relation",
        "sources",
    } == set(diff_items()) - {"network"}
    compared = {name for _, names in comparisons() for name in names}
    assert compared == {f.name for f in NETWORK_FIELDS} - {"section_heading", "provenance", "amendments"}


def test_the_network_columns_are_the_exported_fields_with_the_website_and_the_year_of_establishment():
    networks = next(t for t in tables.tables() if t.name == "networks")
    assert [c.name for c in networks.columns] == [
        "id",
        "name",
        "acronym",
        "section",
        "section_heading",
        "purpose",
        "established",
        "pages",
        "website",
        "corrections",
    ]


def test_every_field_the_export_renders_otherwise_has_a_column():
    assert set(tables.COLUMN_VALUES) <= {f.name for f in NETWORK_FIELDS if f.column}
