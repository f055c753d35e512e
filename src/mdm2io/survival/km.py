"""Kaplan–Meier curves per group, with confidence bands, medians and landmark survival.

The survival estimate itself is lifelines' :class:`~lifelines.KaplanMeierFitter` (Kaplan & Meier,
J Am Stat Assoc 1958;53:457–481, doi:10.1080/01621459.1958.10501452). On top of it this module
adds what lifelines leaves to the user:

* pointwise confidence bands under a selectable transform, from Greenwood's variance of
  log S(t), Var = sum over event times of d / (n (n - d)) (Greenwood 1926):

  - ``"log-log"`` (lifelines' default; Kalbfleisch & Prentice 1980):
    exp(-exp(log(-log S) ± z·se / log S)),
  - ``"log"`` (R ``survfit``'s default ``conf.type``): S·exp(± z·se), upper limit capped at 1,
  - ``"plain"``: S ± z·S·se, clipped to [0, 1];

* the median and its confidence interval as R's ``quantile.survfit`` defines them
  (Brookmeyer & Crowley, Biometrics 1982;38:29–41, doi:10.2307/2530286): the first time the
  curve (or band) falls to 0.5 or below; where it is exactly 0.5 over an interval, the midpoint
  of that interval;
* survival at landmark times (6/12/24 months by default) with the same bands; ``NaN`` beyond
  the last follow-up of a group (no extrapolation, as R's ``summary(fit, times)``);
* delayed entry (left truncation): with an entry time per patient the risk set at t is
  {entry < t <= time} (product-limit estimator under left truncation: Tsai, Jewell & Wang,
  Biometrika 1987;74:883–886), the estimate is lifelines' ``fit(entry=...)`` and the
  ``at_risk`` column and Greenwood terms use that risk set (at t = 0: the patients entering at
  0, see :func:`number_at_risk`), as R's
  ``survfit(Surv(entry, time, event) ~ 1)``. The curve is then conditional on being alive at
  entry; where few patients are at risk early it can drop steeply (see docs/survival.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from lifelines import KaplanMeierFitter
from lifelines.exceptions import StatError
from lifelines.utils import survival_table_from_events
from scipy.stats import norm

from ..errors import InputError
from .data import SurvivalData

__all__ = ["CONF_TYPES", "KMResult", "kaplan_meier", "km_curve", "quantile_time", "number_at_risk"]

#: Confidence-band transforms; "log-log" is lifelines' default, "log" is R survfit's default.
CONF_TYPES = ("log-log", "log", "plain")
#: Tolerance for "the curve equals p exactly" (as R: sqrt of double machine epsilon).
_TOL = float(np.sqrt(np.finfo(float).eps))


def _check_conf_type(conf_type: str) -> None:
    if conf_type not in CONF_TYPES:
        raise InputError(f"unknown confidence-band transform {conf_type!r}", expected=f"one of {', '.join(CONF_TYPES)}",
                         fix="use 'log-log' (lifelines' default) or 'log' (R survfit's default)")


def km_curve(time_months, event, *, conf_type: str = "log-log", alpha: float = 0.05, entry=None) -> pd.DataFrame:
    """The Kaplan–Meier step function of one group with a pointwise confidence band.

    Parameters
    ----------
    time_months, event : array-like
        Follow-up times (months) and event indicators (1 = event, 0 = censored).
    conf_type : {"log-log", "log", "plain"}
        Band transform (see module notes).
    alpha : float
        1 - confidence level.
    entry : array-like, optional
        Delayed-entry times (months, same origin); a patient is at risk over (entry, time], and
        at t = 0 when entering at 0 (:func:`number_at_risk`).

    Returns
    -------
    DataFrame
        One row per distinct time (first row time 0): ``time_months``, ``at_risk``,
        ``events``, ``censored``, ``survival``, ``ci_low``, ``ci_high``, ``se_log_survival``.

    Examples
    --------
    >>> c = km_curve([1, 2, 2, 3, 5], [1, 1, 0, 1, 0], conf_type="log")
    >>> c[["time_months", "at_risk", "survival"]].round(3).values.tolist()
    [[0.0, 5.0, 1.0], [1.0, 5.0, 0.8], [2.0, 4.0, 0.6], [3.0, 2.0, 0.3], [5.0, 1.0, 0.3]]

    With delayed entry the risk set at t is {entry < t <= time} (at t = 0, those entering at 0):

    >>> c = km_curve([5, 6, 7, 8], [1, 1, 0, 1], entry=[0, 5, 2, 6])
    >>> c.loc[c.events > 0, ["time_months", "at_risk", "survival"]].values.tolist()
    [[5.0, 2.0, 0.5], [6.0, 2.0, 0.25], [8.0, 1.0, 0.0]]
    """
    _check_conf_type(conf_type)
    t = np.asarray(time_months, float)
    e = np.asarray(event, int)
    if entry is None:
        kmf = KaplanMeierFitter(alpha=alpha).fit(t, e)
        et = kmf.event_table
        s = kmf.survival_function_.iloc[:, 0].to_numpy()
        n = et["at_risk"].to_numpy(float)
    else:
        en = np.asarray(entry, float)
        try:
            kmf = KaplanMeierFitter(alpha=alpha).fit(t, e, entry=en)
            et = kmf.event_table
            s = kmf.survival_function_.iloc[:, 0].to_numpy()
        except StatError:
            # lifelines refuses once the curve has reached 0 and later entrants arrive (everyone at
            # risk died early); R's survfit keeps S = 0 from there on, and so does the product-limit
            # estimate below (the same formula on the same event table)
            et = survival_table_from_events(t, e, birth_times=en)
            s = None
        # lifelines' at_risk column counts patients entering at t; R's (and lifelines' estimate's) risk set does
        # not, except at the origin (see number_at_risk: one convention for the curve and the risk table)
        n = number_at_risk(t, et.index.to_numpy(float), entry=en).astype(float)
        if s is None:
            with np.errstate(divide="ignore", invalid="ignore"):
                s = np.cumprod(np.where(n > 0, 1 - et["observed"].to_numpy(float) / n, 1.0))
    d = et["observed"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        inc = np.where(d > 0, d / (n * (n - d)), 0.0)  # Greenwood term; inf once everyone at risk has died
    se = np.sqrt(np.cumsum(inc))
    z = norm.ppf(1 - alpha / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        if conf_type == "log":
            ok = s > 0
            lo = np.where(ok, s * np.exp(-z * se), np.nan)
            hi = np.where(ok, np.minimum(s * np.exp(z * se), 1.0), np.nan)
        elif conf_type == "log-log":
            ok = (s > 0) & (s < 1)
            ll = np.log(-np.log(np.where(ok, s, 0.5)))
            w = z * se / np.log(np.where(ok, s, 0.5))
            lo = np.where(ok, np.exp(-np.exp(ll - w)), np.nan)
            hi = np.where(ok, np.exp(-np.exp(ll + w)), np.nan)
            lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
            lo = np.where(s == 1, 1.0, lo)
            hi = np.where(s == 1, 1.0, hi)
        else:
            lo = np.clip(s - z * s * se, 0, 1)
            hi = np.clip(s + z * s * se, 0, 1)
    lo = np.where(np.isinf(se) & (s == 0), np.nan, lo)
    return pd.DataFrame({"time_months": et.index.to_numpy(float), "at_risk": n.astype(int), "events": d.astype(int),
                         "censored": et["censored"].to_numpy(int), "survival": s, "ci_low": lo, "ci_high": hi,
                         "se_log_survival": se})


def quantile_time(times, survival, p: float = 0.5, first_time: float = 0.0) -> float:
    """Time at which a survival step function first reaches ``1 - p`` (default: the median).

    R ``quantile.survfit``'s rule: the first time the curve is at or below ``1 - p``; where the
    curve equals ``1 - p`` exactly over an interval, the midpoint of that interval (to the last
    time if the curve ends there). ``NaN`` when never reached. ``NaN`` values (a band that is
    undefined) are skipped.

    Examples
    --------
    >>> quantile_time([1, 2, 3], [0.75, 0.5, 0.25])
    2.5
    >>> quantile_time([1, 2, 3], [0.9, 0.8, 0.7])
    nan
    """
    x = np.concatenate([[first_time], np.asarray(times, float)])
    y = np.concatenate([[0.0], 1.0 - np.asarray(survival, float)])
    xmax = x[-1]
    keep = ~np.isnan(y)
    x, y = x[keep], y[keep]
    if not len(y) or np.nanmax(y) < p - _TOL:
        return float("nan")
    first = np.concatenate([[True], np.diff(y) != 0])  # keep the first time of each distinct value
    x, y = x[first], y[first]
    hits = np.flatnonzero(y >= p - _TOL)
    if not len(hits):
        return float("nan")
    i = int(hits[0])
    if abs(y[i] - p) < _TOL:
        return float((x[i] + (x[i + 1] if i + 1 < len(x) else xmax)) / 2)
    return float(x[i])


def _at(curve: pd.DataFrame, t: float, col: str) -> float:
    """Value of a step-function column at time t (NaN beyond the last follow-up)."""
    times = curve["time_months"].to_numpy()
    if t > times[-1]:
        return float("nan")
    i = int(np.searchsorted(times, t, side="right") - 1)
    return float(curve[col].iloc[i])


def number_at_risk(time_months, at_times, entry=None) -> np.ndarray:
    """Patients at risk at each of ``at_times``: still under follow-up (time >= t) and, with ``entry``, entered.

    The one convention of :mod:`mdm2io.survival` (KM ``at_risk`` column, Greenwood terms and the
    risk table under the figures): with delayed entry a patient is at risk at t when
    entry < t <= time (Tsai, Jewell & Wang 1987), except at the origin t = 0, where the patients
    who entered at 0 are at risk (nobody can enter before it); this is what R's ``survfit``
    reports, ``summary(survfit(Surv(entry, time, event) ~ 1), times = 0)$n.risk``, the
    ``n.risk`` of its first time. Without ``entry`` everyone enters at 0.

    Examples
    --------
    >>> number_at_risk([1, 2, 2, 5], [0, 2, 3]).tolist()
    [4, 3, 1]

    R 4.2.2, ``summary(survfit(Surv(c(0, 0, 2, 2), c(1, 2, 2, 5), c(1, 1, 0, 1)) ~ 1),
    times = c(0, 2, 3))$n.risk`` is 2 1 1:

    >>> number_at_risk([1, 2, 2, 5], [0, 2, 3], entry=[0, 0, 2, 2]).tolist()
    [2, 1, 1]
    """
    t = np.asarray(time_months, float)
    at = np.asarray(at_times, float)
    n = (t[:, None] >= at[None, :]).sum(axis=0)
    if entry is not None:
        en = np.asarray(entry, float)[:, None]
        not_entered = (en >= at[None, :]) & ~((en <= 0) & (at[None, :] <= 0))  # entering at 0 counts at 0
        n = n - not_entered.sum(axis=0)
    return n


@dataclass
class KMResult:
    """Kaplan–Meier estimates of every group.

    Attributes
    ----------
    summary : DataFrame
        Per group: ``n``, ``events``, ``censored``, ``median``, ``median_ci_low``,
        ``median_ci_high`` (months) and ``surv_<t>m``/``surv_<t>m_ci_low``/``surv_<t>m_ci_high``
        at each landmark.
    curves : dict of DataFrame
        Group -> :func:`km_curve` table.
    conf_type : str
    alpha : float
    landmarks_months : tuple of float
    censor_times : dict
        Group -> times of censored observations (for tick marks).
    """

    summary: pd.DataFrame
    curves: dict
    conf_type: str
    alpha: float
    landmarks_months: tuple
    censor_times: dict = field(default_factory=dict)


def kaplan_meier(data: SurvivalData, *, conf_type: str = "log-log", alpha: float = 0.05,
                 landmarks_months=(6, 12, 24)) -> KMResult:
    """Kaplan–Meier curve, median survival with CI and landmark survival for every group.

    Parameters
    ----------
    data : SurvivalData
        From :func:`~mdm2io.survival.survival_data`.
    conf_type : {"log-log", "log", "plain"}
        Confidence-band transform. "log-log" is lifelines' default, "log" is R's ``survfit``
        default; the choice changes the CIs (and median CIs), never the estimates.
    alpha : float
        1 - confidence level.
    landmarks_months : sequence of float
        Times at which survival is reported.

    Returns
    -------
    KMResult

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> from mdm2io.survival import survival_data
    >>> km = kaplan_meier(survival_data(load_inspire(), "sex", endpoint="OS"), conf_type="log")
    >>> km.summary.loc["female", ["n", "events"]].astype(int).tolist()
    [58, 39]
    """
    _check_conf_type(conf_type)
    rows, curves, censor = [], {}, {}
    for level in data.levels:
        sub = data.table[data.table["group"] == level]
        row = {"group": level, "n": len(sub), "events": int(sub["event"].sum()),
               "censored": int((sub["event"] == 0).sum())}
        if len(sub) == 0:
            rows.append(row)
            continue
        c = km_curve(sub["time_months"], sub["event"], conf_type=conf_type, alpha=alpha,
                     entry=sub["entry_months"] if data.left_truncated else None)
        curves[level] = c
        censor[level] = np.sort(sub.loc[sub["event"] == 0, "time_months"].to_numpy())
        ct = c["time_months"]
        row["median"] = quantile_time(ct, c["survival"])
        # the lower band falls to 0.5 first: it gives the lower limit of the median
        row["median_ci_low"] = quantile_time(ct, c["ci_low"])
        row["median_ci_high"] = quantile_time(ct, c["ci_high"])
        for t in landmarks_months:
            row[f"surv_{t:g}m"] = _at(c, t, "survival")
            row[f"surv_{t:g}m_ci_low"] = _at(c, t, "ci_low")
            row[f"surv_{t:g}m_ci_high"] = _at(c, t, "ci_high")
        rows.append(row)
    summary = pd.DataFrame(rows).set_index("group")
    return KMResult(summary, curves, conf_type, alpha, tuple(landmarks_months), censor)
