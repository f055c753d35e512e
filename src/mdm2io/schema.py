"""Table schemas of the :class:`~mdm2io.cohort.Cohort` container, declared as data.

Each table is a pandas DataFrame with a fixed set of known columns. Required columns
must be present; optional known columns are type-checked when present; any other
column is kept as-is (clinical extras such as ``pdl1_ic_level`` live on ``patients``).

The schema is the single source of truth for validation (:func:`validate_tables`),
dtype coercion (:func:`coerce_table`) and the column reference in ``docs/data.md``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import Problem

__all__ = [
    "Column",
    "TableSchema",
    "SCHEMAS",
    "TABLE_ORDER",
    "MISSING_STRINGS",
    "DRUG_CLASSES",
    "ALTERATION_KINDS",
    "SLD_STATES",
    "coerce_table",
    "validate_tables",
    "empty_table",
]

#: Strings read as missing values in every table.
MISSING_STRINGS = frozenset({"", "NA", "N/A", "NaN", "nan", "None", "null", "NULL", "<NA>"})

ALTERATION_KINDS = ("mutation", "amplification", "deletion", "gain", "loss", "fusion")
DRUG_CLASSES = (
    "PD-1", "PD-L1", "CTLA-4", "LAG-3", "MDM2i", "chemotherapy", "targeted", "other", "unknown",
)
#: Measurement states of a scan: "TOO SMALL TO MEASURE" and "NOT EVALUABLE" are kept as
#: explicit states (RECIST 1.1 §3.3 assigns 5 mm to too-small lesions; not-evaluable
#: time points cannot be assessed), never silently turned into NaN. "not_recorded" marks
#: a row whose source value is blank.
SLD_STATES = ("measured", "too_small_to_measure", "not_evaluable", "not_recorded")
RESPONSES = ("CR", "PR", "SD", "PD", "NE")


@dataclass(frozen=True)
class Column:
    """One column of a table schema.

    ``kind`` is one of ``"str"``, ``"float"``, ``"int"``, ``"binary"`` (0/1),
    ``"category"`` (one of ``allowed``) or ``"date"`` (ISO 8601).
    """

    name: str
    kind: str
    description: str
    required: bool = False
    unit: str | None = None
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class TableSchema:
    """Schema of one Cohort table."""

    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    #: groups of columns of which at least one must be present, e.g. ("day", "date")
    one_of: tuple[tuple[str, ...], ...] = ()
    #: column -> parent table whose key it references
    references: dict[str, str] = field(default_factory=dict)

    def column(self, name: str) -> Column | None:
        for c in self.columns:
            if c.name == name:
                return c
        return None

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


_P, _S = "patients", "samples"

SCHEMAS: dict[str, TableSchema] = {
    "patients": TableSchema(
        "patients",
        "One row per patient. Clinical extras (PD-L1, ECOG, response) may be added as further columns.",
        (
            Column("patient_id", "str", "Patient identifier, unique.", required=True),
            Column("cancer_type", "str", "Cancer type, free text or OncoTree name."),
            Column("oncotree_code", "str", "OncoTree code, e.g. BLCA."),
            Column("sex", "category", "Sex.", allowed=("female", "male", "other", "unknown")),
            Column("age_years", "float", "Age at treatment start.", unit="years", minimum=0, maximum=120),
            Column("best_overall_response", "category", "Best overall response as reported by the source (RECIST 1.1).", allowed=RESPONSES),
        ),
        key=("patient_id",),
    ),
    "samples": TableSchema(
        "samples",
        "One row per tumour sample that was sequenced.",
        (
            Column("sample_id", "str", "Sample identifier, unique.", required=True),
            Column("patient_id", "str", "Patient the sample comes from.", required=True),
            Column("assay", "str", "Assay or panel, e.g. FoundationOne."),
            Column("panel_size_mb", "float", "Coding territory of the panel, for TMB.", unit="Mb", minimum=0),
            Column("purity", "float", "Tumour purity as a fraction (0.45 for 45 %).", unit="fraction", minimum=0, maximum=1),
            Column("ploidy", "float", "Tumour ploidy.", minimum=0),
            Column("tmb_per_mb", "float", "Tumour mutational burden as reported by the source.", unit="mutations/Mb", minimum=0),
        ),
        key=("sample_id",),
        references={"patient_id": _P},
    ),
    "alterations": TableSchema(
        "alterations",
        "One row per alteration call in a sample (mutations, copy-number changes, fusions).",
        (
            Column("sample_id", "str", "Sample the alteration was found in.", required=True),
            Column("gene", "str", "HUGO gene symbol.", required=True),
            Column("kind", "category", "Alteration kind.", required=True, allowed=ALTERATION_KINDS),
            Column("details", "str", "Source description, e.g. 'amplification(15, exons 11 of 11)'."),
            Column("copy_number", "float", "Absolute copy number when reported.", unit="copies", minimum=0),
            Column("protein_change", "str", "HGVS protein change, e.g. p.R248Q."),
            Column("variant_classification", "str", "MAF Variant_Classification or equivalent."),
            Column("rule", "str", "The rule or source call that produced this row (provenance)."),
        ),
        references={"sample_id": _S},
    ),
    "scans": TableSchema(
        "scans",
        "Tumour assessments over time, one row per patient and time point (sum of target lesion diameters).",
        (
            Column("patient_id", "str", "Patient.", required=True),
            Column("day", "float", "Day of the scan relative to a reference day (treatment start = 0).", unit="days"),
            Column("date", "date", "Calendar date of the scan (ISO 8601)."),
            Column("sld_mm", "float", "Sum of longest diameters of target lesions (RECIST 1.1).", unit="mm", minimum=0),
            Column("tumour_burden", "float", "Another tumour-quantity measure (e.g. PSA); unit in Cohort.meta['tumour_burden_unit'].", minimum=0),
            Column("pct_change_from_baseline", "float", "Percentage change of tumour size from baseline.", unit="%", minimum=-100),
            Column("sld_state", "category", "Measurement state.", allowed=SLD_STATES),
            Column("new_lesions", "int", "Number of new lesions seen at this scan.", minimum=0),
            Column("new_organ", "binary", "1 if a new lesion appeared in a previously uninvolved organ."),
            Column("ecog", "int", "ECOG performance status at the scan.", minimum=0, maximum=5),
        ),
        key=(),
        one_of=(("day", "date"), ("sld_mm", "tumour_burden", "pct_change_from_baseline")),
        references={"patient_id": _P},
    ),
    "lesions": TableSchema(
        "lesions",
        "Optional lesion-level measurements (RECIST 1.1 / iRECIST input).",
        (
            Column("patient_id", "str", "Patient.", required=True),
            Column("day", "float", "Day of the scan relative to treatment start.", unit="days"),
            Column("date", "date", "Calendar date of the scan (ISO 8601)."),
            Column("lesion_id", "str", "Lesion identifier, stable across scans.", required=True),
            Column("organ", "str", "Organ or site."),
            Column("is_node", "binary", "1 for lymph nodes (measured by short axis)."),
            Column("diameter_mm", "float", "Longest diameter (short axis for nodes).", unit="mm", minimum=0),
            Column("role", "category", "Lesion role.", required=True, allowed=("target", "non_target", "new")),
            Column("status", "str", "Non-target / new lesion state, e.g. present, absent, unequivocal_progression."),
        ),
        one_of=(("day", "date"),),
        references={"patient_id": _P},
    ),
    "treatments": TableSchema(
        "treatments",
        "Treatment lines or dosing periods.",
        (
            Column("patient_id", "str", "Patient.", required=True),
            Column("agent", "str", "Drug name, e.g. atezolizumab.", required=True),
            Column("drug_class", "category", "Drug class.", required=True, allowed=DRUG_CLASSES),
            Column("start_day", "float", "Start day (relative; 0 = ICI start where known).", unit="days"),
            Column("start_date", "date", "Start date (ISO 8601)."),
            Column("stop_day", "float", "Stop day.", unit="days"),
            Column("stop_date", "date", "Stop date (ISO 8601)."),
            Column("arm", "str", "Trial arm."),
            Column("line", "int", "Line of therapy.", minimum=1),
            Column("dose", "str", "Dose and schedule, e.g. '1200 mg q3w'."),
        ),
        one_of=(("start_day", "start_date"),),
        references={"patient_id": _P},
    ),
    "outcomes": TableSchema(
        "outcomes",
        "Time-to-event outcomes, one row per patient and endpoint.",
        (
            Column("patient_id", "str", "Patient.", required=True),
            Column("endpoint", "str", "Endpoint name: OS, PFS, TTF, DFS or another.", required=True),
            Column("time_months", "float", "Time from treatment start to event or censoring.", required=True, unit="months", minimum=0),
            Column("event", "binary", "1 = event observed, 0 = censored.", required=True),
        ),
        key=("patient_id", "endpoint"),
        references={"patient_id": _P},
    ),
}

#: Order in which tables are validated and written (parents before children).
TABLE_ORDER = ("patients", "samples", "alterations", "scans", "lesions", "treatments", "outcomes")


def empty_table(name: str) -> pd.DataFrame:
    """An empty table with the required columns of schema ``name``.

    Examples
    --------
    >>> list(empty_table("outcomes").columns)
    ['patient_id', 'endpoint', 'time_months', 'event']
    """
    schema = SCHEMAS[name]
    return pd.DataFrame({c: pd.Series(dtype=_pandas_dtype(schema.column(c))) for c in schema.required})


def _pandas_dtype(col: Column) -> str:
    return {"float": "float64", "int": "Int64", "binary": "Int64"}.get(col.kind, "object")


def _as_missing(series: pd.Series) -> pd.Series:
    """Series with missing-value strings replaced by NA."""
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        s = series.astype(object)
        if pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            # all values are str (or missing): the vectorised path gives the same result, much faster
            stripped = s.str.strip()
            return stripped.mask(stripped.isin(MISSING_STRINGS))
        stripped = s.map(lambda v: v.strip() if isinstance(v, str) else v)
        return stripped.mask(stripped.map(lambda v: isinstance(v, str) and v in MISSING_STRINGS))
    return series


def coerce_table(name: str, df: pd.DataFrame, trusted: bool = False) -> pd.DataFrame:
    """Return a copy of ``df`` with known columns converted to their schema dtypes.

    Values that cannot be converted become NA; call :func:`validate_tables` first to
    report them. ``trusted=True`` is for tables an mdm2io reader built from values it checked
    (text already stripped, no missing-value strings such as "NA"): columns already of their
    schema dtype are kept as they are (a shallow copy, no per-cell strip).

    Examples
    --------
    >>> t = coerce_table("outcomes", pd.DataFrame({"patient_id": ["p1"], "endpoint": ["OS"],
    ...                                            "time_months": ["12.5"], "event": ["1"]}))
    >>> float(t.time_months[0]), int(t.event[0])
    (12.5, 1)
    """
    schema = SCHEMAS[name]
    out = df.copy(deep=not trusted)
    for col in schema.columns:
        if col.name not in out.columns:
            continue
        if trusted and _already_typed(out[col.name], col):
            continue
        s = _as_missing(out[col.name])
        if col.kind == "float":
            out[col.name] = pd.to_numeric(s, errors="coerce").astype("float64")
        elif col.kind in ("int", "binary"):
            num = pd.to_numeric(_bool_to_num(s), errors="coerce")
            whole = num.where(num.isna() | (num == np.round(num)))
            out[col.name] = whole.astype("Int64")
        elif col.kind == "date":
            out[col.name] = pd.to_datetime(s, errors="coerce", format="ISO8601")
        elif pd.api.types.infer_dtype(s, skipna=True) in ("string", "empty"):
            out[col.name] = s.astype(object)  # already str or missing
        else:
            out[col.name] = s.map(lambda v: None if pd.isna(v) else str(v)).astype(object)
    known = {c.name for c in schema.columns}
    for name_ in out.columns:
        if name_ in known or name_.endswith("_id") or out[name_].dtype != object:
            continue
        # extra columns read from text: numeric when every non-missing value is a number
        s = _as_missing(out[name_])
        num = pd.to_numeric(s, errors="coerce")
        if s.notna().any() and num.notna().sum() == s.notna().sum():
            out[name_] = num
        else:
            out[name_] = s.astype(object).where(s.notna(), None)
    if trusted and isinstance(out.index, pd.RangeIndex) and out.index.start == 0 and out.index.step == 1:
        return out
    return out.reset_index(drop=True)


def _already_typed(s: pd.Series, col: Column) -> bool:
    """True when a column of a trusted table needs no coercion (see :func:`coerce_table`)."""
    if col.kind == "float":
        return s.dtype == np.float64
    if col.kind in ("int", "binary"):
        return s.dtype == "Int64"
    if col.kind == "date":
        return False
    # text: the trusted reader has stripped it and checked it for missing-value strings
    return s.dtype == object


def _bool_to_num(s: pd.Series) -> pd.Series:
    mapping = {"true": 1, "false": 0, "yes": 1, "no": 0, "t": 1, "f": 0}
    return s.map(lambda v: mapping.get(v.lower(), v) if isinstance(v, str) else (int(v) if isinstance(v, (bool, np.bool_)) else v))


def _row_location(source: dict | None, idx: int) -> tuple[str, int | None, str]:
    """File name, 1-based line and a row label for row ``idx`` of a table."""
    if source is None:
        return "", None, f"row {idx + 1}"
    lines = source.get("lines")
    if lines is not None:
        return source["file"], int(lines[idx]), f"line {int(lines[idx])}"
    first = source.get("first_data_line")
    if first is None:  # e.g. Parquet: no lines, name the data row
        return source["file"], None, f"row {idx + 1}"
    return source["file"], first + idx, f"line {first + idx}"


def _cite_rows(source, idxs, limit=5) -> str:
    """' (3 rows: line 4, line 9, line 12)' when several rows share a problem; '' for one row (the location says it)."""
    if len(idxs) <= 1:
        return ""
    labels = [_row_location(source, int(i))[2] for i in idxs[:limit]]
    more = f" and {len(idxs) - limit} more" if len(idxs) > limit else ""
    return f" ({len(idxs)} rows: " + ", ".join(labels) + more + ")"


def validate_tables(tables: dict[str, pd.DataFrame], sources: dict[str, dict] | None = None) -> list[Problem]:
    """Check tables against :data:`SCHEMAS` and each other; return every problem found.

    Parameters
    ----------
    tables
        Table name -> raw DataFrame (strings are fine: types are checked here).
    sources
        Table name -> ``{"file": name, "first_data_line": n}`` so problems can name the
        file and line (``first_data_line`` is 2 for a TSV with one header line; omit it
        for Parquet).

    Returns
    -------
    list of Problem
        Empty when the tables are valid.

    Examples
    --------
    >>> pts = pd.DataFrame({"patient_id": ["p1", "p1"]})
    >>> [str(p) for p in validate_tables({"patients": pts}, {"patients": {"file": "patients.tsv", "first_data_line": 2}})]
    ["patients.tsv, line 3, column 'patient_id': duplicated patient_id 'p1' (first seen on line 2) (expected each patient_id once). Fix: remove or merge the duplicated rows"]
    """
    sources = sources or {}
    problems: list[Problem] = []
    keysets: dict[str, set] = {}
    for name in TABLE_ORDER:
        if name not in tables or tables[name] is None:
            continue
        df = tables[name]
        schema = SCHEMAS[name]
        src = sources.get(name)
        fname = src["file"] if src else f"{name} table"
        header_line = src.get("header_line") if src else None
        if header_line is None and src and src.get("first_data_line"):
            header_line = src["first_data_line"] - 1
        if df.empty and len(df.columns) == 0:
            continue
        for col in schema.required:
            if col not in df.columns:
                problems.append(_missing_column(fname, header_line, col, df.columns, name))
        for group in schema.one_of:
            if not any(c in df.columns for c in group) and len(df):
                problems.append(Problem(
                    f"none of the columns {', '.join(map(repr, group))} is present",
                    file=fname, line=header_line, expected=f"at least one of {', '.join(group)}",
                    fix=f"add a column named {group[0]!r}" + (f" or {group[1]!r}" if len(group) > 1 else "")))
        for col in schema.columns:
            if col.name in df.columns:
                problems.extend(_check_column(df[col.name], col, src, fname))
        if schema.key and all(k in df.columns for k in schema.key):
            problems.extend(_check_key(df, schema, src, fname))
            if len(schema.key) == 1:
                keysets[name] = set(_as_missing(df[schema.key[0]].astype(object)).dropna().astype(str))
        for col, parent in schema.references.items():
            if col in df.columns and parent in keysets:
                problems.extend(_check_reference(df, col, parent, keysets[parent], src, fname, sources))
    return problems


def _missing_column(fname, header_line, col, present, table) -> Problem:
    names = [str(c) for c in present]
    close = difflib.get_close_matches(col, names, n=1, cutoff=0.6)
    # also catch abbreviations such as "time" for "time_months"
    close = close or [n for n in names if len(n) >= 3 and (col.startswith(n.lower()) or n.lower().startswith(col))][:1]
    fix = (f"rename column {close[0]!r} to {col!r}" if close
           else f"add a column {col!r} (see docs/data.md for the {table} schema)")
    return Problem(f"required column {col!r} is missing; columns found: {', '.join(map(str, present)) or 'none'}",
                   file=fname, line=header_line, column=col, expected=f"a column named {col!r}", fix=fix)


def _check_column(series: pd.Series, col: Column, src, fname) -> list[Problem]:
    problems = []
    s = _as_missing(series)
    present = s.notna()
    if col.required:
        bad = np.flatnonzero(~present.to_numpy())
        if len(bad):
            problems.append(Problem(f"empty value in required column{_cite_rows(src, bad)}",
                                    file=fname, line=_row_location(src, bad[0])[1], column=col.name,
                                    expected="a value in every row", fix=f"fill in {col.name} or remove the row"))
    if col.kind in ("float", "int", "binary"):
        num = pd.to_numeric(_bool_to_num(s), errors="coerce")
        bad = np.flatnonzero((present & num.isna()).to_numpy())
        if len(bad):
            ex = s.iloc[bad[0]]
            what = {"float": "a number", "int": "a whole number", "binary": "0 or 1"}[col.kind]
            unit = f" in {col.unit}" if col.unit else ""
            problems.append(Problem(f"not {what}: {ex!r}{_cite_rows(src, bad)}", file=fname,
                                    line=_row_location(src, bad[0])[1], column=col.name,
                                    expected=f"{what}{unit}",
                                    fix=f"write {col.name} as {what}{unit} or leave it empty for missing"))
        ok = present & num.notna()
        # "inf" parses as a number but is no measurement (often an export of a division by zero)
        bad = np.flatnonzero((ok & ~np.isfinite(num.astype(float))).to_numpy())
        if len(bad):
            problems.append(Problem(f"not a finite number: {s.iloc[bad[0]]!r}{_cite_rows(src, bad)}",
                                    file=fname, line=_row_location(src, bad[0])[1], column=col.name,
                                    expected="a finite number" + (f" in {col.unit}" if col.unit else ""),
                                    fix=f"correct the value or leave {col.name} empty for missing"))
            ok = ok & np.isfinite(num.astype(float))
        if col.kind == "binary":
            bad = np.flatnonzero((ok & ~num.isin([0, 1])).to_numpy())
            if len(bad):
                problems.append(Problem(f"value {s.iloc[bad[0]]!r} is not 0 or 1{_cite_rows(src, bad)}",
                                        file=fname, line=_row_location(src, bad[0])[1], column=col.name,
                                        expected="0 or 1", fix=f"code {col.name} as 1 (yes/event) or 0 (no/censored)"))
        elif col.kind == "int":
            bad = np.flatnonzero((ok & (num != np.round(num))).to_numpy())
            if len(bad):
                problems.append(Problem(f"not a whole number: {s.iloc[bad[0]]!r}{_cite_rows(src, bad)}",
                                        file=fname, line=_row_location(src, bad[0])[1], column=col.name,
                                        expected="a whole number", fix="round or correct the value"))
        for bound, word in ((col.minimum, "below"), (col.maximum, "above")):
            if bound is None:
                continue
            outside = (num < bound) if word == "below" else (num > bound)
            bad = np.flatnonzero((ok & outside).to_numpy())
            if not len(bad):
                continue
            lo = "-inf" if col.minimum is None else f"{col.minimum:g}"
            hi = "inf" if col.maximum is None else f"{col.maximum:g}"
            fix = "check the value and its unit"
            if col.maximum == 1 and word == "above" and (num[ok & outside] <= 100).all():
                fix = f"{col.name} is a fraction: write a percentage such as 45 as 0.45"
            problems.append(Problem(
                f"value {s.iloc[bad[0]]!r} is {word} the allowed {'minimum' if word == 'below' else 'maximum'} {bound:g}{_cite_rows(src, bad)}",
                file=fname, line=_row_location(src, bad[0])[1], column=col.name,
                expected=f"a value from {lo} to {hi}" + (f" ({col.unit})" if col.unit else ""), fix=fix))
    elif col.kind == "date":
        parsed = pd.to_datetime(s, errors="coerce", format="ISO8601")
        bad = np.flatnonzero((present & parsed.isna()).to_numpy())
        if len(bad):
            problems.append(Problem(f"not an ISO 8601 date: {s.iloc[bad[0]]!r}{_cite_rows(src, bad)}",
                                    file=fname, line=_row_location(src, bad[0])[1], column=col.name,
                                    expected="a date such as 2019-03-27", fix="write dates as YYYY-MM-DD"))
    elif col.kind == "category":
        allowed = set(col.allowed or ())
        bad = np.flatnonzero((present & ~s.astype(object).isin(allowed)).to_numpy())
        if len(bad):
            ex = str(s.iloc[bad[0]])
            close = difflib.get_close_matches(ex, list(allowed), n=1, cutoff=0.5)
            close = close or [a for a in allowed if a.lower() == ex.lower()]
            fix = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(col.allowed)}"
            problems.append(Problem(f"unknown value {ex!r}{_cite_rows(src, bad)}", file=fname,
                                    line=_row_location(src, bad[0])[1], column=col.name,
                                    expected=f"one of {', '.join(col.allowed)}", fix=fix))
    return problems


def _check_key(df, schema: TableSchema, src, fname) -> list[Problem]:
    keys = df[list(schema.key)].astype(str)
    dup = keys.duplicated(keep="first").to_numpy()
    if not dup.any():
        return []
    first_of = {}
    for i, k in enumerate(map(tuple, keys.to_numpy())):
        first_of.setdefault(k, i)
    idxs = np.flatnonzero(dup)
    k0 = tuple(keys.iloc[idxs[0]])
    label = " / ".join(schema.key)
    val = k0[0] if len(k0) == 1 else " / ".join(k0)
    return [Problem(f"duplicated {label} {val!r} (first seen on {_row_location(src, first_of[k0])[2]})"
                    + (f"; duplicated rows in all:{_cite_rows(src, idxs)}" if len(idxs) > 1 else ""),
                    file=fname, line=_row_location(src, idxs[0])[1], column=schema.key[-1] if len(schema.key) > 1 else schema.key[0],
                    expected=f"each {label} once", fix="remove or merge the duplicated rows")]


def _check_reference(df, col, parent, known: set, src, fname, sources) -> list[Problem]:
    vals = _as_missing(df[col].astype(object))
    bad = np.flatnonzero((vals.notna() & ~vals.astype(str).isin(known)).to_numpy())
    if not len(bad):
        return []
    pfile = sources.get(parent, {}).get("file", f"{parent} table")
    return [Problem(f"{col} {str(vals.iloc[bad[0]])!r} is not in {pfile}{_cite_rows(src, bad)}",
                    file=fname, line=_row_location(src, bad[0])[1], column=col,
                    expected=f"a {col} listed in {pfile}",
                    fix=f"add the missing {col} to {pfile} or correct the identifier")]


def schema_markdown() -> str:
    """The table schemas as Markdown (the column reference in ``docs/data.md`` is generated from this).

    Examples
    --------
    >>> "| time_months | float | months | yes |" in schema_markdown()
    True
    """
    lines = []
    for name in TABLE_ORDER:
        t = SCHEMAS[name]
        lines += [f"### `{name}`", "", t.description, ""]
        if t.key:
            lines.append(f"Key: {', '.join(t.key)} (unique). ")
        if t.one_of:
            lines.append("At least one of: " + "; ".join(" / ".join(g) for g in t.one_of) + ". ")
        if t.references:
            lines.append("References: " + ", ".join(f"{c} -> {p}" for c, p in t.references.items()) + ".")
        lines += ["", "| column | type | unit | required | description |", "|---|---|---|---|---|"]
        for c in t.columns:
            kind = c.kind + (f" ({', '.join(c.allowed)})" if c.allowed else "")
            lines.append(f"| {c.name} | {kind} | {c.unit or ''} | {'yes' if c.required else ''} | {c.description} |")
        lines.append("")
    return "\n".join(lines)
