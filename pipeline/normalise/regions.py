"""The UN M49 region and sub-region of a state or territory, and its name in English or French.

The regions are read from `pipeline/data/m49.yaml` (the M49 table's region and sub-region names,
taken from the package hdx-python-country: the file says why it is copied rather than installed):
'FR' is in Europe, Western Europe; 'RE' (Réunion) in Africa, Sub-Saharan Africa. The names are
pycountry's (its common name where it has one, as `pipeline.export.memberships` names a state),
and in French the translation pycountry ships for ISO 3166-1 (its gettext catalogue `iso3166-1`).
"""

from __future__ import annotations

import functools
import gettext
from typing import ClassVar

import pycountry

from pipeline.normalise.datafiles import DataFile, load

LANGUAGES = ("en", "fr")


class M49(DataFile):
    file: ClassVar[str] = "m49.yaml"
    regions: dict[str, tuple[str, str]]


@functools.cache
def m49() -> dict[str, tuple[str, str]]:
    return load(M49).regions


def region(code: str | None) -> str | None:
    """The M49 region of an ISO 3166-1 alpha-2 code ('Africa', 'Americas', 'Asia', 'Europe', 'Oceania')."""
    return m49().get(code, (None, None))[0] if code else None


def sub_region(code: str | None) -> str | None:
    """The M49 sub-region of an ISO 3166-1 alpha-2 code ('Western Europe', 'Sub-Saharan Africa'…)."""
    return m49().get(code, (None, None))[1] if code else None


@functools.cache
def translation(language: str) -> gettext.NullTranslations:
    """pycountry's ISO 3166-1 catalogue for `language` (English: the names as they are)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


def state_name(code: str, language: str = "en", fallback: str | None = None) -> str:
    """The name of a state or territory in `language`: pycountry's common name, else its name
    (translated by its catalogue), else `fallback` (a code pycountry lacks, Kosovo's XK), else the code."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return fallback or code
    name = getattr(country, "common_name", None) or country.name
    return translation(language).gettext(name)
