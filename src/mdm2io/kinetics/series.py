"""Tumour-size time series per patient, aligned to the start of immune checkpoint therapy.

Every other kinetics module starts from :func:`tumour_series`: one row per patient and
scan day, with the size measure, the day relative to ICI start and the clinical extras
(new lesions, new organ, ECOG). Rows that cannot be used are returned in a separate table
with the reason, so that nothing is dropped silently.

The baseline / pre-baseline / first-evaluation rule is defined once, in :func:`baseline_scans`,
and every kinetics module (growth metrics and HPD, RECIST/iRECIST, lesion checks, Claret fits)
uses it:

* baseline = last assessment on or before treatment start (day <= 0) (RECIST 1.1 §3.3);
* pre-baseline = the last assessment before the baseline (start of the reference period of
  Champiat 2017 / Ferrara 2018);
* first evaluation = first assessment after treatment start (day > 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["TumourSeries", "tumour_series", "ici_start_stop", "scans_from_lesions", "baseline_scans",
           "DAYS_PER_MONTH", "ICI_CLASSES", "RECIST_BASELINE_MAX_DAYS"]

#: Days per month, as in the Gustave Roussy TGR script (Ferté 2014): months = days x 12 / 365.25.
DAYS_PER_MONTH = 365.25 / 12.0
#: Clinical columns carried from scans (max per patient-day).
_EXTRAS = ("new_lesions", "new_organ", "ecog", "new_lesions_involved_organ")
#: Drug classes counted as immune checkpoint inhibitors.
ICI_CLASSES = ("PD-1", "PD-L1", "CTLA-4", "LAG-3")
#: RECIST 1.1 §3.3: baseline assessments "as close as possible to the treatment start and never
#: more than 4 weeks before" it; pass as ``max_baseline_days_before`` to enforce (off by default).
RECIST_BASELINE_MAX_DAYS = 28.0


def baseline_scans(scans: pd.DataFrame, *, max_baseline_days_before: float | None = None) -> pd.DataFrame:
    """Baseline, pre-baseline and first-evaluation day per patient: the one rule all of kinetics uses.

    Parameters
    ----------
    scans : DataFrame
        ``patient_id`` and ``day`` relative to ICI start (day 0 = first dose); any number of
        rows per patient and day (scans, lesion rows); rows without a day are ignored.
    max_baseline_days_before : float, optional
        If given, a last pre-treatment assessment more than this many days before the start
        is not accepted as baseline (RECIST 1.1 §3.3 says never more than 4 weeks before:
        :data:`RECIST_BASELINE_MAX_DAYS`). Default: no limit (the HPD studies took the last
        scan before the first dose, whatever its date).

    Returns
    -------
    DataFrame
        One row per patient of ``scans``: ``patient_id``, ``prebaseline_day``,
        ``baseline_day``, ``first_eval_day`` (NaN when there is none) and ``baseline_reason``
        (empty when a baseline was found, else why not).

    Notes
    -----
    * **Baseline** = the last assessment on or before the start of treatment (day <= 0).
      RECIST 1.1 (Eisenhauer EA et al. Eur J Cancer 2009;45:228-247,
      doi:10.1016/j.ejca.2008.10.026, §3.3): baseline evaluations are performed before the
      start of treatment, as close to it as possible; responses and progression are measured
      against it (§4.3).
    * **Pre-baseline** = the last assessment day before the baseline day. The reference
      period of the HPD definitions runs from it to the baseline and the experimental
      period from the baseline to the first evaluation: Champiat S et al. Clin Cancer Res
      2017;23:1920-1928 (doi:10.1158/1078-0432.CCR-16-1741), Ferrara R et al. JAMA Oncol
      2018;4:1543-1552 (doi:10.1001/jamaoncol.2018.3676), Ferté C et al. Clin Cancer Res
      2014;20:246-252 (doi:10.1158/1078-0432.CCR-13-2098); Kim CG et al. Ann Oncol
      2019;30:1104-1113 (doi:10.1093/annonc/mdz123) bound both periods to 12 weeks (see
      ``growth_metrics(max_reference_days=..., max_first_eval_days=...)``).
    * **First evaluation** = the first assessment after the start (day > 0).
    * Several rows on the same day count as one assessment, so the pre-baseline is never on
      the baseline day.

    Examples
    --------
    >>> s = pd.DataFrame({"patient_id": ["a", "a", "a", "a", "b"], "day": [-70, -3, -3, 42, 10]})
    >>> baseline_scans(s).values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['a', -70.0, -3.0, 42.0, ''],
     ['b', nan, nan, 10.0, 'no baseline scan (none on or before treatment start)']]
    >>> baseline_scans(s, max_baseline_days_before=2).baseline_reason.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['no baseline scan (none within 2 days before treatment start)',
     'no baseline scan (none on or before treatment start)']
    """
    d = pd.DataFrame({"patient_id": scans["patient_id"].astype(str).to_numpy(),
                      "day": pd.to_numeric(scans["day"], errors="coerce").to_numpy(dtype=float)})
    pids = pd.unique(d["patient_id"])
    d = d[~np.isnan(d["day"].to_numpy())].drop_duplicates().sort_values(["patient_id", "day"], kind="mergesort")
    out = pd.DataFrame(index=pd.Index(pids, name="patient_id"))
    pre = d[d["day"] <= 0]
    base = pre.groupby("patient_id")["day"].max()
    reason = pd.Series("", index=out.index, dtype=object)
    reason[~out.index.isin(base.index)] = "no baseline scan (none on or before treatment start)"
    if max_baseline_days_before is not None:
        early = base[-base > max_baseline_days_before]
        reason[early.index] = f"no baseline scan (none within {max_baseline_days_before:g} days before treatment start)"
        base = base.drop(early.index)
    out["prebaseline_day"] = pre[pre["day"] < pre["patient_id"].map(base)].groupby("patient_id")["day"].max() \
        .reindex(out.index).where(out.index.isin(base.index))
    out["baseline_day"] = base.reindex(out.index)
    out["first_eval_day"] = d[d["day"] > 0].groupby("patient_id")["day"].min().reindex(out.index)
    out["baseline_reason"] = reason
    return out.reset_index()


@dataclass
class TumourSeries:
    """Scans ready for kinetics, plus the rows that could not be used.

    Attributes
    ----------
    scans : DataFrame
        One row per patient and day, sorted: ``patient_id``, ``day`` (relative to ICI
        start), ``size`` (in ``measure`` units; for %-change data the size relative to
        baseline, baseline = 1), ``n_rows`` (input rows merged into this day),
        ``new_lesions``, ``new_organ``, ``ecog``.
    unused : DataFrame
        ``patient_id``, ``row`` (0-based row of ``Cohort.scans``), ``reason``.
    patients : DataFrame
        One row per patient of the cohort: ``patient_id``, ``start_day``, ``stop_day``,
        ``start_source`` (how the ICI start was found).
    clinical : DataFrame
        ``patient_id``, ``day``, ``ecog``, ``new_lesions``, ``new_organ`` from every row
        with a day, including rows whose size is not usable (ECOG is still recorded).
    measure : str
        ``"sld_mm"``, ``"tumour_burden"`` or ``"relative_size"`` (from
        ``pct_change_from_baseline``).
    """

    scans: pd.DataFrame
    unused: pd.DataFrame
    patients: pd.DataFrame
    measure: str
    clinical: pd.DataFrame | None = None

    @property
    def absolute(self) -> bool:
        """True when sizes are absolute (mm or burden units), False for relative sizes."""
        return self.measure != "relative_size"


def ici_start_stop(cohort) -> pd.DataFrame:
    """ICI start and stop day per patient from ``Cohort.treatments``.

    Rows with an ICI drug class (PD-1, PD-L1, CTLA-4, LAG-3) are used when a patient has
    any; otherwise all of the patient's treatment rows (e.g. ``drug_class='unknown'`` in
    Laleh 2022, where the arm is not labelled). The earliest start and the latest stop
    are taken. Patients without treatment rows get start day 0 (scan days are then taken
    as relative to treatment start, ``start_source='assumed day 0'``).

    Returns
    -------
    DataFrame
        ``patient_id``, ``start_day``, ``stop_day``, ``start_source``; days are relative
        to the scans' day 0, or absolute dates when the treatments use dates
        (``start_date``, ``stop_date``).

    Examples
    --------
    >>> from mdm2io.datasets import load_laleh2022
    >>> t = ici_start_stop(load_laleh2022())
    >>> t.start_day.unique().tolist(), t.start_source.unique().tolist()
    ([0.0], ['treatments (drug class not an ICI class)'])
    """
    pts = cohort.patients[["patient_id"]].copy()
    t = cohort.treatments
    out = pts.assign(start_day=0.0, stop_day=np.nan, start_date=pd.NaT, stop_date=pd.NaT,
                     start_source="assumed day 0 (no treatment rows)")
    if len(t) == 0:
        return out
    t = t.copy()
    is_ici = t["drug_class"].isin(ICI_CLASSES)
    has_ici = is_ici.groupby(t["patient_id"]).transform("any")
    t = t[is_ici | ~has_ici]
    src = np.where(is_ici[t.index], "treatments (ICI rows)", "treatments (drug class not an ICI class)")
    t = t.assign(_src=src)
    agg = {"_src": "first"}
    for col, how in (("start_day", "min"), ("stop_day", "max"), ("start_date", "min"), ("stop_date", "max")):
        if col in t:
            agg[col] = how
    g = t.groupby("patient_id").agg(agg)
    out = out.set_index("patient_id")
    for col in ("start_day", "stop_day", "start_date", "stop_date"):
        if col in g:
            have = g[col].reindex(out.index)
            out[col] = have.where(have.notna(), out[col]) if col.startswith("start") else have
    out.loc[g.index.intersection(out.index), "start_source"] = g["_src"]
    return out.reset_index()


def _days_from_start(les: pd.DataFrame, starts: pd.DataFrame | None) -> pd.Series:
    """Day of each lesion row relative to its patient's ICI start, to find the baseline assessment.

    Per row: ``day`` - the patient's ``start_day`` (0 when unknown); for a row with only a
    ``date``: the date - the patient's ``start_date`` when known, else the date - the patient's
    first assessment date (the first assessment stands in for the baseline, as without
    ``starts``). A ``start_day`` cannot place a date, so it is not used for date rows.
    """
    st = None if starts is None else starts.assign(patient_id=starts["patient_id"].astype(str)).set_index("patient_id")
    rel = pd.Series(np.nan, index=les.index)
    if "day" in les:
        start_day = les["patient_id"].map(st["start_day"]).fillna(0.0) if st is not None and "start_day" in st else 0.0
        rel = pd.to_numeric(les["day"], errors="coerce").astype(float) - start_day
    if "date" in les:
        dates = pd.to_datetime(les["date"])
        ref = pd.Series(pd.NaT, index=les.index, dtype="datetime64[ns]")
        if st is not None and "start_date" in st:
            ref = pd.to_datetime(les["patient_id"].map(st["start_date"]))
        ref = ref.fillna(dates.groupby(les["patient_id"]).transform("min"))
        rel = rel.fillna((dates - ref).dt.days.astype(float))
    return rel


def scans_from_lesions(lesions: pd.DataFrame, *, starts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Scan-level rows (target sum, new lesions, new organ) from lesion-level RECIST data.

    Target sum = sum of ``diameter_mm`` of ``role == 'target'`` lesions (short axis for nodes,
    as recorded); a day with a target lesion not measured gets ``sld_state='not_evaluable'``.
    ``new_lesions`` counts the new lesions present at that assessment, by the rule of
    :func:`~mdm2io.kinetics.lesions.new_lesion_present` (RECIST 1.1 §4.3.2: a new lesion must
    be unequivocal; an equivocal one counts, from its first appearance, only once a later scan
    confirms it; a new lesion recorded absent/resolved/disappeared is not present at that
    scan, although the progression it caused when it appeared stands). ``new_organ`` is 1 when
    one of them is in an organ without a lesion at the baseline assessment;
    ``new_lesions_involved_organ`` is the largest number of new lesions in one organ that had
    a lesion at the baseline (Lo Russo 2019 / Matos 2020: ">= 2 new lesions in an organ
    already involved"). The baseline is chosen by :func:`baseline_scans`.

    Parameters
    ----------
    lesions : DataFrame
        ``Cohort.lesions``.
    starts : DataFrame, optional
        ICI start per patient (:func:`ici_start_stop`), to place days/dates relative to the
        start: ``day`` - ``start_day``; ``date`` - ``start_date``. Without it, ``day`` is
        taken as relative to the start (as in the schema); for ``date`` data of a patient
        without a ``start_date`` (e.g. treatments given as ``start_day``) the first assessment
        stands in for the baseline, as without ``starts``.

    Examples
    --------
    >>> les = pd.DataFrame({"patient_id": "p", "day": [-1, -1, 40, 40, 40], "lesion_id": ["a", "b", "a", "b", "n"],
    ...                     "organ": ["lung", "liver", "lung", "liver", "bone"], "diameter_mm": [20, 15, 25, 18, 8],
    ...                     "role": ["target", "target", "target", "target", "new"]})
    >>> scans_from_lesions(les)[["day", "sld_mm", "new_lesions", "new_organ", "new_lesions_involved_organ"]].values.tolist()
    [[-1.0, 35.0, 0.0, 0.0, 0.0], [40.0, 43.0, 1.0, 1.0, 0.0]]

    A new lesion that has resolved by day 80 is not counted at day 80 (PD at day 40 stands):

    >>> more = pd.DataFrame({"patient_id": "p", "day": 80, "lesion_id": ["a", "b", "n"],
    ...                      "organ": ["lung", "liver", "bone"], "diameter_mm": [25, 18, 0],
    ...                      "role": ["target", "target", "new"], "status": ["", "", "resolved"]})
    >>> scans_from_lesions(pd.concat([les, more]))[["day", "new_lesions", "new_organ"]].values.tolist()
    [[-1.0, 0.0, 0.0], [40.0, 1.0, 1.0], [80.0, 0.0, 0.0]]
    """
    from .lesions import new_lesion_present  # lesions imports this module

    les = lesions.reset_index(drop=True).copy()
    les["patient_id"] = les["patient_id"].astype(str)
    key = "day" if "day" in les and les["day"].notna().any() else "date"
    les["_rel"] = _days_from_start(les, starts).to_numpy(float)
    tgt = les["role"] == "target"
    new = pd.Series(new_lesion_present(les), index=les.index)
    organ = les["organ"].fillna("").astype(str) if "organ" in les else pd.Series("", index=les.index)
    base = baseline_scans(les.assign(day=les["_rel"])).set_index("patient_id")["baseline_day"]
    at_base = (les["_rel"] == les["patient_id"].map(base)).to_numpy()
    involved = set(zip(les.loc[at_base, "patient_id"], organ[at_base]))
    in_new_organ = new & ~pd.Series([(p, o) in involved for p, o in zip(les["patient_id"], organ)], index=les.index)
    les = les.assign(_t=np.where(tgt, les["diameter_mm"], 0.0), _miss=tgt & les["diameter_mm"].isna(),
                     _new=new.astype(float), _no=in_new_organ.astype(float) if "organ" in lesions else np.nan)
    g = les.groupby(["patient_id", key], sort=True)
    out = pd.DataFrame({"sld_mm": g["_t"].sum(), "_miss": g["_miss"].any(), "new_lesions": g["_new"].sum(),
                        "new_organ": g["_no"].max()}).reset_index()
    inv = les[new & ~in_new_organ].assign(_organ=organ[new & ~in_new_organ])
    per_organ = inv.groupby(["patient_id", key, "_organ"]).size().groupby(level=[0, 1]).max()
    out["new_lesions_involved_organ"] = (per_organ.reindex(pd.MultiIndex.from_frame(out[["patient_id", key]]))
                                         .fillna(0.0).to_numpy(float) if "organ" in lesions else np.nan)
    out["sld_state"] = np.where(out["_miss"], "not_evaluable", "measured")
    out.loc[out["_miss"], "sld_mm"] = np.nan
    return out.drop(columns="_miss")


def _pick_measure(scans: pd.DataFrame, value: str | None) -> str:
    options = ("sld_mm", "tumour_burden", "pct_change_from_baseline")
    if value is not None:
        if value not in options:
            raise InputError(f"unknown tumour-size column {value!r}", column=value,
                             expected=f"one of {', '.join(options)}", fix="choose one of these columns")
        if value not in scans or scans[value].notna().sum() == 0:
            raise InputError(f"the scans table has no values in column {value!r}", column=value,
                             expected="a column with tumour sizes", fix="choose another size column")
        return value
    for col in options:
        if col in scans and scans[col].notna().any():
            return col
    raise InputError("the scans table has no tumour-size values", file="scans",
                     expected="a column sld_mm, tumour_burden or pct_change_from_baseline with numbers",
                     fix="add the sum of target-lesion diameters in a column named sld_mm")


def _flag_same_day_duplicates(pid, day, size, use, reason, measure_col: str) -> None:
    """Mark the 2nd, 3rd, ... usable row of a patient and day as unused, in place, saying which row it repeats.

    One assessment per patient and day: the first row (input order) is kept; a later row with
    the same size is reported as ``duplicate of data row N``, one with another size as a
    conflict naming both sizes. ``N`` is the 1-based data row of the scans table, as in
    ``unused_scan_rows.tsv``.
    """
    idx = np.flatnonzero(use)
    if len(idx) < 2:
        return
    key = pd.DataFrame({"p": pid[idx], "d": day[idx]})
    first = idx[key.groupby(["p", "d"], sort=False).cumcount().to_numpy() == 0]
    first_of = pd.Series(first, index=pd.MultiIndex.from_arrays([pid[first], day[first]]))
    dup = idx[key.duplicated(["p", "d"]).to_numpy()]
    for i in dup:
        j = int(first_of[(pid[i], day[i])])
        if size[i] == size[j]:
            reason[i] = f"duplicate of data row {j + 1}"
        else:
            reason[i] = (f"same patient and day as data row {j + 1} but another {measure_col} "
                         f"({size[i]:g} vs {size[j]:g}); the first row is kept")
        use[i] = False


def tumour_series(cohort, value: str | None = None, merge_same_day: bool = True) -> TumourSeries:
    """Per-patient tumour-size series aligned to ICI start, with every unused row explained.

    Parameters
    ----------
    cohort : Cohort
        Uses ``scans`` (``day`` or ``date``; ``sld_mm``, ``tumour_burden`` or
        ``pct_change_from_baseline``; optional ``sld_state``, ``new_lesions``,
        ``new_organ``, ``ecog``) and ``treatments`` (ICI start/stop).
    value : str, optional
        Size column to use; default: the first of ``sld_mm``, ``tumour_burden``,
        ``pct_change_from_baseline`` that has values.
    merge_same_day : bool
        Merge rows of the same patient and day (default); False keeps one row per
        measurement (as tumgr does).

    Returns
    -------
    TumourSeries

    Notes
    -----
    * Scans are sorted by day (input order does not matter).
    * One assessment per patient-day: of several rows on the same day the first (input
      order) gives the size; every later row is listed in ``unused`` as ``duplicate of data
      row N`` (same size) or, when its size differs, with both sizes (a conflict to check).
      ``new_lesions``/``new_organ``/``ecog`` are the maximum over all rows of the day;
      ``n_rows`` counts them.
    * Rows with ``sld_state`` other than ``measured`` (too small to measure, not
      evaluable, not recorded) or without a size or day are listed in ``unused``.
    * ``pct_change_from_baseline`` data get a baseline row (day 0, relative size 1) per
      patient, so ratios such as TGR_exp can be computed; absolute-size metrics (TGK,
      the 5 mm rule) are then not available.

    Examples
    --------
    >>> from mdm2io.datasets import load_laleh2022
    >>> s = tumour_series(load_laleh2022())
    >>> s.measure, s.scans.patient_id.nunique()
    ('sld_mm', 1472)
    >>> r = s.unused.reason
    >>> r[~r.str.contains("data row")].value_counts().to_dict()
    {'not_evaluable': 62, 'too_small_to_measure': 54, 'not_recorded': 7, 'no day or date': 1}
    >>> int(r.str.startswith("duplicate of").sum()), r[r.str.startswith("same patient")].tolist()
    (6, ['same patient and day as data row 7752 but another sld_mm (41 vs 12); the first row is kept'])
    """
    scans = cohort.scans
    tx = ici_start_stop(cohort)
    if len(scans) == 0 and len(cohort.lesions):
        scans = scans_from_lesions(cohort.lesions, starts=tx)
    measure_col = _pick_measure(scans, value)
    df = scans.reset_index(drop=True)
    n = len(df)
    pid = df["patient_id"].astype(str).to_numpy()
    # day relative to ICI start
    start = tx.set_index("patient_id")
    if "day" in df and df["day"].notna().any():
        day = df["day"].to_numpy(dtype=float) - start["start_day"].reindex(pid).fillna(0.0).to_numpy()
    else:
        day = np.full(n, np.nan)
    if "date" in df:
        sd = start["start_date"].reindex(pid).to_numpy() if "start_date" in start else np.full(n, np.datetime64("NaT"))
        dd = pd.to_datetime(df["date"]).to_numpy()
        from_date = (dd - sd) / np.timedelta64(1, "D")
        day = np.where(np.isnan(day), from_date, day)
    size = df[measure_col].to_numpy(dtype=float)
    state = df["sld_state"].fillna("measured").to_numpy(dtype=object) if "sld_state" in df else np.full(n, "measured", dtype=object)
    reason = np.full(n, "", dtype=object)
    if "date" in df:
        no_date = pd.to_datetime(df["date"]).isna().to_numpy()
        reason[np.isnan(day)] = np.where(no_date[np.isnan(day)], "no day or date", "no ICI start date for this patient")
    else:
        reason[np.isnan(day)] = "no day or date"
    not_measured = (state != "measured") & (reason == "")
    reason[not_measured] = state[not_measured]
    reason[(reason == "") & np.isnan(size)] = f"no {measure_col} value"
    use = reason == ""
    usable = use.copy()
    if merge_same_day:
        _flag_same_day_duplicates(pid, day, size, use, reason, measure_col)
    unused = pd.DataFrame({"patient_id": pid[~use], "row": np.flatnonzero(~use), "reason": reason[~use]})
    # every usable row of a day (the reported duplicates included): n_rows and the clinical maxima
    day_rows = pd.DataFrame({"patient_id": pid[usable], "day": day[usable]})
    for col in _EXTRAS:
        day_rows[col] = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)[usable] if col in df else np.nan
    day_rows = day_rows.groupby(["patient_id", "day"], sort=True).agg(
        n_rows=("day", "size"), **{c: (c, "max") for c in _EXTRAS})
    if measure_col == "pct_change_from_baseline":
        size = 1.0 + size / 100.0
    work = pd.DataFrame({"patient_id": pid[use], "day": day[use], "size": size[use]})
    for col in _EXTRAS:
        work[col] = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)[use] if col in df else np.nan
    if measure_col == "pct_change_from_baseline":
        # the baseline itself is implied by "% change from baseline"
        base = pd.DataFrame({"patient_id": pd.unique(work["patient_id"]), "day": 0.0, "size": 1.0})
        b = baseline_scans(work)
        have0 = set(b.loc[b["baseline_day"].notna(), "patient_id"])
        base = base[~base["patient_id"].isin(have0)]
        work = pd.concat([base, work], ignore_index=True)
    has_day = ~np.isnan(day)
    clinical = pd.DataFrame({"patient_id": pid[has_day], "day": day[has_day]})
    for col in _EXTRAS:
        clinical[col] = pd.to_numeric(df[col], errors="coerce").to_numpy(dtype=float)[has_day] if col in df else np.nan
    clinical = clinical.groupby(["patient_id", "day"], sort=True).max().reset_index()
    if not merge_same_day:
        work = work.sort_values(["patient_id", "day"], kind="mergesort").assign(n_rows=1)
        tx = tx[["patient_id", "start_day", "stop_day", "start_date", "stop_date", "start_source"]]
        measure = {"pct_change_from_baseline": "relative_size"}.get(measure_col, measure_col)
        return TumourSeries(work.reset_index(drop=True), unused, tx, measure, clinical)
    grouped = (work.groupby(["patient_id", "day"], sort=True)
               .agg(size=("size", "first"), n_rows=("size", "size"), new_lesions=("new_lesions", "max"),
                    new_organ=("new_organ", "max"), ecog=("ecog", "max"),
                    new_lesions_involved_organ=("new_lesions_involved_organ", "max"))
               .reset_index())
    # clinical columns of a duplicate row still count (max over every usable row of the day)
    extra = day_rows.reindex(pd.MultiIndex.from_frame(grouped[["patient_id", "day"]]))
    for col in _EXTRAS:
        grouped[col] = np.fmax(grouped[col].to_numpy(float), extra[col].to_numpy(float))
    grouped["n_rows"] = extra["n_rows"].fillna(1).to_numpy(dtype=int)
    measure = {"pct_change_from_baseline": "relative_size"}.get(measure_col, measure_col)
    tx = tx[["patient_id", "start_day", "stop_day", "start_date", "stop_date", "start_source"]]
    return TumourSeries(grouped, unused, tx, measure, clinical)
