"""Normalisation: extracted rows (`pipeline.models.Extraction`) become networks with typed, coded
member entries, purpose terms and relations (`pipeline.models.Normalised`), and the checks that
tell a reviewer what is left to settle in them.

The package owns what a printed name or cell means. Its modules, lowest first:

- `datafiles`: the package's data files (`pipeline/data/*.yaml`), typed: what changes with the world;
- `regions`: the UN M49 region and sub-region of a state, its English and French names;
- `gazetteer`: what names mean (pycountry, the alias and gazetteer files, the spaCy matcher);
- `collectives`: collective members ("Member States of the EU") and the states they stand for on a day;
- `members`, `member_groups`: a MEMBERS cell's blocks, then its groups of typed, coded entries;
- `purpose`: a PURPOSE cell's crime areas, instruments, years and relations to other networks;
- `networks`: the rows named (id, name, acronym, section) and each network assembled
  (`normalise`, `to_json`);
- `counts`, `problems`: the checks `cdpc check` runs on the records (`count_checks`, `problems`).

Importing the package imports none of them (spaCy and pycountry load only with `gazetteer`): import
each name from its module, e.g. `from pipeline.normalise.networks import normalise`. Nothing here
imports a later stage (corrections, versions, exports, review).
"""
