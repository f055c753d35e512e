"""Log-rank test across groups, optionally stratified.

The unstratified p-value is lifelines' :func:`~lifelines.statistics.multivariate_logrank_test`
(Mantel, Cancer Chemother Rep 1966;50:163–170; Peto & Peto, J R Stat Soc A 1972;135:185–207,
doi:10.2307/2344317). lifelines has no stratified log-rank test, so the observed/expected
counts and the stratified statistic are computed here the way R's ``survdiff`` does: within
each stratum, at every distinct event time, expected events of group g are
d·n_g/n and the hypergeometric covariance is d·(n - d)/(n - 1)·(n_g/n)·(δ_gh - n_h/n); O - E
and the covariance are summed over times and strata and the statistic is
(O - E)ᵀ V⁻ (O - E) on rank(V) degrees of freedom (generalised inverse, as ``survdiff``).

Delayed entry (left truncation): lifelines' log-rank tests take no entry times and R's
``survdiff`` refuses counting-process data, so with an ``entry_months`` column the statistic
above is computed here on the risk sets {entry < t <= time} (n_g(t) = patients of group g
with entry < t <= time). For two groups this is the score test of a Cox model with one binary
covariate and Breslow ties (Therneau & Grambsch, Modeling Survival Data, Springer 2000,
sec. 3.3), which is how the tests check it against R: ``coxph(Surv(entry, time, event) ~ group,
ties = "breslow")$score``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from lifelines.statistics import multivariate_logrank_test
from scipy.stats import chi2

from .data import SurvivalData

__all__ = ["logrank", "logrank_components"]


def logrank_components(time, event, codes, k: int, entry=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Observed and expected events per group and their covariance matrix within one stratum.

    Parameters
    ----------
    time, event : array-like
    codes : array-like of int
        Group index 0..k-1 of every patient.
    k : int
        Number of groups.
    entry : array-like, optional
        Delayed-entry times: a patient is at risk at t when entry < t <= time.

    Returns
    -------
    observed, expected : ndarray (k,)
    covariance : ndarray (k, k)

    Examples
    --------
    >>> o, e, v = logrank_components([1, 2, 3, 4], [1, 1, 1, 1], [0, 1, 0, 1], 2)
    >>> o.tolist(), e.round(3).tolist()
    ([2.0, 2.0], [1.333, 2.667])
    >>> o, e, v = logrank_components([1, 2, 3, 4], [1, 1, 1, 1], [0, 1, 0, 1], 2, entry=[0, 0, 2, 0])
    >>> e.round(3).tolist()
    [0.833, 3.167]
    """
    t = np.asarray(time, float)
    e = np.asarray(event, int)
    g = np.asarray(codes, int)
    ev_times = np.unique(t[e == 1])
    if not len(ev_times):
        return np.zeros(k), np.zeros(k), np.zeros((k, k))
    # at risk per group at each event time: number with time >= t
    n_g = np.stack([len(t[g == j]) - np.searchsorted(np.sort(t[g == j]), ev_times, side="left") for j in range(k)], axis=1)
    if entry is not None:  # not yet entered (entry >= t) are not at risk
        en = np.asarray(entry, float)
        n_g = n_g - np.stack([len(en[g == j]) - np.searchsorted(np.sort(en[g == j]), ev_times, side="left")
                              for j in range(k)], axis=1)
    d_g = np.stack([np.searchsorted(np.sort(t[(g == j) & (e == 1)]), ev_times, side="right")
                    - np.searchsorted(np.sort(t[(g == j) & (e == 1)]), ev_times, side="left") for j in range(k)], axis=1)
    n = n_g.sum(1).astype(float)
    d = d_g.sum(1).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(n[:, None] > 0, n_g / n[:, None], 0.0)
    expected = (d[:, None] * frac).sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(n > 1, d * (n - d) / (n - 1), 0.0)
    cov = np.diag((w[:, None] * frac).sum(0)) - np.einsum("t,tg,th->gh", w, frac, frac)
    return d_g.sum(0).astype(float), expected, cov


def logrank(data: SurvivalData, strata: str | None = None) -> dict:
    """Log-rank test of equal survival across the groups of ``data``.

    Parameters
    ----------
    data : SurvivalData
    strata : str, optional
        A covariate column of ``data.table`` to stratify by (stratified log-rank test).

    Returns
    -------
    dict
        ``chi2``, ``df``, ``p``, ``stratified_by`` and ``table`` (DataFrame per group:
        ``n``, ``observed``, ``expected``, ``o_minus_e``). ``p`` is ``NaN`` when there are
        no events at all (the test is undefined). With delayed entry (``data.left_truncated``)
        the risk sets are {entry < t <= time} and ``test`` says so.

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> from mdm2io.survival import survival_data
    >>> r = logrank(survival_data(load_inspire(), "sex", endpoint="OS"))
    >>> r["df"], round(r["p"], 3)
    (1, 0.46)
    """
    t = data.table
    k = len(data.levels)
    codes = pd.Categorical(t["group"], categories=data.levels).codes
    keys = [None] if strata is None else list(pd.unique(t[strata]))
    obs, exp_, cov = np.zeros(k), np.zeros(k), np.zeros((k, k))
    for s in keys:
        m = np.ones(len(t), bool) if s is None else (t[strata] == s).to_numpy()
        o, e, v = logrank_components(t["time_months"].to_numpy()[m], t["event"].to_numpy()[m], codes[m], k,
                                     entry=t["entry_months"].to_numpy()[m] if data.left_truncated else None)
        obs += o
        exp_ += e
        cov += v
    table = pd.DataFrame({"n": pd.Series(codes).value_counts().reindex(range(k), fill_value=0).to_numpy(),
                          "observed": obs, "expected": exp_, "o_minus_e": obs - exp_},
                         index=pd.Index(data.levels, name="group"))
    name = "log-rank" if strata is None else f"stratified log-rank (by {strata})"
    if data.left_truncated:
        name += " with delayed entry (risk sets entry < t <= time)"
    out = {"test": name, "stratified_by": strata, "table": table}
    if obs.sum() == 0:
        return out | {"chi2": float("nan"), "df": k - 1, "p": float("nan")}
    diff = (obs - exp_)[:-1]
    vsub = cov[:-1, :-1]
    rank = int(np.linalg.matrix_rank(vsub))
    stat = float(diff @ np.linalg.pinv(vsub) @ diff) if rank else float("nan")
    p = float(chi2.sf(stat, rank)) if rank else float("nan")
    if strata is None and rank and not data.left_truncated:
        # the unstratified p-value comes from lifelines (equal to the statistic above)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = multivariate_logrank_test(t["time_months"], t["group"], t["event"])
        stat, p = float(res.test_statistic), float(res.p_value)
    return out | {"chi2": stat, "df": rank, "p": p}
