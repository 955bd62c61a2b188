"""The catalogue as FollowTheMoney entities (`cdpc export VERSION --format ftm`), for OCCRP Aleph,
OpenSanctions' tools and anything reading `ftm` JSON lines.

Built and validated with the `followthemoney` library (the optional `ftm` extra), imported when
called. One entity a line, in a fixed order, ids prefixed with the document's slug:

- an `Organization` per network of the catalogue: its name, its acronym as alias, website,
  purpose as description, crime areas and instruments as keywords, the states taking part in it
  as countries (a member's state, a territory and its responsible state; not the `related`
  listings), the paper's publisher and address and the row's footnote links as sourceUrl;
- an `Organization` per other organisation or network its members name (organisations.csv);
- a `Membership` per organisation or network printed in a member list (member → network, role:
  the type of membership and the printed role);
- an `UnknownLink` per other relation the purposes state between catalogued networks (`hosts`…;
  mere mentions are left out), the role being the relation.
"""

from __future__ import annotations

import json

from pipeline.errors import ExtraMissing
from pipeline.export.memberships import membership_types
from pipeline.export.publishing import publication
from pipeline.export.registry import Release
from pipeline.export.tables import records
from pipeline.models import Dataset, DatasetNetwork

MENTIONS = "mentions"


def ftm_model():
    try:
        from followthemoney import model
    except ImportError:
        raise ExtraMissing(
            "followthemoney", "not installed: install the `ftm` extra (pip install -e '.[ftm]')"
        ) from None
    return model


def entity_id(dataset: Dataset, *parts) -> str:
    return "-".join([dataset.document, *map(str, parts)])


def participant_states(release: Release) -> dict[str, list[str]]:
    """Per network, the states (and territories) taking part in it, lower case, in print order."""
    types = membership_types().types
    states: dict[str, dict[str, None]] = {n.id: {} for n in release.dataset.networks}
    for row in records("memberships", release):
        if types[row["membership"]].participant:
            for code in (row["country"], row["responsible_state"]):
                if code:
                    states[row["network_id"]][code.lower()] = None
    return {network: list(codes) for network, codes in states.items()}


def network_entity(model, dataset: Dataset, network: DatasetNetwork, countries: list[str]):
    entity = model.make_entity("Organization")
    entity.id = entity_id(dataset, network.id)
    entity.add("name", network.name)
    entity.add("alias", network.acronym)
    entity.add("website", network.website)
    entity.add("description", "\n".join(block.text for block in network.purpose))
    entity.add("keywords", [*network.terms.crime_areas, *network.terms.instruments])
    entity.add("country", countries)
    about = publication()
    entity.add("publisher", about.source.publisher)
    entity.add("sourceUrl", [about.source.url, *(f.url for f in network.footnotes if f.url)])
    return entity


def entities(release: Release) -> list:
    """Every entity of the version's dataset, validated by the followthemoney model."""
    model = ftm_model()
    dataset = release.dataset
    countries = participant_states(release)
    found = [network_entity(model, dataset, n, countries[n.id]) for n in dataset.networks]
    for row in records("organisations", release):
        if row["network_id"] is None:
            entity = model.make_entity("Organization")
            entity.id = entity_id(dataset, row["id"])
            entity.add("name", row["name"])
            entity.add("alias", row["acronym"])
            found.append(entity)
    for row in records("memberships", release):
        if row["organisation"]:
            entity = model.make_entity("Membership")
            entity.id = entity_id(dataset, "membership", row["network_id"], row["position"], row["code_position"])
            entity.add("member", entity_id(dataset, row["organisation"]))
            entity.add("organization", entity_id(dataset, row["network_id"]))
            entity.add("role", [row["membership"], row["role"]])
            found.append(entity)
    for row in records("relations", release):
        if row["cell"] == "purpose" and row["relation"] != MENTIONS:
            entity = model.make_entity("UnknownLink")
            entity.id = entity_id(dataset, "link", row["network_id"], row["position"])
            entity.add("subject", entity_id(dataset, row["source"]))
            entity.add("object", entity_id(dataset, row["target"]))
            entity.add("role", row["relation"])
            entity.add("description", row["evidence"])
            found.append(entity)
    return found


def ftm_lines(release: Release) -> bytes:
    """The entities as FtM JSON lines, one entity a line, keys sorted."""
    return "".join(
        json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) + "\n" for e in entities(release)
    ).encode("utf-8")
