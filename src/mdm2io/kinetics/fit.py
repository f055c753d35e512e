"""Growth-model fits per patient: the Stein/Wilkerson regression-growth family and the Claret TGI model.

Regression-growth models (tumour quantity normalised to the first measurement, time in days):

=======  =========================================  ===================================
model    f(t)                                       reference
=======  =========================================  ===================================
gd       exp(-d t) + exp(g t) - 1                   Stein WD et al. Oncologist 2008;13:1046-54
dx       exp(-d t)                                  (doi:10.1634/theoncologist.2008-0075)
gx       exp(g t)                                   Stein WD et al. Clin Cancer Res 2011;17:907-17
gdphi    phi exp(-d t) + (1 - phi) exp(g t)         Wilkerson J et al. Lancet Oncol 2017;18:143-54
=======  =========================================  ===================================

The procedure follows the documented behaviour of the R package tumgr 0.0.4 (``gdrate``;
Wilkerson, MIT licence) so that results can be compared with it; it was re-implemented
from its documentation and the papers above, not translated:

* exclusions before fitting: first value 0 ("No measurement data"), one measurement
  ("only 1 eval"), one repeated value over three or more measurements ("error data"), two
  measurements less than 20 % apart ("2 evals not 20% diff");
* time = day - first day + 1; f = size / first size;
* each model is fitted by bounded (0..1 per day) Levenberg-Marquardt least squares from
  tumgr's starting values (g = d = 0.00511 per day, phi = 0.9) only when there are more
  measurements than parameters;
* a model is eligible when the fit converged and every parameter has p < ``pval``
  (t-test on the asymptotic standard error, n - k degrees of freedom); among eligible
  models the one with the smallest AIC = -2 logLik + 2k is selected, else "not fit";
* for gdphi tumgr reports g·sqrt(1 - phi) as ``g``; we do the same (``g_per_day``) and
  also keep the fitted growth rate (``gdphi_g_fitted_per_day``).

All patients are fitted at once: the Levenberg-Marquardt iterations run on arrays of shape
(patients, measurements, parameters), padded and masked, so a cohort of 1,500 patients
costs a few hundred vectorised iterations rather than 6,000 separate optimisations.

The Claret tumour-growth-inhibition model (Claret L et al. J Clin Oncol 2009;27:4103-8,
doi:10.1200/JCO.2008.21.0807, PMID 19636014) with constant exposure during treatment,
dy/dt = KL y - KD exp(-λ t) y, has the closed form
y(t) = y0 exp(KL t - (KD/λ)(1 - exp(-λ t))); :func:`fit_claret_tgi` fits KL, KD, λ (per
day) with y0 fixed to the baseline size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from .series import baseline_scans, tumour_series

__all__ = ["GrowthModel", "GROWTH_MODELS", "fit_growth_models", "fit_growth_model_candidates",
           "tumgr_exclusions", "fit_claret_tgi", "batched_least_squares"]


@dataclass(frozen=True)
class GrowthModel:
    """One model: parameter names, start, bounds, f(t, P) and its Jacobian (P has shape (B, k))."""

    name: str
    params: tuple[str, ...]
    start: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    f: Callable
    jac: Callable

    @property
    def k(self) -> int:
        return len(self.params)


def _gd(t, P):
    return np.exp(-P[:, 1:2] * t) + np.exp(P[:, 0:1] * t) - 1.0


def _gd_jac(t, P):
    return np.stack([t * np.exp(P[:, 0:1] * t), -t * np.exp(-P[:, 1:2] * t)], axis=-1)


def _dx(t, P):
    return np.exp(-P[:, 0:1] * t)


def _dx_jac(t, P):
    return (-t * np.exp(-P[:, 0:1] * t))[..., None]


def _gx(t, P):
    return np.exp(P[:, 0:1] * t)


def _gx_jac(t, P):
    return (t * np.exp(P[:, 0:1] * t))[..., None]


def _gdphi(t, P):
    phi, g, d = P[:, 0:1], P[:, 1:2], P[:, 2:3]
    return phi * np.exp(-d * t) + (1.0 - phi) * np.exp(g * t)


def _gdphi_jac(t, P):
    phi, g, d = P[:, 0:1], P[:, 1:2], P[:, 2:3]
    eg, ed = np.exp(g * t), np.exp(-d * t)
    return np.stack([ed - eg, (1.0 - phi) * t * eg, -phi * t * ed], axis=-1)


_S = 0.00511  # tumgr's starting value for every rate (per day)
#: The tumgr model family, in tumgr's order (gd, dx, gx, gdphi); rates per day, bounds 0..1.
GROWTH_MODELS: dict[str, GrowthModel] = {
    "gd": GrowthModel("gd", ("g", "d"), (_S, _S), (0, 0), (1, 1), _gd, _gd_jac),
    "dx": GrowthModel("dx", ("d",), (_S,), (0,), (1,), _dx, _dx_jac),
    "gx": GrowthModel("gx", ("g",), (_S,), (0,), (1,), _gx, _gx_jac),
    "gdphi": GrowthModel("gdphi", ("phi", "g", "d"), (0.9, _S, _S), (0, 0, 0), (1, 1, 1), _gdphi, _gdphi_jac),
}


def batched_least_squares(f, jac, t, y, w, start, lower, upper, max_iter: int = 1000,
                          ftol: float = 1e-12, xtol: float = 1e-12, active_set: bool = False):
    """Bounded Levenberg-Marquardt for many small least-squares problems at once.

    Parameters
    ----------
    f, jac : callable
        ``f(t, P) -> (B, n)`` and ``jac(t, P) -> (B, n, k)``.
    t, y, w : ndarray, shape (B, n)
        Times, observations and weights (0 marks padding).
    start : ndarray, shape (B, k)
    lower, upper : array_like, shape (k,)
        Bounds; steps are projected onto them (as minpack.lm's nls.lm does).
    active_set : bool
        Freeze parameters that sit on a bound and would be pushed past it, and solve for
        the others (better for models whose optimum lies on a bound; the tumgr-compatible
        fits use plain projection, as minpack.lm does).

    Returns
    -------
    P : ndarray (B, k)
    rss : ndarray (B,)
    converged : ndarray of bool (B,)
        Relative decrease of the residual sum of squares or of the step below the
        tolerances before ``max_iter`` iterations.
    n_iter : int

    Examples
    --------
    >>> t = np.array([[1.0, 10, 20, 30]]); y = np.exp(0.02 * t); w = np.ones_like(t)
    >>> m = GROWTH_MODELS["gx"]
    >>> P, rss, ok, _ = batched_least_squares(m.f, m.jac, t, y, w, np.array([[0.005]]), [0], [1])
    >>> round(float(P[0, 0]), 6), bool(ok[0])
    (0.02, True)
    """
    # exp() may overflow for wild trial steps: such steps get an infinite cost and are rejected
    with np.errstate(over="ignore", invalid="ignore"):
        return _lm(f, jac, t, y, w, start, lower, upper, max_iter, ftol, xtol, active_set)


def _lm(f, jac, t, y, w, start, lower, upper, max_iter, ftol, xtol, active_set):
    lower, upper = np.asarray(lower, float), np.asarray(upper, float)
    P = np.clip(np.array(start, dtype=float), lower, upper)
    B, k = P.shape
    sw = np.sqrt(w)

    def cost_of(P_, rows=slice(None)):
        r = sw[rows] * (y[rows] - f(t[rows], P_))
        return np.einsum("bn,bn->b", r, r), r

    cost, r = cost_of(P)
    lam = np.full(B, 1e-3)
    active = np.isfinite(cost)
    converged = np.zeros(B, bool)
    eye = np.eye(k)
    it = 0
    for it in range(1, max_iter + 1):
        if not active.any():
            break
        idx = np.flatnonzero(active)
        Pa, ra = P[idx], r[idx]
        J = sw[idx][..., None] * jac(t[idx], Pa)
        A = np.einsum("bnk,bnl->bkl", J, J)
        g = np.einsum("bnk,bn->bk", J, ra)
        diag = np.maximum(np.einsum("bkk->bk", A), 1e-30)
        M = A + lam[idx, None, None] * diag[:, :, None] * eye
        if active_set:
            # parameters on a bound whose unconstrained step points outwards are held fixed
            eps = 1e-12
            unc = _solve(M, g)
            frozen = ((Pa <= lower + eps) & (unc < 0)) | ((Pa >= upper - eps) & (unc > 0))
            if frozen.any():
                keep = ~frozen
                M = M * (keep[:, :, None] & keep[:, None, :]) + np.einsum("bk,kl->bkl", frozen.astype(float), eye)
                g = g * keep
        step = _solve(M, g)
        Pn = np.clip(Pa + step, lower, upper)
        cn, rn = cost_of(Pn, idx)
        better = np.isfinite(cn) & (cn <= cost[idx])
        dcost = cost[idx] - cn
        dstep = np.abs(Pn - Pa).max(axis=1)
        acc = idx[better]
        P[acc], r[acc] = Pn[better], rn[better]
        done = better & ((dcost <= ftol * np.maximum(cost[idx], 1e-300)) | (dstep <= xtol * (np.abs(Pa).max(axis=1) + xtol)))
        cost[acc] = cn[better]
        lam[acc] = np.maximum(lam[acc] * 0.1, 1e-15)
        rej = idx[~better]
        lam[rej] = lam[rej] * 10.0
        stuck = ~better & (lam[idx] > 1e15)  # no descent direction left: a (bounded) minimum
        converged[idx[done | stuck]] = True
        active[idx[done | stuck]] = False
    return P, cost, converged, it


def _solve(M, g):
    try:
        return np.linalg.solve(M, g[..., None])[..., 0]
    except np.linalg.LinAlgError:
        return np.stack([np.linalg.lstsq(m_, g_, rcond=None)[0] for m_, g_ in zip(M, g)])


def tumgr_exclusions(series_rows: pd.DataFrame) -> pd.DataFrame:
    """tumgr's exclusion reason per patient (empty string = analysed).

    Parameters
    ----------
    series_rows : DataFrame
        ``patient_id``, ``day``, ``size``; one row per measurement (not merged by day).

    Returns
    -------
    DataFrame
        ``patient_id``, ``n_measurements``, ``exclusion`` ("", "No measurement data",
        "only 1 eval", "error data", "2 evals not 20% diff").

    Examples
    --------
    >>> d = pd.DataFrame({"patient_id": ["a", "a", "b"], "day": [0, 30, 0], "size": [10.0, 11.0, 5.0]})
    >>> tumgr_exclusions(d).exclusion.tolist()
    ['2 evals not 20% diff', 'only 1 eval']
    """
    d = series_rows.sort_values(["patient_id", "day"], kind="mergesort")
    g = d.groupby("patient_id", sort=True)["size"]
    info = pd.DataFrame({"n_measurements": g.size(), "n_unique": g.nunique(), "first": g.first(), "last": g.last()})
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(info["first"] == 0, (info["last"] + 0.5) / (info["first"] + 0.5), info["last"] / info["first"])
    reason = np.select(
        [info["first"].to_numpy() == 0, info["n_measurements"].to_numpy() == 1,
         (info["n_unique"].to_numpy() == 1) & (info["n_measurements"].to_numpy() > 2),
         (info["n_measurements"].to_numpy() == 2) & (ratio > 0.8) & (ratio < 1.2)],
        ["No measurement data", "only 1 eval", "error data", "2 evals not 20% diff"], default="")
    return pd.DataFrame({"patient_id": info.index, "n_measurements": info["n_measurements"].to_numpy(),
                         "exclusion": reason})


def _padded(rows: pd.DataFrame, ids, offset_days: float = 1.0):
    """Arrays (B, n_max) of time (day - first day + offset; tumgr uses +1) and f = size / first size."""
    d = rows[rows["patient_id"].isin(ids)].sort_values(["patient_id", "day"], kind="mergesort")
    codes, uniq = pd.factorize(d["patient_id"], sort=True)
    pos = d.groupby(codes).cumcount().to_numpy()
    B, nmax = len(uniq), int(pos.max()) + 1 if len(pos) else 1
    t = np.zeros((B, nmax)); y = np.zeros((B, nmax)); w = np.zeros((B, nmax))
    day, size = d["day"].to_numpy(float), d["size"].to_numpy(float)
    first_idx = np.r_[0, np.flatnonzero(np.diff(codes)) + 1]
    first_day = np.repeat(day[first_idx], np.bincount(codes))
    first_size = np.repeat(size[first_idx], np.bincount(codes))
    t[codes, pos] = day - first_day + offset_days
    y[codes, pos] = size / first_size
    w[codes, pos] = 1.0
    return np.asarray(uniq), t, y, w


_CANDIDATE_COLUMNS = ["patient_id", "model", "n_measurements", "converged", "parameter", "estimate", "std_error",
                      "t_value", "p_value", "aic", "rss", "eligible"]


def fit_growth_model_candidates(rows: pd.DataFrame, models=("gd", "dx", "gx", "gdphi"), pval: float = 0.10,
                                max_iter: int = 1000) -> pd.DataFrame:
    """Fit every candidate model to every analysable patient (tumgr's ``allest``).

    Parameters
    ----------
    rows : DataFrame
        ``patient_id``, ``day``, ``size`` (one row per measurement).
    models : sequence of str
        Keys of :data:`GROWTH_MODELS`.
    pval : float
        Significance level for a parameter (tumgr's ``pval``; 0.10 in its examples).

    Returns
    -------
    DataFrame
        One row per patient, model and parameter: ``patient_id``, ``model``,
        ``n_measurements``, ``converged``, ``parameter``, ``estimate``, ``std_error``,
        ``t_value``, ``p_value``, ``aic``, ``rss``, ``eligible`` (converged and all
        parameters significant).

    Examples
    --------
    >>> d = pd.DataFrame({"patient_id": ["a"] * 4, "day": [0, 30, 60, 90],
    ...                   "size": [100.0, 60.0, 37.0, 22.0]})
    >>> c = fit_growth_model_candidates(d, models=("dx",))
    >>> round(float(c.estimate.iloc[0]), 4), bool(c.eligible.iloc[0])
    (0.0164, True)
    """
    ids = pd.unique(rows["patient_id"])
    if len(ids) == 0:  # every patient excluded by the tumgr rules: nothing to fit
        return pd.DataFrame(columns=_CANDIDATE_COLUMNS)
    uniq, t, y, w = _padded(rows, ids)
    n = w.sum(axis=1)
    out = []
    for name in models:
        m = GROWTH_MODELS[name]
        ok = n > m.k  # tumgr fits a model only with more measurements than parameters
        if not ok.any():
            continue
        tt, yy, ww = t[ok], y[ok], w[ok]
        start = np.tile(np.array(m.start, float), (ok.sum(), 1))
        P, rss, conv, _ = batched_least_squares(m.f, m.jac, tt, yy, ww, start, m.lower, m.upper, max_iter=max_iter)
        nn = n[ok]
        dof = nn - m.k
        J = np.sqrt(ww)[..., None] * m.jac(tt, P)
        A = np.einsum("bnk,bnl->bkl", J, J)
        with np.errstate(divide="ignore", invalid="ignore"):
            sigma2 = rss / dof
            good = np.linalg.cond(A) < 1e15
            Ainv = np.full_like(A, np.nan)
            if good.any():
                Ainv[good] = np.linalg.inv(A[good])
            se = np.sqrt(np.einsum("bkk->bk", Ainv) * sigma2[:, None])
            tval = P / se
            pv = 2.0 * stats.t.sf(np.abs(tval), dof[:, None])
            loglik = -0.5 * nn * (np.log(2 * np.pi) + 1.0 - np.log(nn) + np.log(rss))
        aic = -2.0 * loglik + 2.0 * m.k
        eligible = conv & np.all(pv < pval, axis=1)
        for j, par in enumerate(m.params):
            out.append(pd.DataFrame({
                "patient_id": uniq[ok], "model": name, "n_measurements": nn.astype(int), "converged": conv,
                "parameter": par, "estimate": P[:, j], "std_error": se[:, j], "t_value": tval[:, j],
                "p_value": pv[:, j], "aic": aic, "rss": rss, "eligible": eligible}))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=_CANDIDATE_COLUMNS)


def _fit_rows(cohort, value):
    s = tumour_series(cohort, value=value, merge_same_day=False)
    return s.scans[["patient_id", "day", "size"]], s


def fit_growth_models(cohort, *, value: str | None = None, models=("gd", "dx", "gx", "gdphi"),
                      pval: float = 0.10, max_iter: int = 1000, return_candidates: bool = False):
    """Select the regression-growth model of every patient as tumgr's ``gdrate`` does.

    Parameters
    ----------
    cohort : Cohort
        Uses ``scans`` (see :func:`~mdm2io.kinetics.series.tumour_series`); every
        measurement from the first scan on is used (tumgr does not split at treatment
        start).
    value : str, optional
        Size column (default ``sld_mm``, then ``tumour_burden``, then % change).
    models : sequence of str
        Candidate models (keys of :data:`GROWTH_MODELS`).
    pval : float
        Significance level for every parameter of a selected model (tumgr: 0.10 in its
        documentation example).
    return_candidates : bool
        Also return the per-model table of :func:`fit_growth_model_candidates`.

    Returns
    -------
    DataFrame
        One row per patient of the cohort: ``patient_id``, ``n_measurements``, ``status``
        ("included" / "excluded"), ``selected_model`` (gd, dx, gx, gdphi, or the exclusion
        reason: "No measurement data", "only 1 eval", "error data",
        "2 evals not 20% diff", "not fit", "no usable measurements"), ``g_per_day``,
        ``d_per_day``, ``phi``, their standard errors ``g_se_per_day``, ``d_se_per_day``,
        ``phi_se``, ``gdphi_g_fitted_per_day`` and ``aic``.

    Examples
    --------
    >>> from mdm2io.datasets import load_tumgr_sample
    >>> r = fit_growth_models(load_tumgr_sample()).set_index("patient_id")
    >>> r.loc["10004", "selected_model"], round(float(r.loc["10004", "g_per_day"]), 6)
    ('gd', 0.001023)
    >>> r.selected_model.value_counts().to_dict()["gd"]
    25
    """
    rows, s = _fit_rows(cohort, value)
    excl = tumgr_exclusions(rows)
    analyse = excl.loc[excl["exclusion"] == "", "patient_id"]
    cand = fit_growth_model_candidates(rows[rows["patient_id"].isin(analyse)], models=models, pval=pval,
                                       max_iter=max_iter)
    res = pd.DataFrame({"patient_id": s.patients["patient_id"].astype(str)})
    res = res.merge(excl, on="patient_id", how="left")
    res["n_measurements"] = res["n_measurements"].fillna(0).astype(int)
    res["selected_model"] = res["exclusion"].fillna("no usable measurements")
    for c in ("g_per_day", "d_per_day", "phi", "g_se_per_day", "d_se_per_day", "phi_se", "gdphi_g_fitted_per_day", "aic"):
        res[c] = np.nan
    res = res.set_index("patient_id")
    if len(cand):
        per_model = cand.drop_duplicates(["patient_id", "model"])
        elig = per_model[per_model["eligible"]]
        best = elig.sort_values(["patient_id", "aic"], kind="mergesort").drop_duplicates("patient_id")
        analysed = per_model["patient_id"].unique()
        res.loc[res.index.isin(analyse) & ~res.index.isin(analysed), "selected_model"] = "not fit"
        res.loc[res.index.isin(analysed), "selected_model"] = "not fit"
        res.loc[best["patient_id"], "selected_model"] = best["model"].to_numpy()
        res.loc[best["patient_id"], "aic"] = best["aic"].to_numpy()
        chosen = cand.merge(best[["patient_id", "model"]], on=["patient_id", "model"])
        wide = chosen.pivot(index="patient_id", columns="parameter", values="estimate")
        wse = chosen.pivot(index="patient_id", columns="parameter", values="std_error")
        for par, col, secol in (("g", "g_per_day", "g_se_per_day"), ("d", "d_per_day", "d_se_per_day"),
                                ("phi", "phi", "phi_se")):
            if par in wide:
                res.loc[wide.index, col] = wide[par]
                res.loc[wse.index, secol] = wse[par]
        is_phi = res["selected_model"] == "gdphi"
        res.loc[is_phi, "gdphi_g_fitted_per_day"] = res.loc[is_phi, "g_per_day"]
        # tumgr reports g*sqrt(1 - phi) for gdphi (aggPE in gdrate.R); keep its convention
        res.loc[is_phi, "g_per_day"] = res.loc[is_phi, "g_per_day"] * np.sqrt(1.0 - res.loc[is_phi, "phi"])
        res.loc[is_phi, "g_se_per_day"] = res.loc[is_phi, "g_se_per_day"] * np.sqrt(1.0 - res.loc[is_phi, "phi"])
    else:
        res.loc[res.index.isin(analyse), "selected_model"] = "not fit"
    res["status"] = np.where(res["selected_model"].isin(list(GROWTH_MODELS)), "included", "excluded")
    res = res.reset_index()[["patient_id", "n_measurements", "status", "selected_model", "g_per_day", "d_per_day",
                             "phi", "g_se_per_day", "d_se_per_day", "phi_se", "gdphi_g_fitted_per_day", "aic"]]
    return (res, cand) if return_candidates else res


def _claret(t, P):
    kl, kd, lam = P[:, 0:1], P[:, 1:2], P[:, 2:3]
    return np.exp(kl * t - kd / lam * (1.0 - np.exp(-lam * t)))


def _claret_jac(t, P):
    kl, kd, lam = P[:, 0:1], P[:, 1:2], P[:, 2:3]
    e = np.exp(-lam * t)
    y = _claret(t, P)
    dlam = kd / lam**2 * (1.0 - e) - kd / lam * t * e
    return np.stack([y * t, -y * (1.0 - e) / lam, y * dlam], axis=-1)


#: Starting values (KL, KD, λ per day) for the Claret fits; the best of these starts is kept
#: because the model has local minima (KD/λ trade off against each other).
CLARET_STARTS = ((0.002, 0.01, 0.01), (0.001, 0.05, 0.05), (0.01, 0.02, 0.001), (0.0005, 0.005, 0.1))


def fit_claret_tgi(cohort, *, value: str | None = None, max_iter: int = 2000, starts=CLARET_STARTS,
                   max_baseline_days_before: float | None = None) -> pd.DataFrame:
    """Fit the Claret 2009 tumour-growth-inhibition model to each patient's on-treatment series.

    y(t) = y0 exp(KL t - (KD/λ)(1 - exp(-λ t))), t in days since the baseline scan, y0 =
    baseline size (last scan on or before treatment start); constant drug exposure is
    assumed (no PK input). Parameters are bounded to 0..1 per day (λ >= 1e-6). The model
    has local minima, so it is fitted from each of ``starts`` and the best fit is kept.
    The baseline is :func:`~mdm2io.kinetics.baseline_scans`' (``max_baseline_days_before``:
    the RECIST 1.1 §3.3 window, default none).

    Returns
    -------
    DataFrame
        ``patient_id``, ``n_measurements``, ``kl_per_day``, ``kd_per_day``,
        ``lambda_per_day``, ``converged``, ``rss_relative``, ``reason`` (why a patient
        was not fitted; empty when fitted).

    Examples
    --------
    >>> from mdm2io.datasets import load_laleh2022
    >>> r = fit_claret_tgi(load_laleh2022())
    >>> int((r.reason == "").sum()) > 1000
    True
    """
    s = tumour_series(cohort, value=value)
    sc = s.scans
    base = baseline_scans(sc, max_baseline_days_before=max_baseline_days_before).dropna(subset=["baseline_day"])[["patient_id", "baseline_day"]] \
        .rename(columns={"baseline_day": "day"}).merge(sc[["patient_id", "day", "size"]], on=["patient_id", "day"])
    base = base.rename(columns={"day": "bday", "size": "bsize"})
    d = sc.merge(base, on="patient_id")
    d = d[d["day"] >= d["bday"]]
    res = pd.DataFrame({"patient_id": s.patients["patient_id"].astype(str)})
    res["n_measurements"] = res["patient_id"].map(d.groupby("patient_id").size()).fillna(0).astype(int)
    res["reason"] = np.where(~res["patient_id"].isin(base["patient_id"]), "no baseline scan",
                             np.where(res["n_measurements"] < 4, "fewer than 4 scans from baseline on", ""))
    base_zero = base.loc[base["bsize"] <= 0, "patient_id"]
    res.loc[res["patient_id"].isin(base_zero), "reason"] = "baseline size is 0"
    for c in ("kl_per_day", "kd_per_day", "lambda_per_day", "rss_relative"):
        res[c] = np.nan
    res["converged"] = False
    ids = res.loc[res["reason"] == "", "patient_id"]
    if len(ids):
        rows = d[d["patient_id"].isin(ids)]
        uniq, t, y, w = _padded(rows, ids, offset_days=0.0)
        B = len(uniq)
        # every start for every patient in one batch; keep each patient's lowest residual sum of squares
        S = len(starts)
        start = np.repeat(np.asarray(starts, float)[None, :, :], B, axis=0).reshape(B * S, 3)
        rep_ = lambda a: np.repeat(a, S, axis=0)  # noqa: E731
        Pall, rssall, convall, _ = batched_least_squares(_claret, _claret_jac, rep_(t), rep_(y), rep_(w), start,
                                                         [0, 0, 1e-6], [1, 1, 1], max_iter=max_iter,
                                                         active_set=True)
        rssall = np.where(np.isfinite(rssall), rssall, np.inf).reshape(B, S)
        best = rssall.argmin(axis=1)
        pick = np.arange(B) * S + best
        P, rss, conv = Pall[pick], rssall[np.arange(B), best], convall[pick]
        r = res.set_index("patient_id")
        r.loc[uniq, "kl_per_day"], r.loc[uniq, "kd_per_day"], r.loc[uniq, "lambda_per_day"] = P[:, 0], P[:, 1], P[:, 2]
        r.loc[uniq, "rss_relative"] = rss
        r.loc[uniq, "converged"] = conv
        res = r.reset_index()
    return res[["patient_id", "n_measurements", "kl_per_day", "kd_per_day", "lambda_per_day", "converged",
                "rss_relative", "reason"]]
