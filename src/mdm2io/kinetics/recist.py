"""RECIST 1.1 and iRECIST responses per time point and best overall response.

RECIST 1.1 (Eisenhauer EA et al. Eur J Cancer 2009;45:228-247, doi:10.1016/j.ejca.2008.10.026):
target sum = longest diameters of non-nodal lesions + short axes of nodes; CR = all non-nodal
target lesions gone and every target node < 10 mm; PR = >= 30 % decrease of the sum vs
baseline; PD = >= 20 % and >= 5 mm increase over the nadir (smallest sum so far, baseline
included) or unequivocal non-target progression or any new lesion; SD otherwise.

iRECIST (Seymour L et al. Lancet Oncol 2017;18:e143-e152, doi:10.1016/S1470-2045(17)30074-8):
the first RECIST PD is iUPD, remembering which categories progressed (target, non-target, new
lesions); it becomes iCPD at a later assessment (at least 4 weeks after iUPD, 2 days'
tolerance, unless additional new lesions appear) that shows, against the iUPD values, a further
>= 5 mm increase of the target sum, any further growth of non-target disease, a >= 5 mm
increase of the new-lesion target (NLT) sum, growth of a new non-target lesion (NLNT), more new
lesions, or RECIST 1.1 progression in a category not involved before; an assessment that is
iSD/iPR/iCR again resets the bar. New lesions are classed NLT (up to 5 measurable, <= 2 per
organ) or NLNT in :mod:`mdm2io.kinetics.lesions`.

Input: lesion-level data (``Cohort.lesions``; measurability and target caps checked, see
:func:`~mdm2io.kinetics.recist_lesion_problems`) when present, otherwise the scans' sum
(``sld_mm``) - then only the sum-based subset applies (CR = sum 0; no non-target
assessment; new lesions only if ``scans.new_lesions`` is given) and ``basis`` says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .lesions import ABSENT_STATUSES, NORMAL_NODE_MM, lesion_days, new_lesion_present, prepare_lesions
from .series import baseline_scans, tumour_series

__all__ = ["recist_timepoints", "recist_responses", "RESPONSE_ORDER"]

#: Best-to-worst order used for best overall response.
RESPONSE_ORDER = ("CR", "PR", "SD", "PD", "NE")
_IORDER = ("iCR", "iPR", "iSD", "iUPD", "iCPD", "NE")


def _from_lesions(les: pd.DataFrame) -> pd.DataFrame:
    """Per patient-day from prepared lesion rows (:func:`~mdm2io.kinetics.lesions.prepare_lesions`)."""
    status, is_node, diam = les["status"], les["is_node"], les["diameter_mm"].astype(float)
    role, cat = les["role_used"], les["new_category"]
    tgt, nt = role == "target", role == "non_target"
    absent = status.isin(ABSENT_STATUSES)
    grows = status.str.contains("unequivocal") | status.str.contains("increas")
    # a node whose short axis is below 10 mm is normal (RECIST 1.1 §4.3.1)
    normal_node = is_node & (diam < NORMAL_NODE_MM)
    new = pd.Series(new_lesion_present(les, "role_used"), index=les.index)
    les = les.assign(
        tsum=np.where(tgt, diam.fillna(0.0), 0.0), n_t=tgt.astype(int),
        t_notcr=tgt & ((~is_node & (diam > 0)) | (is_node & (diam >= NORMAL_NODE_MM))),
        t_missing=tgt & diam.isna(),
        nt_pd=nt & status.str.contains("unequivocal"), nt_grows=nt & grows,
        nt_present=nt & ~absent & ~normal_node,
        nt_d=np.where(nt & ~absent, diam, np.nan),
        new=new,
        nlt_d=np.where(new & (cat == "NLT"), diam.fillna(0.0), 0.0),
        nlnt_d=np.where(new & (cat == "NLNT"), diam, np.nan),
        nlnt_grows=new & (cat == "NLNT") & grows,
    )
    g = les.groupby(["patient_id", "day"])
    out = pd.DataFrame({"size": g["tsum"].sum(), "n_t": g["n_t"].sum(), "target_cr": ~g["t_notcr"].any(),
                        "missing": g["t_missing"].any(), "nontarget_pd": g["nt_pd"].any(),
                        "nontarget_grows": g["nt_grows"].any(), "nontarget_cr": ~g["nt_present"].any(),
                        "nontarget_sum_mm": g["nt_d"].sum(min_count=1),
                        "new_lesions": g["new"].sum().astype(float), "nlt_sum_mm": g["nlt_d"].sum(),
                        "nlnt_sum_mm": g["nlnt_d"].sum(min_count=1), "nlnt_grows": g["nlnt_grows"].any()}).reset_index()
    out.loc[out["missing"] | (out["n_t"] == 0), "size"] = np.nan
    # distinct new lesions seen so far (iRECIST "additional new lesions" = more than at iUPD)
    first = les[new].groupby(["patient_id", "lesion_id"])["day"].min().reset_index().assign(k=1)
    cnt = pd.concat([first[["patient_id", "day", "k"]], out[["patient_id", "day"]].assign(k=0)])
    cnt = cnt.groupby(["patient_id", "day"])["k"].sum().groupby(level=0).cumsum()
    out["new_lesions_seen"] = cnt.reindex(pd.MultiIndex.from_frame(out[["patient_id", "day"]])).to_numpy(float)
    return out.drop(columns=["missing", "n_t"])


def recist_timepoints(cohort, *, value: str | None = None, use_lesions: bool | None = None,
                      measurability: str = "report", max_baseline_days_before: float | None = None) -> pd.DataFrame:
    """RECIST 1.1 and iRECIST response at every on-treatment assessment.

    Parameters
    ----------
    cohort : Cohort
    value : str, optional
        Size column of ``scans`` for sum-based assessment.
    use_lesions : bool, optional
        Use ``Cohort.lesions`` (default when it has rows).
    measurability : {"report", "enforce"}
        Lesion-level data: target lesions that break the RECIST 1.1 rules (< 10 mm, nodes
        < 15 mm, more than 5 or more than 2 per organ, not at baseline) are kept as given
        (``"report"``, default) or counted as non-target (``"enforce"``); either way they
        are listed by :func:`~mdm2io.kinetics.recist_lesion_problems`.
    max_baseline_days_before : float, optional
        Accept as baseline only an assessment at most this many days before treatment start
        (RECIST 1.1 §3.3: "never more than 4 weeks before", 28 =
        :data:`~mdm2io.kinetics.RECIST_BASELINE_MAX_DAYS`); a patient whose last
        pre-treatment assessment is older has no baseline and no time points. Default: no
        limit. Same rule (:func:`~mdm2io.kinetics.baseline_scans`) as
        :func:`~mdm2io.kinetics.growth_metrics`.

    Returns
    -------
    DataFrame
        ``patient_id``, ``day``, ``size`` (target sum), ``pct_change_from_baseline``,
        ``change_from_nadir_mm``, ``target_response``, ``overall_response`` (CR, PR, SD,
        PD, NE), ``new_lesions`` (present at this scan), ``new_lesions_seen`` (distinct new
        lesions so far), ``new_lesion_target_sum_mm`` (iRECIST NLT sum; lesion data only),
        ``iresponse`` (iCR, iPR, iSD, iUPD, iCPD, NE), ``iresponse_reason`` (what made an
        iUPD or confirmed it), ``basis`` ("lesions" or "sum only").

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.cohort import Cohort
    >>> scans = pd.DataFrame({"patient_id": ["p"] * 5, "day": [-3, 42, 84, 126, 168],
    ...                       "sld_mm": [50, 34, 45, 52, 60]})
    >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), scans=scans)
    >>> recist_timepoints(c)[["day", "overall_response", "iresponse"]].values.tolist()
    [[42.0, 'PR', 'iPR'], [84.0, 'PD', 'iUPD'], [126.0, 'PD', 'iCPD'], [168.0, 'PD', 'iCPD']]

    With the RECIST 1.1 window, a baseline scan 40 days before the start does not count:

    >>> len(recist_timepoints(Cohort(patients=c.patients, scans=scans.assign(day=[-40, 42, 84, 126, 168])),
    ...                       max_baseline_days_before=28))
    0
    """
    return _timepoints(cohort, value, use_lesions, measurability, max_baseline_days_before)[0]


def _timepoints(cohort, value, use_lesions, measurability, max_baseline_days_before):
    """:func:`recist_timepoints` and, per patient, why there is no baseline (empty if there is one)."""
    lesions = cohort.lesions
    if use_lesions is None:
        use_lesions = len(lesions) > 0
    if use_lesions:
        tp = _from_lesions(prepare_lesions(cohort, measurability,
                                           max_baseline_days_before=max_baseline_days_before)[0])
        # prepare_lesions drops patients without a baseline: the reason comes from all lesion days
        les_days = lesion_days(cohort)
        basis, absolute = "lesions", True
    else:
        s = tumour_series(cohort, value=value)
        tp = s.scans[["patient_id", "day", "size", "new_lesions"]].copy()
        tp["target_cr"] = tp["size"] == 0
        tp["nontarget_pd"] = False
        tp["nontarget_cr"] = True
        tp["new_lesions_seen"] = tp.groupby("patient_id")["new_lesions"].cummax()
        basis, absolute = "sum only", s.absolute
    tp = tp.sort_values(["patient_id", "day"], kind="mergesort").reset_index(drop=True)
    bs = baseline_scans(les_days if use_lesions else tp, max_baseline_days_before=max_baseline_days_before)
    no_base = bs.set_index("patient_id")["baseline_reason"]
    base = bs.dropna(subset=["baseline_day"])[["patient_id", "baseline_day"]]
    sizes = tp.drop_duplicates(["patient_id", "day"], keep="last")[["patient_id", "day", "size"]]
    base = base.merge(sizes.rename(columns={"day": "baseline_day", "size": "baseline_size"}),
                      on=["patient_id", "baseline_day"])
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
    tp["iresponse"], tp["iresponse_reason"] = _irecist(tp)
    if "nlt_sum_mm" not in tp:
        tp["nlt_sum_mm"] = np.nan
    tp = tp.rename(columns={"nlt_sum_mm": "new_lesion_target_sum_mm"})
    return tp[["patient_id", "day", "size", "pct_change_from_baseline", "change_from_nadir_mm", "target_response",
               "overall_response", "new_lesions", "new_lesions_seen", "new_lesion_target_sum_mm", "iresponse",
               "iresponse_reason", "basis"]], no_base


def _col(tp: pd.DataFrame, name: str, default) -> np.ndarray:
    return tp[name].to_numpy() if name in tp else np.full(len(tp), default)


def _irecist(tp: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """iRECIST state machine over each patient's assessments (rows sorted by patient and day).

    Seymour 2017 (Table 2 and "confirming progression"): the categories that made the iUPD
    (target, non-target, new lesions) are remembered with their values at iUPD; a later
    assessment (>= 4 weeks after, 2 days' tolerance) confirms iCPD when, against those values,
    the target sum rose by >= 5 mm more, the non-target disease grew at all (no need for
    unequivocal progression), the NLT sum rose by >= 5 mm or a new non-target lesion grew, or a
    category not involved before now meets RECIST 1.1 progression; additional new lesions
    confirm at any time. Increases are counted from the iUPD assessment, so they add up over
    several assessments. An iSD/iPR/iCR time point (no new lesions present) resets.
    """
    pid = tp["patient_id"].to_numpy()
    day = tp["day"].to_numpy(float)
    size = tp["size"].to_numpy(float)
    resp = tp["overall_response"].to_numpy(object)
    target = tp["target_response"].to_numpy(object)
    new = np.nan_to_num(_col(tp, "new_lesions", 0.0).astype(float))
    seen = np.nan_to_num(_col(tp, "new_lesions_seen", 0.0).astype(float))
    nt_pd = _col(tp, "nontarget_pd", False).astype(bool)
    nt_grows = _col(tp, "nontarget_grows", False).astype(bool)
    nt_sum = _col(tp, "nontarget_sum_mm", np.nan).astype(float)
    nlt = _col(tp, "nlt_sum_mm", np.nan).astype(float)
    nlnt = _col(tp, "nlnt_sum_mm", np.nan).astype(float)
    nlnt_grows = _col(tp, "nlnt_grows", False).astype(bool)
    out = np.empty(len(tp), dtype=object)
    why = np.full(len(tp), "", dtype=object)
    state, cur, ref = None, None, {}
    for i in range(len(tp)):
        if pid[i] != cur:
            cur, state = pid[i], None
        if state == "iCPD":
            out[i] = "iCPD"
            continue
        if state == "iUPD":
            early = day[i] - ref["day"] < 28 - 2
            cats = ref["cats"]
            found = []
            if seen[i] > ref["seen"]:
                found.append(f"{seen[i] - ref['seen']:g} additional new lesion(s)")
            if not early:
                if "target" in cats and size[i] - ref["size"] >= 5.0:
                    found.append(f"target sum +{size[i] - ref['size']:g} mm over iUPD")
                elif "target" not in cats and target[i] == "PD":
                    found.append("target lesions now progress (RECIST 1.1)")
                if "non-target" in cats and (nt_grows[i] or nt_sum[i] > ref["nt_sum"]):
                    found.append("non-target disease grew further")
                elif "non-target" not in cats and nt_pd[i]:
                    found.append("unequivocal non-target progression")
                if "new lesions" in cats:
                    if nlt[i] - ref["nlt"] >= 5.0:
                        found.append(f"new-lesion target sum +{nlt[i] - ref['nlt']:g} mm over iUPD")
                    if nlnt_grows[i] or nlnt[i] > ref["nlnt"]:
                        found.append("new non-target lesion grew")
            if found:
                state = out[i] = "iCPD"
                why[i] = "; ".join(found)
            elif resp[i] in ("CR", "PR", "SD"):
                state, out[i] = None, "i" + resp[i]
                why[i] = "reset: no longer progressing"
            else:
                out[i] = "iUPD"
                why[i] = "not confirmed" + (" (< 4 weeks after iUPD)" if early else "")
            continue
        if resp[i] == "PD":
            cats = [c for c, hit in (("target", target[i] == "PD"), ("non-target", nt_pd[i]),
                                     ("new lesions", new[i] > 0)) if hit]
            state = out[i] = "iUPD"
            why[i] = "iUPD: " + ", ".join(cats)
            ref = {"cats": cats, "size": size[i], "day": day[i], "seen": seen[i], "nt_sum": nt_sum[i],
                   "nlt": nlt[i], "nlnt": nlnt[i]}
        else:
            out[i] = "NE" if resp[i] == "NE" else "i" + resp[i]
    return out, why


def recist_responses(cohort, *, value: str | None = None, confirm: bool = False, min_sd_days: float = 0.0,
                     use_lesions: bool | None = None, measurability: str = "report",
                     max_baseline_days_before: float | None = None) -> pd.DataFrame:
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
    measurability : {"report", "enforce"}
        See :func:`recist_timepoints`.
    max_baseline_days_before : float, optional
        RECIST 1.1 §3.3 baseline window (see :func:`recist_timepoints`); a patient whose
        baseline it rejects is NE with ``reason`` saying so. Default: no limit.

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
    [63, 338, 900, 157, 14]
    """
    tp, no_base = _timepoints(cohort, value, use_lesions, measurability, max_baseline_days_before)
    pids = cohort.patients["patient_id"].astype(str)
    # the default text stays as it was; with the window on, the baseline rule's own reason
    why = pd.Series("no baseline and on-treatment assessment", index=pids.to_numpy())
    if max_baseline_days_before is not None:
        why.update(no_base[no_base != ""])
    if tp.empty:
        out = pd.DataFrame({"patient_id": pids, "best_overall_response": "NE",
                            "best_pct_change": np.nan, "first_pd_day": np.nan, "best_overall_iresponse": "NE",
                            "n_assessments": 0, "basis": "", "reason": why.to_numpy(object)})
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
    out["reason"] = np.where(out["n_assessments"] == 0, why.to_numpy(object), "")
    return out
