"""RECIST 1.1 and iRECIST responses per time point and best overall response.

RECIST 1.1 (Eisenhauer EA et al. Eur J Cancer 2009;45:228-247, doi:10.1016/j.ejca.2008.10.026):
target sum = longest diameters of non-nodal lesions + short axes of nodes; CR = all non-nodal
target lesions gone and every target node < 10 mm; PR = >= 30 % decrease of the sum vs
baseline; PD = >= 20 % and >= 5 mm increase over the nadir (smallest sum so far, baseline
included) or unequivocal non-target progression or any new lesion; SD otherwise.

iRECIST (Seymour L et al. Lancet Oncol 2017;18:e143-e152, doi:10.1016/S1470-2045(17)30074-8):
the first RECIST PD is iUPD; it becomes iCPD at a later assessment (at least 4 weeks after
iUPD, 2 days' tolerance, unless additional new lesions appear) that shows a further >= 5 mm
increase of the target sum over the iUPD sum, more new lesions, or (lesion-level data)
unequivocal non-target progression;
an assessment that is iSD/iPR/iCR again resets the bar.

Input: lesion-level data (``Cohort.lesions``) when present, otherwise the scans' sum
(``sld_mm``) - then only the sum-based subset applies (CR = sum 0; no non-target
assessment; new lesions only if ``scans.new_lesions`` is given) and ``basis`` says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .series import tumour_series

__all__ = ["recist_timepoints", "recist_responses", "RESPONSE_ORDER"]

#: Best-to-worst order used for best overall response.
RESPONSE_ORDER = ("CR", "PR", "SD", "PD", "NE")
_IORDER = ("iCR", "iPR", "iSD", "iUPD", "iCPD", "NE")


def _from_lesions(lesions: pd.DataFrame, cohort) -> pd.DataFrame:
    """Per patient-day: target sum, target CR, non-target CR / PD, new-lesion count."""
    les = lesions.copy()
    if "day" not in les or les["day"].isna().all():
        start = cohort.treatments.groupby("patient_id")["start_date"].min() if "start_date" in cohort.treatments else None
        les["day"] = (pd.to_datetime(les["date"]) - les["patient_id"].map(start)).dt.days.astype(float)
    status = les.get("status", pd.Series("", index=les.index)).fillna("").str.lower()
    is_node = les.get("is_node", pd.Series(0, index=les.index)).fillna(0).astype(int) == 1
    diam = les["diameter_mm"].astype(float)
    tgt = les["role"] == "target"
    les = les.assign(
        tsum=np.where(tgt, diam.fillna(0.0), 0.0),
        t_notcr=tgt & ((~is_node & (diam > 0)) | (is_node & (diam >= 10))),
        t_missing=tgt & diam.isna(),
        nt_pd=(les["role"] == "non_target") & status.str.contains("unequivocal"),
        nt_present=(les["role"] == "non_target") & ~status.isin(["absent", "disappeared", "0"]),
        new=(les["role"] == "new") & ~status.isin(["absent", "0"]),
    )
    g = les.groupby(["patient_id", "day"])
    out = pd.DataFrame({"size": g["tsum"].sum(), "target_cr": ~g["t_notcr"].any(), "missing": g["t_missing"].any(),
                        "nontarget_pd": g["nt_pd"].any(), "nontarget_cr": ~g["nt_present"].any(),
                        "new_lesions": g["new"].sum().astype(float)}).reset_index()
    out.loc[out["missing"], "size"] = np.nan
    return out.drop(columns="missing")


def recist_timepoints(cohort, *, value: str | None = None, use_lesions: bool | None = None) -> pd.DataFrame:
    """RECIST 1.1 and iRECIST response at every on-treatment assessment.

    Parameters
    ----------
    cohort : Cohort
    value : str, optional
        Size column of ``scans`` for sum-based assessment.
    use_lesions : bool, optional
        Use ``Cohort.lesions`` (default when it has rows).

    Returns
    -------
    DataFrame
        ``patient_id``, ``day``, ``size``, ``pct_change_from_baseline``,
        ``change_from_nadir_mm``, ``target_response``, ``overall_response`` (CR, PR, SD,
        PD, NE), ``iresponse`` (iCR, iPR, iSD, iUPD, iCPD), ``basis``
        ("lesions" or "sum only").

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.cohort import Cohort
    >>> scans = pd.DataFrame({"patient_id": ["p"] * 5, "day": [-3, 42, 84, 126, 168],
    ...                       "sld_mm": [50, 34, 45, 52, 60]})
    >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), scans=scans)
    >>> recist_timepoints(c)[["day", "overall_response", "iresponse"]].values.tolist()
    [[42.0, 'PR', 'iPR'], [84.0, 'PD', 'iUPD'], [126.0, 'PD', 'iCPD'], [168.0, 'PD', 'iCPD']]
    """
    lesions = cohort.lesions
    if use_lesions is None:
        use_lesions = len(lesions) > 0
    if use_lesions:
        tp = _from_lesions(lesions, cohort)
        basis, absolute = "lesions", True
    else:
        s = tumour_series(cohort, value=value)
        tp = s.scans[["patient_id", "day", "size", "new_lesions"]].copy()
        tp["target_cr"] = tp["size"] == 0
        tp["nontarget_pd"] = False
        tp["nontarget_cr"] = True
        basis, absolute = "sum only", s.absolute
    tp = tp.sort_values(["patient_id", "day"], kind="mergesort").reset_index(drop=True)
    base = tp[tp["day"] <= 0].groupby("patient_id").tail(1)[["patient_id", "day", "size"]]
    base = base.rename(columns={"day": "baseline_day", "size": "baseline_size"})
    tp = tp.merge(base, on="patient_id")
    tp = tp[tp["day"] >= tp["baseline_day"]].reset_index(drop=True)
    # nadir before each assessment: running minimum of earlier sums, baseline included
    prev_min = tp.groupby("patient_id")["size"].cummin().groupby(tp["patient_id"]).shift(1)
    post = tp["day"] > tp["baseline_day"]
    size, b = tp["size"].to_numpy(float), tp["baseline_size"].to_numpy(float)
    nadir = prev_min.to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100.0 * (size / b - 1.0)
        up = size - nadir
        pd_target = (up >= 0.2 * nadir) & ((up >= 5.0) if absolute else True) & (up > 0)
    target = np.select([np.isnan(size), tp["target_cr"].to_numpy(bool), pd_target, pct <= -30.0],
                       ["NE", "CR", "PD", "PR"], default="SD")
    new = np.nan_to_num(tp["new_lesions"].to_numpy(float)) > 0
    nt_pd = tp["nontarget_pd"].to_numpy(bool)
    overall = np.where(new | nt_pd | (target == "PD"), "PD",
                       np.where((target == "CR") & ~tp["nontarget_cr"].to_numpy(bool), "PR", target))
    tp = tp.assign(pct_change_from_baseline=pct, change_from_nadir_mm=up if absolute else np.nan,
                   target_response=target, overall_response=overall, basis=basis)
    tp = tp[post].reset_index(drop=True)
    tp["iresponse"] = _irecist(tp)
    return tp[["patient_id", "day", "size", "pct_change_from_baseline", "change_from_nadir_mm", "target_response",
               "overall_response", "iresponse", "basis"]]


def _irecist(tp: pd.DataFrame) -> np.ndarray:
    """iRECIST state machine over each patient's assessments (rows sorted by patient and day)."""
    pid = tp["patient_id"].to_numpy()
    day = tp["day"].to_numpy(float)
    size = tp["size"].to_numpy(float)
    resp = tp["overall_response"].to_numpy(object)
    new = np.nan_to_num(tp["new_lesions"].to_numpy(float)) if "new_lesions" in tp else np.zeros(len(tp))
    nt_pd = tp["nontarget_pd"].to_numpy(bool) if "nontarget_pd" in tp else np.zeros(len(tp), bool)
    out = np.empty(len(tp), dtype=object)
    state, ref_size, ref_new, ref_day, cur = None, np.nan, 0.0, np.nan, None
    for i in range(len(tp)):
        if pid[i] != cur:
            cur, state = pid[i], None
        if state == "iCPD":
            out[i] = "iCPD"
            continue
        if state == "iUPD":
            more_new = new[i] > ref_new
            early = day[i] - ref_day < 28 - 2
            grew = (size[i] - ref_size) >= 5.0 if not np.isnan(size[i]) else False
            if more_new or ((grew or nt_pd[i]) and not early):
                state = out[i] = "iCPD"
            elif resp[i] in ("CR", "PR", "SD"):
                state, out[i] = None, "i" + resp[i]
            else:
                out[i] = "iUPD"
            continue
        if resp[i] == "PD":
            state, out[i] = "iUPD", "iUPD"
            ref_size, ref_new, ref_day = size[i], new[i], day[i]
        else:
            out[i] = "NE" if resp[i] == "NE" else "i" + resp[i]
    return out


def recist_responses(cohort, *, value: str | None = None, confirm: bool = False, min_sd_days: float = 0.0,
                     use_lesions: bool | None = None) -> pd.DataFrame:
    """Best overall response per patient under RECIST 1.1 and iRECIST.

    Parameters
    ----------
    cohort : Cohort
    confirm : bool
        Require CR/PR to be confirmed by a later assessment >= 28 days after (RECIST 1.1
        for non-randomised trials); unconfirmed responses count as SD.
    min_sd_days : float
        SD counts as best response only at an assessment at least this many days after
        treatment start (protocol-specific; 0 = no minimum).

    Returns
    -------
    DataFrame
        One row per patient of the cohort: ``patient_id``, ``best_overall_response``
        (CR, PR, SD, PD, NE), ``best_pct_change``, ``first_pd_day``,
        ``best_overall_iresponse``, ``n_assessments``, ``basis``, ``reason`` (why NE).

    Examples
    --------
    >>> from mdm2io.datasets import load_laleh2022
    >>> r = recist_responses(load_laleh2022())
    >>> r.best_overall_response.value_counts().reindex(["CR", "PR", "SD", "PD", "NE"]).tolist()
    [63, 338, 899, 158, 14]
    """
    tp = recist_timepoints(cohort, value=value, use_lesions=use_lesions)
    if tp.empty:
        out = pd.DataFrame({"patient_id": cohort.patients["patient_id"].astype(str), "best_overall_response": "NE",
                            "best_pct_change": np.nan, "first_pd_day": np.nan, "best_overall_iresponse": "NE",
                            "n_assessments": 0, "basis": "", "reason": "no baseline and on-treatment assessment"})
        return out
    resp = tp["overall_response"].to_numpy(object).copy()
    if confirm:
        ok = np.zeros(len(tp), bool)
        for pid, g in tp.groupby("patient_id", sort=False):
            d, r = g["day"].to_numpy(), g["overall_response"].to_numpy()
            for j in range(len(g)):
                if r[j] in ("CR", "PR"):
                    later = (d > d[j] + 28 - 1e-9)
                    need = ("CR",) if r[j] == "CR" else ("CR", "PR")
                    ok[g.index[j]] = bool(np.any(later & np.isin(r, need)))
        resp = np.where(np.isin(resp, ["CR", "PR"]) & ~ok, "SD", resp)
    resp = np.where((resp == "SD") & (tp["day"].to_numpy() < min_sd_days), "NE", resp)
    tp = tp.assign(_r=resp)
    # best response up to and including the first PD
    is_pd = tp["_r"] == "PD"
    n_pd_before = is_pd.astype(int).groupby(tp["patient_id"]).cumsum() - is_pd.astype(int)
    after_pd = n_pd_before > 0
    upto = tp[~after_pd]
    rank = upto["_r"].map({r: i for i, r in enumerate(RESPONSE_ORDER)})
    best = upto.assign(rank=rank).groupby("patient_id")["rank"].min().map(dict(enumerate(RESPONSE_ORDER)))
    irank = tp["iresponse"].map({r: i for i, r in enumerate(_IORDER)})
    ibest = tp.assign(rank=irank).groupby("patient_id")["rank"].min().map(dict(enumerate(_IORDER)))
    # an iUPD that was later confirmed is iCPD (Seymour 2017)
    confirmed = tp.loc[tp["iresponse"] == "iCPD", "patient_id"].unique()
    ibest[ibest.index.isin(confirmed) & (ibest == "iUPD")] = "iCPD"
    out = pd.DataFrame({"patient_id": cohort.patients["patient_id"].astype(str)})
    out["best_overall_response"] = out["patient_id"].map(best).fillna("NE")
    out["best_pct_change"] = out["patient_id"].map(tp.groupby("patient_id")["pct_change_from_baseline"].min())
    out["first_pd_day"] = out["patient_id"].map(tp[is_pd].groupby("patient_id")["day"].min())
    out["best_overall_iresponse"] = out["patient_id"].map(ibest).fillna("NE")
    out["n_assessments"] = out["patient_id"].map(tp.groupby("patient_id").size()).fillna(0).astype(int)
    out["basis"] = tp["basis"].iloc[0] if len(tp) else ""
    out["reason"] = np.where(out["n_assessments"] == 0, "no baseline and on-treatment assessment", "")
    return out
