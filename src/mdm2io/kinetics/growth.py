"""Tumour growth rate (TGR), tumour growth kinetics (TGK) and the other per-patient growth metrics.

Formulas (Ferté C et al., Clin Cancer Res 2014;20:246-252, doi:10.1158/1078-0432.CCR-13-2098;
Champiat S et al., Clin Cancer Res 2017;23:1920-1928, doi:10.1158/1078-0432.CCR-16-1741):

* Δt in months = days x 12 / 365.25;
* TG = 3 ln(D1/D0) / Δt (exponential growth of a volume V = 4/3 π (D/2)³);
* TGR = 100 (exp(TG) - 1), % volume change per month (``linear=True`` gives the
  linearised 100·TG, only on request);
* TGK = (D1 - D0) / Δt, mm per month (Saâda-Bouzid E et al., Ann Oncol 2017;28:1605-1611,
  doi:10.1093/annonc/mdx178);
* reference period = pre-baseline -> baseline, experimental = baseline -> first evaluation
  (the scans chosen by :func:`~mdm2io.kinetics.series.baseline_scans`, shared by all modules);
  TGR ratio = TGR_exp / TGR_ref; ΔTGR = TGR_exp - TGR_ref (Ferrara R et al., JAMA Oncol
  2018;4:1543-1552, doi:10.1001/jamaoncol.2018.3676).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .series import DAYS_PER_MONTH, TumourSeries, baseline_scans, tumour_series

__all__ = ["growth_metrics", "tgr_pct_per_month", "tgk_per_month", "TWO_MONTHS_DAYS"]

#: Two months in days (12/365.25 convention), the window of Kato 2017, Lo Russo 2019 and Matos 2020.
TWO_MONTHS_DAYS = 2 * DAYS_PER_MONTH


def tgr_pct_per_month(d0, d1, days, linear: bool = False, volume: bool = False):
    """Tumour growth rate between two sizes, % volume change per month (Ferté 2014).

    Parameters
    ----------
    d0, d1 : array_like
        Sizes at the start and end of the period (SLD in mm, or volumes with ``volume=True``).
    days : array_like
        Length of the period in days (> 0).
    linear : bool
        Return the linearised ``100·TG`` instead of ``100·(exp(TG) - 1)``.
    volume : bool
        Sizes are volumes: TG = ln(V1/V0)/Δt without the factor 3.

    Returns
    -------
    ndarray
        NaN where ``d0 <= 0`` or ``days <= 0``; -100 when ``d1 == 0``.

    Examples
    --------
    >>> round(float(tgr_pct_per_month(40.0, 50.0, 365.25 / 12)), 2)  # +25 % SLD in one month
    95.31
    >>> round(float(tgr_pct_per_month(40.0, 50.0, 365.25 / 12, linear=True)), 2)
    66.94
    """
    d0, d1, days = (np.asarray(x, dtype=float) for x in (d0, d1, days))
    months = days / DAYS_PER_MONTH
    with np.errstate(divide="ignore", invalid="ignore"):
        tg = (1.0 if volume else 3.0) * np.log(d1 / d0) / months
        out = 100.0 * tg if linear else 100.0 * (np.exp(tg) - 1.0)
    bad = ~((d0 > 0) & (days > 0) & (d1 >= 0))
    return np.where(bad, np.nan, out)


def tgk_per_month(d0, d1, days):
    """Tumour growth kinetics: size change per month (mm/month for SLD; Saâda-Bouzid 2017).

    Examples
    --------
    >>> float(tgk_per_month(40.0, 50.0, 2 * 365.25 / 12))
    5.0
    """
    d0, d1, days = (np.asarray(x, dtype=float) for x in (d0, d1, days))
    with np.errstate(divide="ignore", invalid="ignore"):
        out = (d1 - d0) / (days / DAYS_PER_MONTH)
    return np.where(days > 0, out, np.nan)


def _ratio(num, den):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(np.isfinite(num) & np.isfinite(den) & (den != 0), num / den, np.nan)


def growth_metrics(cohort=None, *, series: TumourSeries | None = None, value: str | None = None,
                   linear: bool = False, max_reference_days: float | None = None,
                   max_first_eval_days: float | None = None,
                   max_baseline_days_before: float | None = None) -> pd.DataFrame:
    """Per-patient growth metrics over the reference and experimental periods.

    Parameters
    ----------
    cohort : Cohort
        Scans and treatments (see :func:`~mdm2io.kinetics.series.tumour_series`).
    series : TumourSeries, optional
        Already prepared series (then ``cohort`` may be None).
    value : str, optional
        Size column (default: ``sld_mm``, else ``tumour_burden``, else
        ``pct_change_from_baseline``).
    linear : bool
        Linearised TGR (``100·TG``) instead of the exact ``100·(exp(TG) - 1)``.
    max_reference_days, max_first_eval_days : float, optional
        Windows (days) as in Kim 2019 (84 = 12 weeks): the pre-baseline scan must be at
        most this many days before treatment start, the first evaluation at most this
        many days after it; otherwise the period is not evaluable.
    max_baseline_days_before : float, optional
        Accept as baseline only a scan at most this many days before treatment start
        (RECIST 1.1: 28, ``RECIST_BASELINE_MAX_DAYS``); default no limit. Baseline,
        pre-baseline and first evaluation are chosen by
        :func:`~mdm2io.kinetics.baseline_scans`, the rule every kinetics module shares.

    Returns
    -------
    DataFrame
        One row per patient of the cohort, with units in the column names:
        ``prebaseline_day``, ``baseline_day``, ``first_eval_day``, ``size_prebaseline``,
        ``size_baseline``, ``size_first_eval``, ``tgr_ref_pct_per_month``,
        ``tgr_exp_pct_per_month``, ``tgr_ratio``, ``delta_tgr_pct_per_month``,
        ``tgk_ref_mm_per_month``, ``tgk_exp_mm_per_month``, ``tgk_ratio``,
        ``pace_ref_pct_per_month``, ``pace_exp_pct_per_month`` (% SLD change per month,
        Kato 2017), ``pct_change_first_eval``, ``abs_change_first_eval_mm``,
        ``best_pct_change``, ``new_lesions_first_eval``, ``new_organ_first_eval``,
        ``ecog_baseline``, ``ecog_worst_2mo``, ``ttf_months``, ``n_scans``, and the
        reasons ``ref_reason`` / ``exp_reason`` / ``ttf_reason`` (empty when available).
        TGK columns are NaN unless sizes are SLD in mm.

    Examples
    --------
    >>> from mdm2io.kinetics import cohort_from_scans
    >>> c = cohort_from_scans({"patient_id": ["p1"] * 3, "day": [-60, -2, 40], "sld_mm": [40, 50, 80]})
    >>> m = growth_metrics(c).iloc[0]
    >>> [round(float(m[k]), 2) for k in ("tgr_ref_pct_per_month", "tgr_exp_pct_per_month", "tgr_ratio")]
    [42.09, 177.83, 4.22]
    """
    s = series if series is not None else tumour_series(cohort, value=value)
    sc = s.scans
    pids = s.patients["patient_id"].astype(str)
    out = pd.DataFrame({"patient_id": pids.to_numpy()}).set_index("patient_id")
    days = baseline_scans(sc, max_baseline_days_before=max_baseline_days_before).set_index("patient_id")
    post = sc[sc["day"] > 0]
    last_of_day = sc.drop_duplicates(["patient_id", "day"], keep="last").set_index(["patient_id", "day"])
    first_of_day = sc.drop_duplicates(["patient_id", "day"], keep="first").set_index(["patient_id", "day"])

    def _at(which: str, rows: pd.DataFrame) -> pd.DataFrame:
        d = days[which].dropna()
        return rows.reindex(pd.MultiIndex.from_arrays([d.index, d.to_numpy()])).reset_index(level=1) \
            .rename(columns={"level_1": "day"}).rename_axis("patient_id")

    base, prebase, first = _at("baseline_day", last_of_day), _at("prebaseline_day", last_of_day), \
        _at("first_eval_day", first_of_day)
    out["n_scans"] = sc.groupby("patient_id").size().reindex(out.index).fillna(0).astype(int)
    for name, tab in (("prebaseline", prebase), ("baseline", base), ("first_eval", first)):
        out[f"{name}_day"] = tab["day"].reindex(out.index)
        out[f"size_{name}"] = tab["size"].reindex(out.index)
    out["new_lesions_first_eval"] = first["new_lesions"].reindex(out.index)
    out["new_organ_first_eval"] = first["new_organ"].reindex(out.index)
    out["new_lesions_involved_organ_first_eval"] = first["new_lesions_involved_organ"].reindex(out.index)
    d_pre, d_base, d_eval = (out[f"size_{k}"].to_numpy() for k in ("prebaseline", "baseline", "first_eval"))
    dt_ref = out["baseline_day"].to_numpy() - out["prebaseline_day"].to_numpy()
    dt_exp = out["first_eval_day"].to_numpy() - out["baseline_day"].to_numpy()

    ref_reason = np.full(len(out), "", dtype=object)
    exp_reason = np.full(len(out), "", dtype=object)
    has_base = ~np.isnan(d_base)
    ref_reason[np.isnan(d_pre)] = "no pre-baseline scan"
    base_why = days["baseline_reason"].reindex(out.index).fillna("").to_numpy(dtype=object)
    ref_reason[~has_base] = base_why[~has_base]
    exp_reason[np.isnan(d_eval)] = "no scan after treatment start"
    exp_reason[~has_base] = base_why[~has_base]
    no_scans = out["n_scans"].to_numpy() == 0
    has_rows = out.index.isin(s.unused["patient_id"])
    ref_reason[no_scans & has_rows] = exp_reason[no_scans & has_rows] = "no usable scan (see unused scan rows)"
    ref_reason[no_scans & ~has_rows] = exp_reason[no_scans & ~has_rows] = "no scans recorded"
    zero = has_base & (d_base == 0)
    exp_reason[zero & (exp_reason == "")] = "baseline size is 0 (growth rate undefined)"
    ref_reason[(d_pre == 0) & (ref_reason == "")] = "pre-baseline size is 0 (growth rate undefined)"
    if max_reference_days is not None:
        late = (-out["prebaseline_day"].to_numpy() > max_reference_days) & (ref_reason == "")
        ref_reason[late] = f"pre-baseline scan more than {max_reference_days:g} days before treatment start"
    if max_first_eval_days is not None:
        late = (out["first_eval_day"].to_numpy() > max_first_eval_days) & (exp_reason == "")
        exp_reason[late] = f"no first evaluation within {max_first_eval_days:g} days of treatment start"
    ref_ok, exp_ok = ref_reason == "", exp_reason == ""

    tgr_ref = np.where(ref_ok, tgr_pct_per_month(d_pre, d_base, dt_ref, linear=linear), np.nan)
    tgr_exp = np.where(exp_ok, tgr_pct_per_month(d_base, d_eval, dt_exp, linear=linear), np.nan)
    out["tgr_ref_pct_per_month"] = tgr_ref
    out["tgr_exp_pct_per_month"] = tgr_exp
    out["tgr_ratio"] = _ratio(tgr_exp, tgr_ref)
    out["delta_tgr_pct_per_month"] = tgr_exp - tgr_ref
    mm = s.measure == "sld_mm"
    tgk_ref = np.where(ref_ok & mm, tgk_per_month(d_pre, d_base, dt_ref), np.nan)
    tgk_exp = np.where(exp_ok & mm, tgk_per_month(d_base, d_eval, dt_exp), np.nan)
    out["tgk_ref_mm_per_month"] = tgk_ref
    out["tgk_exp_mm_per_month"] = tgk_exp
    out["tgk_ratio"] = _ratio(tgk_exp, tgk_ref)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct_ref = 100.0 * (d_base / d_pre - 1.0)
        pct_exp = 100.0 * (d_eval / d_base - 1.0)
        out["pace_ref_pct_per_month"] = np.where(ref_ok, pct_ref / (dt_ref / DAYS_PER_MONTH), np.nan)
        out["pace_exp_pct_per_month"] = np.where(exp_ok, pct_exp / (dt_exp / DAYS_PER_MONTH), np.nan)
    out["pct_change_first_eval"] = np.where(exp_ok, pct_exp, np.nan)
    out["abs_change_first_eval_mm"] = np.where(exp_ok & mm, d_eval - d_base, np.nan)
    # best (minimum) % change from baseline over all on-treatment scans
    pb = post.join(base["size"].rename("b"), on="patient_id")
    with np.errstate(divide="ignore", invalid="ignore"):
        pb = pb.assign(pct=100.0 * (pb["size"] / pb["b"] - 1.0))
    pb = pb[np.isfinite(pb["pct"])]
    out["best_pct_change"] = pb.groupby("patient_id")["pct"].min().reindex(out.index)
    # ECOG: at baseline, and worst (highest) within 2 months of start (Lo Russo 2019)
    out["ecog_baseline"] = base["ecog"].reindex(out.index)
    clin = s.clinical if s.clinical is not None else sc
    early = clin[(clin["day"] > 0) & (clin["day"] <= TWO_MONTHS_DAYS)]
    out["ecog_worst_2mo"] = early.groupby("patient_id")["ecog"].max().reindex(out.index)
    # time to treatment failure: ICI start -> stop (any reason)
    tx = s.patients.set_index("patient_id").reindex(out.index)
    ttf_days = tx["stop_day"].to_numpy(dtype=float) - tx["start_day"].to_numpy(dtype=float)
    if "stop_date" in tx and tx["stop_date"].notna().any():
        by_date = (pd.to_datetime(tx["stop_date"]) - pd.to_datetime(tx["start_date"])).dt.days.to_numpy(dtype=float)
        ttf_days = np.where(np.isnan(ttf_days), by_date, ttf_days)
    out["ttf_months"] = ttf_days / DAYS_PER_MONTH
    ttf_reason = np.where(np.isnan(ttf_days), "no treatment stop recorded (time to treatment failure unknown)", "")
    out["ref_reason"] = ref_reason
    out["exp_reason"] = exp_reason
    out["ttf_reason"] = ttf_reason
    out["size_measure"] = s.measure
    return out.reset_index()
