"""Assemble the analysis table of a survival comparison: one row per patient with time, event,
group, optional treatment arm and covariates, and a report of every patient left out and why.

The grouping, treatment and covariates may come from any per-patient column: a column of
``patients`` (clinical), of ``treatments`` or ``samples`` when it has one value per patient, or a
table/Series keyed by ``patient_id`` (e.g. biomarker calls from :mod:`mdm2io.genomics` or HPD
labels from :mod:`mdm2io.kinetics`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import InputError, Problem, ValidationError

__all__ = ["SurvivalData", "survival_data", "survival_data_from_frame", "source_amplification_status", "patient_biomarker",
           "merge_float_ties",
           "REFERENCE_WORDS"]

#: More distinct group values than this is almost surely a continuous variable given by mistake.
MAX_LEVELS = 8

#: Values taken as the reference level by default (case-insensitive): hazard ratios compare the
#: other level with this one, e.g. MDM2-amplified vs not amplified.
REFERENCE_WORDS = ("0", "0.0", "false", "no", "negative", "neg", "wild-type", "wildtype", "wt", "not amplified",
                   "non-amplified", "absent", "control", "docetaxel", "chemotherapy", "non-ici", "non-hpd",
                   "not hpd", "not_hpd", "low")


@dataclass
class SurvivalData:
    """The per-patient table a survival comparison runs on.

    Attributes
    ----------
    table : DataFrame
        Columns ``patient_id``, ``time_months``, ``event`` (1 = event, 0 = censored), ``group``
        (levels as strings), optional ``treatment``, optional ``entry_months`` (delayed entry,
        see :attr:`left_truncated`) and one column per covariate.
    dropped : DataFrame
        ``patient_id`` and ``reason`` for every patient not analysed.
    group_name, treatment_name : str
        Names of the grouping and treatment variables, as given.
    levels, treatment_levels : list of str
        Levels with the reference first.
    covariates : list of str
        Covariate column names in ``table`` (categorical covariates are kept as strings).
    endpoint : str
        Endpoint label (e.g. ``"OS"``).
    entry_name : str or None
        Name of the delayed-entry variable, as given (``None``: everyone at risk from time 0).
    """

    table: pd.DataFrame
    dropped: pd.DataFrame
    group_name: str
    levels: list[str]
    endpoint: str = "time-to-event"
    treatment_name: str | None = None
    treatment_levels: list[str] | None = None
    covariates: list[str] = field(default_factory=list)
    entry_name: str | None = None

    @property
    def left_truncated(self) -> bool:
        """True when patients enter the risk set late (an ``entry_months`` column, e.g. sequencing after ICI start).

        A patient is then at risk over (entry, time]: every KM curve, log-rank test and Cox model
        of :mod:`mdm2io.survival` uses these risk sets (left truncation, delayed entry).
        """
        return "entry_months" in self.table.columns

    @property
    def reference(self) -> str:
        """Reference level of the grouping (hazard ratios are other level vs this one)."""
        return self.levels[0]

    @property
    def treatment_reference(self) -> str | None:
        """Reference (control) arm."""
        return self.treatment_levels[0] if self.treatment_levels else None

    def subset(self, mask) -> "SurvivalData":
        """Same variables, fewer rows (levels kept)."""
        return SurvivalData(self.table[np.asarray(mask)].reset_index(drop=True), self.dropped, self.group_name,
                            self.levels, self.endpoint, self.treatment_name, self.treatment_levels,
                            list(self.covariates), self.entry_name)

    def group_counts(self) -> pd.DataFrame:
        """Patients and events per group, in level order.

        Examples
        --------
        >>> import pandas as pd
        >>> df = pd.DataFrame({"t": [1, 2, 3], "e": [1, 0, 1], "g": ["a", "b", "b"]})
        >>> survival_data_from_frame(df, time="t", event="e", group="g").group_counts()["n"].tolist()
        [1, 2]
        """
        t = self.table
        g = t.groupby("group", observed=False)
        out = pd.DataFrame({"n": g.size(), "events": g["event"].sum()}).reindex(self.levels, fill_value=0)
        return out.rename_axis("group").astype(int)


def _normalise_level(v) -> str | None:
    """Levels as strings; bools and whole floats written the way users expect (1, not 1.0)."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, (bool, np.bool_)):
        return "True" if v else "False"
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    s = str(v).strip()
    return s or None


def _order_levels(values: pd.Series, reference, what: str, source: str) -> list[str]:
    levels = sorted({v for v in values.dropna().unique()}, key=lambda s: (s.lower() not in REFERENCE_WORDS, s))
    if reference is not None:
        ref = _normalise_level(reference)
        if ref not in levels:
            raise InputError(f"reference level {ref!r} of {what} {source!r} is not among its values",
                             column=source, expected=f"one of {', '.join(map(repr, levels))}",
                             fix=f"choose the reference with --reference / reference= from: {', '.join(levels)}")
        levels = [ref] + [lv for lv in levels if lv != ref]
    return levels


#: Cohort tables searched, in this order, for a per-patient column given by name.
_PER_PATIENT_TABLES = ("patients", "treatments", "samples")


def _column_table(cohort, name: str) -> str | None:
    """Name of the first cohort table (patients, treatments, samples) with ``patient_id`` and column ``name``."""
    for tname in _PER_PATIENT_TABLES:
        df = getattr(cohort, tname)
        if name in df.columns and "patient_id" in df.columns:
            return tname
    return None


def _row_locations(cohort, tname: str, mask) -> dict:
    """patient_id -> "file line N" of its first row in ``mask`` of table ``tname`` (read from a folder).

    ``{}`` when the cohort was not read from files (``Cohort.sources`` empty, e.g. a bundled
    dataset); "file row N" for Parquet tables, which have no text lines.
    """
    src = (getattr(cohort, "sources", None) or {}).get(tname)
    df = getattr(cohort, tname)
    if not src or "patient_id" not in df.columns:
        return {}
    lines = src.get("lines")
    if lines is not None and len(lines) != len(df):
        return {}
    out = {}
    for i in np.flatnonzero(np.asarray(mask, bool)):
        pid = str(df["patient_id"].iloc[i])
        if pid not in out:
            out[pid] = f"{src['file']} line {int(lines[i])}" if lines is not None else f"{src['file']} row {i + 1}"
    return out


def _per_patient(cohort, name: str, preset: str = "foundation") -> pd.Series:
    """A per-patient column by name from patients, treatments or samples (one value per patient)."""
    tried = list(_PER_PATIENT_TABLES)
    tname = _column_table(cohort, name)
    if tname is not None:
        df = getattr(cohort, tname)
        sub = df[["patient_id", name]].dropna(subset=[name]).drop_duplicates()
        dup = sub["patient_id"].duplicated(keep=False)
        if dup.any():
            pid = sub.loc[dup, "patient_id"].iloc[0]
            vals = sub.loc[sub.patient_id == pid, name].tolist()
            raise InputError(f"column {name!r} of the {tname} table has several values for patient {pid!r}: {vals}",
                             file=f"{tname} table", column=name, expected="one value per patient",
                             fix="pass a per-patient table (patient_id + one value) as the grouping instead")
        return sub.set_index("patient_id")[name]
    biomarker = patient_biomarker(cohort, name, preset) if len(cohort.samples) else None
    if biomarker is not None:
        return biomarker.set_index("patient_id")[name]
    import difflib

    known = sorted(set().union(*[set(getattr(cohort, t).columns) for t in tried]) - {"patient_id"})
    try:
        from ..genomics import BIOMARKER_COLUMNS

        known += [c for c in BIOMARKER_COLUMNS if c not in known and c not in ("sample_id", "patient_id")]
    except ImportError:
        pass
    close = difflib.get_close_matches(name, known, n=1)
    raise InputError(f"no column {name!r} in the patients, treatments or samples tables", column=name,
                     expected="a per-patient column such as " + ", ".join(known[:8]),
                     fix=f"did you mean {close[0]!r}?" if close else "give a column that exists, or a table keyed by patient_id")


def _resolve(cohort, spec, default_name: str, preset: str = "foundation") -> tuple[str, pd.Series]:
    """(name, Series indexed by patient_id) from a column name, a Series or a DataFrame."""
    if isinstance(spec, str):
        return spec, _per_patient(cohort, spec, preset)
    if isinstance(spec, pd.Series):
        s = spec.copy()
        s.index = s.index.astype(str)
        return str(spec.name or default_name), s
    if isinstance(spec, pd.DataFrame):
        if "patient_id" not in spec.columns:
            raise InputError("a grouping table needs a patient_id column", column="patient_id",
                             expected="columns patient_id and one value column", fix="add patient_id")
        cols = [c for c in spec.columns if c != "patient_id"]
        if len(cols) != 1:
            raise InputError(f"a grouping table needs exactly one value column besides patient_id, got {cols}",
                             expected="patient_id + one column", fix="select the column, e.g. df[['patient_id', 'MDM2_amplified']]")
        sub = spec[["patient_id", cols[0]]].dropna().drop_duplicates()
        if sub["patient_id"].duplicated().any():
            pid = sub.loc[sub["patient_id"].duplicated(), "patient_id"].iloc[0]
            raise InputError(f"grouping table has conflicting values of {cols[0]!r} for patient {pid!r}",
                             column=cols[0], expected="one value per patient",
                             fix="reduce to one row per patient (e.g. one sample per patient) before grouping")
        return str(cols[0]), sub.set_index(sub["patient_id"].astype(str))[cols[0]]
    raise TypeError(f"{default_name} must be a column name, a Series or a DataFrame, got {type(spec).__name__}")


def patient_biomarker(cohort, column: str, preset: str = "foundation", *,
                      calls: pd.DataFrame | None = None) -> pd.DataFrame | None:
    """A biomarker column of :func:`mdm2io.genomics.call_biomarkers`, one row per patient.

    A patient with several sequenced samples is positive for a yes/no biomarker when any sample
    is; other columns must agree across samples. Returns None when ``column`` is not a biomarker
    column (or the genomics stage is not installed).

    ``calls``: a table already made by ``call_biomarkers`` (then ``preset`` is not used), so
    a caller that needs the calls elsewhere (the report) computes them once.

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> b = patient_biomarker(load_imvigor210(), "MDM2_amplified")
    >>> len(b), int(b.MDM2_amplified.sum())
    (293, 25)
    """
    try:
        from ..genomics import BIOMARKER_COLUMNS, call_biomarkers
    except ImportError:  # genomics stage absent: callers fall back to source calls
        return None
    if column not in BIOMARKER_COLUMNS:
        return None
    if calls is None:
        calls = call_biomarkers(cohort, preset=preset)
    calls = calls[["patient_id", column]].dropna()
    if pd.api.types.is_bool_dtype(calls[column]):
        return calls.groupby("patient_id", as_index=False)[column].any()
    return calls.drop_duplicates()


def source_amplification_status(cohort, gene: str = "MDM2") -> pd.DataFrame:
    """Per-patient amplification status of ``gene`` as called by the source assay (fallback grouping).

    A patient is amplified when any of their sequenced samples has an ``alterations`` row with
    ``kind == 'amplification'`` for ``gene``; patients without a sequenced sample are absent.
    This reads the source's own calls (for IMvigor210: FoundationOne's), not a rule-based call of
    :mod:`mdm2io.genomics`.

    Returns
    -------
    DataFrame
        ``patient_id`` and ``<gene>_amplified`` (bool).

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> s = source_amplification_status(load_imvigor210())
    >>> len(s), int(s.MDM2_amplified.sum())
    (293, 25)
    """
    samples = cohort.samples
    alt = cohort.alterations
    amp_samples = set(alt.loc[(alt["gene"] == gene) & (alt["kind"] == "amplification"), "sample_id"])
    s = samples[["sample_id", "patient_id"]].copy()
    s["amp"] = s["sample_id"].isin(amp_samples)
    out = s.groupby("patient_id", as_index=False)["amp"].any()
    return out.rename(columns={"amp": f"{gene}_amplified"})


def merge_float_ties(times, tolerance: float = float(np.sqrt(np.finfo(float).eps))) -> np.ndarray:
    """Treat times that differ only by floating-point noise as tied (e.g. days/30.4375 computed two ways).

    Consecutive distinct times closer than ``tolerance`` (absolutely, or relative to the mean
    absolute time) are set to the first time of their run. R's ``survival`` package does the
    same (``aeqSurv``, since version 2.40), so without this step tests, p-values and hazard
    ratios would differ from R on such data.

    Examples
    --------
    >>> merge_float_ties([1.0, 1.0 + 1e-12, 2.0]).tolist()
    [1.0, 1.0, 2.0]
    """
    x = np.asarray(times, float)
    y = np.unique(x[np.isfinite(x)])
    if len(y) < 2:
        return x
    dy = np.diff(y)
    tied = (dy <= tolerance) | (dy / np.mean(np.abs(y)) <= tolerance)
    if not tied.any():
        return x
    cuts = y[np.concatenate([[True], ~tied])]
    idx = np.searchsorted(cuts, x, side="right") - 1
    return np.where(np.isfinite(x), cuts[np.clip(idx, 0, None)], x)


def _validate_time_event(df: pd.DataFrame, time: str, event: str, fname: str, lines=None,
                         entry: str | None = None) -> list[Problem]:
    problems = []

    def loc(i):
        return int(lines[i]) if lines is not None else None

    if entry is not None:
        en = pd.to_numeric(df[entry], errors="coerce")
        bad = np.flatnonzero((df[entry].notna() & en.isna()).to_numpy())
        if len(bad):
            problems.append(Problem(f"not a number: {df[entry].iloc[bad[0]]!r} ({len(bad)} rows)", file=fname,
                                    line=loc(bad[0]), column=entry, expected="an entry time in months",
                                    fix="write the entry (e.g. sequencing) time as months from the same origin as "
                                        "the follow-up time"))
        bad = np.flatnonzero((en < 0).to_numpy())
        if len(bad):
            problems.append(Problem(f"negative entry time {en.iloc[bad[0]]:g} ({len(bad)} rows)", file=fname,
                                    line=loc(bad[0]), column=entry, expected="an entry time >= 0",
                                    fix="measure entry from the same time origin as follow-up (e.g. ICI start); "
                                        "a sample sequenced before ICI start enters at 0"))

    t = pd.to_numeric(df[time], errors="coerce")
    e = pd.to_numeric(df[event], errors="coerce")
    bad = np.flatnonzero((df[time].notna() & t.isna()).to_numpy())
    if len(bad):
        problems.append(Problem(f"not a number: {df[time].iloc[bad[0]]!r} ({len(bad)} rows)", file=fname,
                                line=loc(bad[0]), column=time, expected="a follow-up time in months",
                                fix="write the time as a number of months or leave it empty"))
    bad = np.flatnonzero((t < 0).to_numpy())
    if len(bad):
        problems.append(Problem(f"negative follow-up time {t.iloc[bad[0]]:g} ({len(bad)} rows)", file=fname,
                                line=loc(bad[0]), column=time, expected="a time >= 0",
                                fix="check the start and end dates of that patient"))
    bad = np.flatnonzero(((df[event].notna() & e.isna()) | (e.notna() & ~e.isin([0, 1]))).to_numpy())
    if len(bad):
        problems.append(Problem(f"event indicator {df[event].iloc[bad[0]]!r} is not 0 or 1 ({len(bad)} rows)",
                                file=fname, line=loc(bad[0]), column=event, expected="1 (event) or 0 (censored)",
                                fix="code the event as 1/0; for a censoring flag (1 = censored) use 1 - flag"))
    return problems


def _assemble(base: pd.DataFrame, group: pd.Series, group_name: str, treatment, treatment_name, covs: dict,
              reference, treatment_reference, endpoint: str, drop_notes: list, categorical=(),
              cutoff: float | None = None, entry: pd.Series | None = None, entry_name: str | None = None,
              where: dict | None = None) -> SurvivalData:
    """Join per-patient variables onto base (patient_id, time_months, event); record every drop.

    ``entry`` (per patient, months) adds ``entry_months``; patients whose entry is not before
    the end of follow-up are left out (as R's ``Surv(entry, time)``) and reported, with a
    ``detail`` column giving their file line from ``where`` (patient_id -> "file line N") and values.
    """
    t = base.copy()
    t["patient_id"] = t["patient_id"].astype(str)
    dropped = list(drop_notes)
    if cutoff is not None:
        num = pd.to_numeric(group, errors="coerce")
        if group.notna().any() and num.notna().sum() == 0:
            levels = sorted(map(str, pd.unique(group.dropna())))
            shown = ", ".join(levels[:8]) + (f", ... ({len(levels)} values)" if len(levels) > 8 else "")
            raise InputError(f"--cutoff needs a numeric grouping; {group_name!r} has values {shown}",
                             column=group_name, expected="a numeric column (e.g. tmb_per_mb) with --cutoff",
                             fix=f"drop --cutoff to compare the groups of {group_name!r} as they are, "
                                 "or choose a numeric grouping column")
        in_base = set(t["patient_id"])
        for pid in num.index[num.isna() & group.notna()]:
            if str(pid) not in in_base:  # already reported (e.g. no outcome)
                continue
            dropped.append((str(pid), f"{group_name} {group[pid]!r} is not a number"))
        group = pd.Series(np.where(num >= cutoff, f">= {cutoff:g}", f"< {cutoff:g}"), index=group.index).where(num.notna())
        if reference is None:
            reference = f"< {cutoff:g}"
    t["group"] = t["patient_id"].map(group.map(_normalise_level))
    if treatment is not None:
        t["treatment"] = t["patient_id"].map(treatment.map(_normalise_level))
    if entry is not None:
        t["entry_months"] = t["patient_id"].map(pd.to_numeric(entry, errors="coerce"))
    for name, s in covs.items():
        num = pd.to_numeric(s, errors="coerce")
        numeric = num.notna().sum() == s.notna().sum() and name not in set(categorical)
        vals = num if numeric else s.map(_normalise_level)
        t[name] = t["patient_id"].map(vals)
    checks = [("time_months", "no follow-up time"), ("event", "no event status"),
              ("group", f"no value of {group_name!r} (missing or not determined)")]
    if entry is not None:
        checks.append(("entry_months", f"no entry time ({entry_name!r})"))
    if treatment is not None:
        checks.append(("treatment", f"no value of treatment {treatment_name!r}"))
    checks += [(c, f"no value of covariate {c!r}") for c in covs]
    keep = np.ones(len(t), bool)
    already = {pid for pid, _ in dropped}
    for col, reason in checks:
        miss = t[col].isna().to_numpy() & keep
        dropped += [(pid, reason) for pid in t.loc[miss, "patient_id"] if pid not in already]
        keep &= ~miss
    if entry is not None:
        late = keep & (t["entry_months"] >= t["time_months"]).to_numpy()
        for i in np.flatnonzero(late):
            pid = t["patient_id"].iloc[i]
            at = f"{where[pid]}: " if where and pid in where else ""
            dropped.append((pid, f"entry time ({entry_name}) is not before the end of follow-up",
                            f"{at}entry {t['entry_months'].iloc[i]:g} >= time {t['time_months'].iloc[i]:g} months"))
        keep &= ~late
    t = t[keep].reset_index(drop=True)
    if entry is not None:  # start and stop times tied together, as R's aeqSurv does for Surv(start, stop)
        both = merge_float_ties(np.concatenate([t["entry_months"].to_numpy(float), t["time_months"].to_numpy(float)]))
        t["entry_months"], t["time_months"] = both[:len(t)], both[len(t):]
    else:
        t["time_months"] = merge_float_ties(t["time_months"].astype(float).to_numpy())
    t["event"] = t["event"].astype(int)
    if t.empty:
        raise InputError(f"no patient has both {endpoint} follow-up and a value of {group_name!r}",
                         expected="patients with time, event and group", fix="check the endpoint and grouping column")
    levels = _order_levels(t["group"], reference, "grouping", group_name)
    if len(levels) > MAX_LEVELS:
        raise InputError(f"grouping {group_name!r} has {len(levels)} distinct values; survival curves need a few groups",
                         column=group_name, expected=f"at most {MAX_LEVELS} groups",
                         fix=f"dichotomise a continuous variable with a cutoff (CLI --cutoff, e.g. --cutoff 16 for bTMB), "
                             "or choose a categorical column")
    if len(levels) < 2:
        raise InputError(f"grouping {group_name!r} has a single level ({levels[0]!r}) among analysable patients",
                         column=group_name, expected="at least two groups", fix="choose a grouping with two or more levels")
    tlevels = None
    if treatment is not None:
        tlevels = _order_levels(t["treatment"], treatment_reference, "treatment", treatment_name)
        if len(tlevels) != 2:
            raise InputError(f"treatment {treatment_name!r} must have exactly two arms, found {tlevels}",
                             column=treatment_name, expected="two arms (e.g. ICI vs chemotherapy)",
                             fix="recode the treatment column to two arms")
    # a third column, detail (file line and values), only when some row has one (delayed entry)
    dropped_df = pd.DataFrame(dropped, columns=["patient_id", "reason"] + (["detail"] if any(len(d) > 2 for d in dropped) else []))
    return SurvivalData(t, dropped_df, group_name, levels, endpoint, treatment_name, tlevels, list(covs),
                        entry_name if entry is not None else None)


def survival_data(cohort, group, *, endpoint: str = "OS", treatment=None, covariates=(), reference=None,
                  treatment_reference=None, categorical=(), cutoff: float | None = None,
                  preset: str = "foundation", entry=None) -> SurvivalData:
    """The analysis table for ``endpoint`` by ``group`` from a :class:`~mdm2io.cohort.Cohort`.

    Parameters
    ----------
    cohort : Cohort
    group : str, Series or DataFrame
        A per-patient column name (searched in ``patients``, then ``treatments``, then
        ``samples``, then the biomarker columns of :func:`mdm2io.genomics.call_biomarkers`, e.g.
        ``"MDM2_amplified"``, via :func:`patient_biomarker`), a Series indexed by ``patient_id``,
        or a DataFrame with ``patient_id`` and one value column.
    endpoint : str
        An ``outcomes`` endpoint (``"OS"``, ``"PFS"``, ...).
    treatment : str, Series or DataFrame, optional
        Two-arm treatment variable for the interaction analysis.
    covariates : sequence of str or Series
        Adjustment variables (numeric kept numeric, others categorical).
    categorical : sequence of str
        Covariates to treat as categorical even when numeric (e.g. ECOG 0/1/2).
    cutoff : float, optional
        Dichotomise a numeric grouping into ``">= cutoff"`` and ``"< cutoff"`` (the reference),
        e.g. 16 mutations/Mb for blood TMB (Gandara et al., Nat Med 2018;24:1441–1448,
        doi:10.1038/s41591-018-0134-3). Non-numeric values are reported as not analysed.
    preset : str
        Copy-number preset of :func:`mdm2io.genomics.call_biomarkers` when ``group`` is a
        biomarker column.
    reference, treatment_reference : optional
        Reference levels; by default a value such as 0/False/negative/wild-type/docetaxel
        (:data:`REFERENCE_WORDS`), else the first in sort order.
    entry : str, Series or DataFrame, optional
        Delayed entry (left truncation): per-patient time in months, from the same origin as the
        endpoint (e.g. months from ICI start to the sequencing report), before which the patient
        is not at risk. Given as for ``group``. Patients whose entry is not before the end of
        follow-up are left out and listed in ``.dropped`` (``detail``: their entry and time and,
        for a cohort read from a folder, the file lines of both, e.g. ``".../outcomes.tsv line 5
        (time), .../patients.tsv line 4 (entry): entry 7 >= time 6 months"``).

    Returns
    -------
    SurvivalData
        Patients without the endpoint or a value of any variable are listed in ``.dropped``.

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> sd = survival_data(load_inspire(), "sex", endpoint="PFS")
    >>> sd.levels, len(sd.table), len(sd.dropped)
    (['female', 'male'], 94, 0)
    """
    outcomes = cohort.outcomes
    known = sorted(outcomes["endpoint"].dropna().unique()) if "endpoint" in outcomes else []
    if endpoint not in known:
        same = [k for k in known if str(k).casefold() == str(endpoint).casefold()]
        fix = (f"the outcomes table spells it {same[0]!r}: use that name (endpoints are case-sensitive)" if same
               else "choose an endpoint present in outcomes (a table file also takes --time/--event columns)")
        raise InputError(f"endpoint {endpoint!r} is not in the outcomes table", column="endpoint",
                         expected=f"one of {', '.join(known) or '(no outcomes)'}", fix=fix)
    ep = outcomes[outcomes["endpoint"] == endpoint][["patient_id", "time_months", "event"]].copy()
    ep["patient_id"] = ep["patient_id"].astype(str)
    if ep["patient_id"].duplicated().any():
        pid = ep.loc[ep["patient_id"].duplicated(), "patient_id"].iloc[0]
        raise InputError(f"patient {pid!r} has several {endpoint} rows in outcomes", file="outcomes table",
                         column="patient_id", expected="one row per patient and endpoint", fix="keep one row")
    have_outcome = set(ep["patient_id"])  # built once, not once per patient
    notes = [(str(p), f"no {endpoint} outcome") for p in cohort.patients["patient_id"].astype(str)
             if p not in have_outcome]
    gname, g = _resolve(cohort, group, "group", preset)
    tname, tr = (None, None) if treatment is None else _resolve(cohort, treatment, "treatment")
    covs = {}
    for c in covariates:
        n, s = _resolve(cohort, c, "covariate")
        covs[n] = s
    ename, en = (None, None) if entry is None else _resolve(cohort, entry, "entry")
    if en is not None:
        num = pd.to_numeric(en, errors="coerce")
        bad = (num.isna() & en.notna()) | (num < 0)
        if bad.any():
            pid = bad.index[bad.to_numpy()][0]
            raise InputError(f"entry time {en[pid]!r} of patient {pid!r} is not a number >= 0", column=ename,
                             expected="months from the endpoint's time origin (e.g. ICI start) to entry",
                             fix="a sample sequenced before ICI start enters at 0")
    where = None
    if en is not None:  # file lines of the follow-up time and of the entry (a cohort read from a folder)
        where = {}
        locs = [("time", _row_locations(cohort, "outcomes", (outcomes["endpoint"] == endpoint).to_numpy()))]
        etable = _column_table(cohort, entry) if isinstance(entry, str) else None
        if etable is not None:
            et = getattr(cohort, etable)
            locs.append(("entry", _row_locations(cohort, etable, et[entry].notna().to_numpy())))
        for what, loc in locs:
            for pid, at in loc.items():
                where[pid] = f"{where[pid]}, {at} ({what})" if pid in where else f"{at} ({what})"
    return _assemble(ep, g, gname, tr, tname, covs, reference, treatment_reference, endpoint, notes, categorical,
                     cutoff, en, ename, where)


def survival_data_from_frame(df: pd.DataFrame, *, time: str, event: str, group: str, treatment: str | None = None,
                             covariates=(), reference=None, treatment_reference=None, id_col: str | None = None,
                             endpoint: str | None = None, source: dict | None = None, categorical=(),
                             cutoff: float | None = None, entry: str | None = None) -> SurvivalData:
    """The analysis table from a plain per-patient table (one row per patient).

    Parameters
    ----------
    df : DataFrame
    time, event : str
        Follow-up time (months) and event indicator (1 = event, 0 = censored) columns.
    group, treatment, covariates, reference, treatment_reference, categorical, cutoff
        As in :func:`survival_data`, but column names of ``df``.
    id_col : str, optional
        Patient identifier column (default: row numbers ``row<N>``).
    entry : str, optional
        Delayed-entry column (months, same origin as ``time``): the patient is at risk over
        (entry, time] only. Rows with entry >= time are left out and reported in ``.dropped``
        (as R, whose ``Surv(entry, time)`` sets them to NA), with a ``detail`` column giving the
        file line and values.
    source : dict, optional
        ``{"file": name, "lines": [...]}`` from
        :func:`mdm2io.io.cohort_folder.read_table_file`, so errors name the file and line.

    Raises
    ------
    ValidationError
        On non-numeric or negative times or event values other than 0/1, naming file, line, column.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"t": [5, 8, 2, 9], "e": [1, 0, 1, 1], "arm": ["A", "B", "A", "B"]})
    >>> survival_data_from_frame(df, time="t", event="e", group="arm").group_counts().to_dict()
    {'n': {'A': 2, 'B': 2}, 'events': {'A': 2, 'B': 1}}
    """
    fname = (source or {}).get("file", "input table")
    lines = (source or {}).get("lines")
    cols = ([time, event, group] + ([treatment] if treatment else []) + list(covariates) + ([id_col] if id_col else [])
            + ([entry] if entry else []))
    for c in cols:
        if c not in df.columns:
            import difflib

            close = difflib.get_close_matches(c, [str(x) for x in df.columns], n=1)
            raise InputError(f"column {c!r} not found; columns: {', '.join(map(str, df.columns))}", file=fname,
                             line=1 if lines is not None else None, column=c, expected=f"a column named {c!r}",
                             fix=f"did you mean {close[0]!r}?" if close else "check the column name")
    problems = _validate_time_event(df, time, event, fname, lines, entry)
    if problems:
        raise ValidationError(problems, header=f"{fname}: {len(problems)} problem{'s' if len(problems) > 1 else ''} found")
    ids = df[id_col].astype(str) if id_col else pd.Series([f"row{i + 1}" for i in range(len(df))], index=df.index)
    if ids.duplicated().any():
        i = int(np.flatnonzero(ids.duplicated().to_numpy())[0])
        raise InputError(f"patient {ids.iloc[i]!r} appears twice", file=fname,
                         line=int(lines[i]) if lines is not None else None, column=id_col,
                         expected="one row per patient", fix="keep one row per patient")
    base = pd.DataFrame({"patient_id": ids.to_numpy(), "time_months": pd.to_numeric(df[time], errors="coerce").to_numpy(),
                         "event": pd.to_numeric(df[event], errors="coerce").to_numpy()})
    keyed = df.set_axis(ids.to_numpy(), axis=0)
    where = None
    if entry and lines is not None:
        where = {pid: f"{fname} line {int(ln)}" for pid, ln in zip(ids.to_numpy(), lines)}
    elif entry:
        where = {pid: f"row {i + 1}" for i, pid in enumerate(ids.to_numpy())}
    return _assemble(base, keyed[group], group, keyed[treatment] if treatment else None, treatment,
                     {c: keyed[c] for c in covariates}, reference, treatment_reference, endpoint or time, [],
                     categorical, cutoff, keyed[entry] if entry else None, entry, where)
