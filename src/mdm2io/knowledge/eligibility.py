"""The trial-eligibility engine: evaluate a cohort's checks against one patient's facts.

A *fact table* has one row per sample with the fields of :data:`FIELDS` (biomarker statuses
from the genomics stage, tumour type, clinical facts). Each check evaluates to ``met``,
``not_met`` or ``unknown`` (the fact is missing) with a human reason such as
``"not eligible: TP53 p.R248Q"``. A cohort is

* ``eligible`` when every check is met,
* ``not_eligible`` when any check is not met,
* ``possibly_eligible`` when none fails, at least one is met and some could not be evaluated,
* ``insufficient_data`` when none could be evaluated,
* ``historical`` when the cohort is only in an older registry version (``active: false``),
* ``unverified`` when the trial itself is unverified (never matched).

Manual criteria (free text) are always listed for a person to check.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

__all__ = ["FIELDS", "FieldSpec", "check_rule", "evaluate_check", "CheckResult", "STATUS_VALUES",
           "TP53_VALUES"]

#: Copy-number / mutation statuses written by ``mdm2io.genomics.call_biomarkers``.
STATUS_VALUES = ("amplified", "gain", "neutral", "loss", "deleted", "not_assessed", "mutated", "wild_type")
TP53_VALUES = ("wild_type", "mutated", "deleted", "not_assessed")


@dataclass(frozen=True)
class FieldSpec:
    """A field that eligibility checks may test."""

    name: str
    kind: str  # "category" | "number" | "bool" | "tumour_type"
    description: str
    allowed: tuple[str, ...] | None = None
    unit: str | None = None


FIELDS: dict[str, FieldSpec] = {f.name: f for f in (
    FieldSpec("TP53_status", "category", "TP53 status from the genomics stage", TP53_VALUES),
    FieldSpec("MDM2_cn", "number", "MDM2 absolute copy number", unit="copies"),
    FieldSpec("MDM4_cn", "number", "MDM4 absolute copy number", unit="copies"),
    FieldSpec("tumour_type", "tumour_type", "OncoTree code(s) of the tumour (free text is mapped)"),
    FieldSpec("solid_tumour", "bool", "the tumour is a solid tumour (not a haematological malignancy)"),
    FieldSpec("anti_pd1_refractory", "bool",
              "received anti-PD-1/PD-L1 and progressed on it (best response PD) - 'refractory/relapsed'"),
    FieldSpec("anti_pd1_naive", "bool", "never received anti-PD-1/PD-L1"),
    FieldSpec("age_years", "number", "age", unit="years"),
    FieldSpec("ecog", "number", "ECOG performance status", unit="0-5"),
    FieldSpec("platelets_10e9_per_l", "number", "platelet count", unit="10^9/L"),
)}

_GENE_STATUS = re.compile(r"^[A-Z0-9]+_status$")
_OPS_BY_KIND = {
    "category": {"eq", "ne", "in", "not_in"},
    "number": {"ge", "gt", "le", "lt", "eq", "ne"},
    "bool": {"is_true", "is_false"},
    "tumour_type": {"in", "not_in"},
}


def field_spec(name: str) -> FieldSpec | None:
    """The :class:`FieldSpec` of ``name``; any ``<GENE>_status`` is a category field.

    Examples
    --------
    >>> field_spec("MDM2_status").allowed[:2]
    ('amplified', 'gain')
    >>> field_spec("nonsense") is None
    True
    """
    if name in FIELDS:
        return FIELDS[name]
    if _GENE_STATUS.match(name):
        return FieldSpec(name, "category", f"{name[:-7]} status from the genomics stage", STATUS_VALUES)
    return None


def check_rule(field: str, op: str, value, oncotree_codes: set[str] | None = None) -> str | None:
    """Why a check cannot be evaluated (``None`` when it can).

    Examples
    --------
    >>> check_rule("TP53_status", "eq", "wild_type") is None
    True
    >>> check_rule("TP53_status", "eq", "wildtype")
    "value 'wildtype' is not one of wild_type, mutated, deleted, not_assessed"
    >>> check_rule("MDM2_cn", "ge", "twelve")
    "op 'ge' needs a number, got 'twelve'"
    """
    spec = field_spec(field)
    if spec is None:
        return f"unknown field {field!r} (known: {', '.join(FIELDS)} or <GENE>_status)"
    if op not in _OPS_BY_KIND[spec.kind]:
        return f"op {op!r} does not apply to {spec.kind} field {field!r} (use {', '.join(sorted(_OPS_BY_KIND[spec.kind]))})"
    if spec.kind == "bool":
        return None if value is None else f"op {op!r} takes no value, got {value!r}"
    if op in ("in", "not_in"):
        if not isinstance(value, list) or not value:
            return f"op {op!r} needs a non-empty list, got {value!r}"
        vals = value
    else:
        vals = [value]
    for v in vals:
        if spec.kind == "number":
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                return f"op {op!r} needs a number, got {v!r}"
        elif spec.kind == "category":
            if v not in spec.allowed:
                return f"value {v!r} is not one of {', '.join(spec.allowed)}"
        elif spec.kind == "tumour_type":
            if oncotree_codes is not None and v not in oncotree_codes:
                return f"unknown OncoTree code {v!r} (add it to oncotree.yaml)"
    return None


@dataclass(frozen=True)
class CheckResult:
    """Outcome of one check for one sample."""

    outcome: str  # "met" | "not_met" | "unknown"
    reason: str


def _missing(v) -> bool:
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return True
    return isinstance(v, str) and v in ("", "not_assessed")


def evaluate_check(check, facts: dict, tumour_codes: frozenset | None = None,
                   expand=lambda codes: set(codes)) -> CheckResult:
    """Evaluate one check (``field``, ``op``, ``value``, ``text``) against one sample's facts.

    ``tumour_codes`` is the set of OncoTree codes the sample's tumour may be (several when
    the tumour type is ambiguous); ``expand`` maps the cohort's codes to themselves plus
    their OncoTree descendants.

    Examples
    --------
    >>> from types import SimpleNamespace as C
    >>> chk = C(field="TP53_status", op="eq", value="wild_type", text="TP53 wild-type")
    >>> evaluate_check(chk, {"TP53_status": "mutated", "TP53_detail": "p.R248Q"}).reason
    'not eligible: TP53 p.R248Q'
    >>> evaluate_check(chk, {"TP53_status": "wild_type"}).outcome
    'met'
    >>> cn = C(field="MDM2_cn", op="ge", value=12, text="MDM2 CN >= 12")
    >>> evaluate_check(cn, {"MDM2_status": "neutral"}).reason
    'not eligible: MDM2 neutral (needs MDM2 CN >= 12)'
    """
    f, op, value = check.field, check.op, check.value
    if f == "tumour_type":
        if not tumour_codes:
            return CheckResult("unknown", f"tumour type not recorded (needs {check.text})")
        allowed = expand(value)
        inside = {c for c in tumour_codes if c in allowed}
        want_in = op == "in"
        if inside == set(tumour_codes):
            ok = want_in
        elif not inside:
            ok = not want_in
        else:
            return CheckResult("unknown", f"tumour type ambiguous ({'/'.join(sorted(tumour_codes))}); cohort needs {check.text}")
        shown = "/".join(sorted(tumour_codes))
        return CheckResult("met" if ok else "not_met", f"tumour type {shown}" if ok else f"not eligible: tumour type {shown} (needs {check.text})")
    v = facts.get(f)
    if _missing(v) and f.endswith("_cn") and op in ("ge", "gt"):
        # Assays report a copy number only for altered genes: a gene called neutral, loss or
        # deleted has no number but certainly is not above an amplification cut-off.
        st = facts.get(f"{f[:-3]}_status")
        if isinstance(st, str) and st in ("neutral", "loss", "deleted"):
            return CheckResult("not_met", f"not eligible: {f[:-3]} {st} (needs {check.text})")
    if _missing(v):
        return CheckResult("unknown", f"{f} not recorded (needs {check.text})")
    spec = field_spec(f)
    if spec.kind == "bool":
        truth = bool(v) if not isinstance(v, str) else v.lower() in ("1", "true", "yes", "y")
        ok = truth if op == "is_true" else not truth
        return CheckResult("met" if ok else "not_met", check.text if ok else f"not eligible: {check.text} not met")
    if spec.kind == "number":
        x = float(v)
        ok = {"ge": x >= value, "gt": x > value, "le": x <= value, "lt": x < value,
              "eq": x == value, "ne": x != value}[op]
        return CheckResult("met" if ok else "not_met", f"{f} {x:g}" if ok else f"not eligible: {f} {x:g} (needs {check.text})")
    ok = {"eq": v == value, "ne": v != value, "in": v in (value or []), "not_in": v not in (value or [])}[op]
    if ok:
        return CheckResult("met", check.text)
    return CheckResult("not_met", "not eligible: " + _describe(f, v, facts))


def _describe(field: str, value, facts: dict) -> str:
    """'TP53 p.R248Q' for a mutated TP53 (naming the variant), else 'MDM2 neutral'."""
    gene = field[:-7] if field.endswith("_status") else field
    detail = facts.get(f"{gene}_detail")
    if value == "mutated" and isinstance(detail, str) and detail:
        return f"{gene} {detail}"
    if value == "deleted":
        return f"{gene} deleted"
    return f"{gene} {str(value).replace('_', ' ')}"
