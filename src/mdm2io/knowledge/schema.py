"""Pydantic models of the knowledge-base records (the YAML files in ``knowledge/data/``).

Every record cites sources by id (``sources: [kato2017, ...]``) from ``sources.yaml``; a
source is ``verified`` only if its identifiers and the cited claims were read in a retrieved
copy while curating. Cross-references (source ids, drug ids, OncoTree codes, eligibility
fields) are checked by :func:`mdm2io.knowledge.load.validate_knowledge`, not here, so that
every problem can be reported with its file and line at once.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "Source", "Biomarker", "Evidence", "HpdCase", "Potency", "Schedule", "ImmuneEffect", "Drug",
    "Check", "TrialCohort", "Trial", "Node", "Edge", "Mechanism", "OncoTreeCode", "KBMeta",
    "LEVELS", "DIRECTIONS", "VERIFICATION",
]

#: AMP/ASCO/CAP 2017 levels of evidence (Li et al., J Mol Diagn 2017, PMID 27993330).
LEVELS = ("A", "B", "C", "D")
DIRECTIONS = ("resistance", "sensitivity", "prognostic_poor", "no_association", "context")
VERIFICATION = ("verified", "unverified")

_PMID = re.compile(r"^\d{1,9}$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_NCT = re.compile(r"^NCT\d{8}$")
_PMCID = re.compile(r"^PMC\d+$")
_ID_FORMATS = {"pmid": (_PMID, "PMID must be digits"), "pmcid": (_PMCID, "PMCID must look like PMC123456"),
               "doi": (_DOI, "DOI must look like 10.xxxx/..."), "nct": (_NCT, "NCT id must be NCT + 8 digits")}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Record):
    """One citation. ``verified`` sources need at least one identifier or URL."""

    id: str
    citation: str = Field(min_length=10)
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    nct: str | None = None
    url: str | None = None
    status: Literal["verified", "unverified"]
    checked: str = Field(min_length=3, description="What was read, where (or why it is unverified).")

    @field_validator("pmid", "pmcid", "doi", "nct", mode="before")
    @classmethod
    def _identifier(cls, v, info):
        if v is None:
            return v
        v = str(v)
        pattern, want = _ID_FORMATS[info.field_name]
        if not pattern.match(v):
            raise ValueError(f"{want}, got {v!r}")
        return v

    @model_validator(mode="after")
    def _verified_needs_identifier(self):
        if self.status == "verified" and not any((self.pmid, self.pmcid, self.doi, self.nct, self.url)):
            raise ValueError("a verified source needs a pmid, pmcid, doi, nct or url")
        return self

    def label(self) -> str:
        """Short identifier for tables: ``PMID:28351930`` (or DOI, NCT, PMCID, URL)."""
        if self.pmid:
            return f"PMID:{self.pmid}"
        if self.doi:
            return f"DOI:{self.doi}"
        if self.nct:
            return self.nct
        if self.pmcid:
            return self.pmcid
        if self.url:
            return self.url
        return self.citation[:90]


class _Cited(_Record):
    sources: list[str] = Field(min_length=1, description="Source ids from sources.yaml.")
    verification: Literal["verified", "unverified"]
    verification_note: str | None = None


class Biomarker(_Record):
    genes: list[str] = Field(min_length=1)
    alteration: Literal["amplification", "mutation", "deletion", "fusion", "any_alteration"]


class Evidence(_Cited):
    """One biomarker -> outcome statement with its level and direction."""

    id: str
    biomarker: Biomarker
    tumour_types: list[str] = Field(min_length=1, description="OncoTree codes or ['any'].")
    context: Literal["ICI", "MDM2i"]
    direction: Literal["resistance", "sensitivity", "prognostic_poor", "no_association", "context"]
    effect: str
    level: Literal["A", "B", "C", "D"]
    level_rationale: str = Field(min_length=10)
    statement: str = Field(min_length=10)
    figures: dict[str, Any] = Field(default_factory=dict)
    hpd_definition: str | None = None


class HpdCase(_Cited):
    """A reported hyperprogression case with MDM2 (family) amplification."""

    id: str
    cancer_type: str | None
    oncotree_code: str | None = None
    alteration: str
    ici: str
    line: str | None
    outcome: str
    pace_fold: float | None = None
    tgr_ratio: float | None = None
    note: str | None = None


class Potency(_Cited):
    value: float = Field(gt=0)
    unit: Literal["nM", "uM", "pM"]
    assay: Literal["Ki", "IC50_biochemical", "KD_SPR", "IC50_cell"]
    qualifier: Literal["=", "<", ">", "~"] = "="
    detail: str | None = None


class Schedule(_Cited):
    regimen: str


class ImmuneEffect(_Cited):
    effect: str
    cell_context: str
    direction: Literal["+", "-"]
    models: list[str] = Field(default_factory=list)


class Drug(_Cited):
    id: str
    name: str
    synonyms: list[str] = Field(default_factory=list)
    drug_class: Literal["MDM2i", "PD-1", "PD-L1", "CTLA-4", "LAG-3"]
    chemotype: str | None = None
    development_status: str | None = None
    toxicities: list[str] = Field(default_factory=list)
    schedules: list[Schedule] = Field(default_factory=list)
    potency: list[Potency] = Field(default_factory=list)
    immune_effects: list[ImmuneEffect] = Field(default_factory=list)
    trials: list[str] = Field(default_factory=list, description="Trial ids from trials.yaml testing this drug.")


class Check(_Record):
    """One machine-evaluable eligibility criterion (see :mod:`mdm2io.knowledge.eligibility`)."""

    field: str
    op: Literal["eq", "ne", "in", "not_in", "ge", "gt", "le", "lt", "is_true", "is_false"]
    value: Any = None
    text: str = Field(min_length=3, description="The criterion as a person reads it.")


class TrialCohort(_Record):
    id: str
    description: str
    active: bool = True
    checks: list[Check] = Field(default_factory=list)
    manual: list[str] = Field(default_factory=list, description="Criteria a person must check.")


class Trial(_Cited):
    id: str = Field(description="NCT number or another registry id (e.g. EUCTR2022-001500-18).")
    title: str
    phase: str | None
    drugs: list[str] = Field(min_length=1)
    with_ici: bool
    status: Literal["recruiting", "active_not_recruiting", "completed", "terminated", "unknown"]
    status_as_of: str
    cohorts: list[TrialCohort] = Field(min_length=1)


class Node(_Record):
    id: str
    type: Literal["protein", "rna", "process", "cell_state", "drug"]
    label: str | None = None


class Edge(_Cited):
    id: str
    source: str
    target: str
    sign: Literal[1, -1]
    type: str
    cell_context: str
    statement: str


class Mechanism(_Record):
    nodes: list[Node]
    edges: list[Edge]


class OncoTreeCode(_Record):
    code: str
    name: str
    tissue: str
    parent: str | None = None
    synonyms: list[str] = Field(default_factory=list)
    ambiguous: list[str] | None = None


class KBMeta(_Record):
    version: str
    date: str
    title: str
    levels_scheme: str
    levels_source: str
    levels: dict[str, str]
    verification_policy: str
    disclaimer: str
