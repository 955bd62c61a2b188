"""The package's data files (pipeline/data/*.yaml): each loads into its model, and a malformed one
is reported as one line naming its file and line."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from pipeline.errors import MalformedDataFile, PipelineError
from pipeline.export.memberships import MembershipTypes
from pipeline.export.publishing import Publication
from pipeline.normalise.collectives import CollectivesFile
from pipeline.normalise.datafiles import (
    Aliases,
    DataFile,
    Gazetteer,
    MemberRules,
    PurposeTermRules,
    Territories,
    load,
)
from pipeline.normalise.regions import M49
from pipeline.site.pages import SiteSettings
from pipeline.yamlfiles import (
    CheckedLoader,
    FastLoader,
    composed,
    node_lines,
    read_yaml,
)
from tests.support import REPO

MODELS = [
    Aliases,
    CollectivesFile,
    Gazetteer,
    MemberRules,
    PurposeTermRules,
    Territories,
    MembershipTypes,
    Publication,
    M49,
    SiteSettings,
]


def test_every_data_file_has_a_model_and_loads_into_it():
    files = {p.name for p in resources.files("pipeline").joinpath("data").iterdir() if p.name.endswith(".yaml")}
    assert {model.file for model in DataFile.__subclasses__()} == files
    for model in MODELS:
        assert isinstance(load(model), model)


@pytest.mark.parametrize(
    "model, old, new, problem",
    [
        (
            Aliases,
            'codes: [MK], why: "UN/CoE name of MK',
            'codes: MK, why: "UN/CoE name of MK',
            "aliases.0.codes: Input should be a valid list",
        ),
        (
            Aliases,
            '{name: "Swaziland", codes: [SZ], ',
            '{name: "Swaziland", ',
            "aliases.4: Value error, an alias gives codes",
        ),
        (
            Gazetteer,
            "{id: bes, kind: network,",
            "{id: bes, kind: netwerk,",
            "entries.0.kind: Input should be 'organisation' or 'network'",
        ),
        (
            MemberRules,
            "default_group_relation: member",
            "default_group_relation: [member]",
            "default_group_relation: Input should be a valid string",
        ),
        (
            MembershipTypes,
            'member organisation)", participant: true}',
            'member organisation)", participant: perhaps}',
            "types.member.participant: Input should be a valid boolean",
        ),
        (Publication, "  name: CC-BY-4.0\n", "", "licence.name: Field required"),
    ],
)
def test_a_malformed_data_file_is_one_error_at_its_file_and_line(model, old, new, problem):
    path = resources.files("pipeline").joinpath("data", model.file)
    text = path.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    with pytest.raises(PipelineError) as error:
        read_yaml(str(path), text.replace(old, new, 1).encode("utf-8"), model, PipelineError, "a mapping")
    assert error.value.path == f"{path}:{line}"
    assert error.value.problem.startswith(problem) and "\n" not in error.value.problem


def test_a_membership_type_no_type_declares_is_refused_naming_it():
    path = resources.files("pipeline").joinpath("data", MembershipTypes.file)
    text = path.read_text(encoding="utf-8").replace("{words: liaison, type: liaison}", "{words: liaison, type: liason}")
    with pytest.raises(PipelineError, match=r"unknown membership types \['liason'\]: declare them under `types`"):
        read_yaml(str(path), text.encode("utf-8"), MembershipTypes, PipelineError, "a mapping")


def test_libyaml_reads_every_file_as_pyyamls_own_parser_does():
    """`read_yaml` parses on libyaml (PyYAML's own parser words the problems): the same values and
    the same line of every value, on every data file and every correction file of the repository."""
    assert yaml.CSafeLoader in FastLoader.__mro__
    files = [*resources.files("pipeline").joinpath("data").iterdir(), *(REPO / "corrections").glob("*.yaml")]
    for path in [p for p in files if p.name.endswith(".yaml")]:
        text = path.read_text(encoding="utf-8")
        (fast_root, fast), (root, value) = (
            composed(path, text, MalformedDataFile, loader) for loader in (FastLoader, CheckedLoader)
        )
        assert fast == value and node_lines(fast_root) == node_lines(root), path
