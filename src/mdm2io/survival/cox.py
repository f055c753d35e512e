"""Cox proportional-hazards models of a grouping, optionally adjusted, with a PH check.

Fitting is lifelines' :class:`~lifelines.CoxPHFitter` (Cox, J R Stat Soc B 1972;34:187–220;
Efron's method for tied event times, Efron, J Am Stat Assoc 1977;72:557–565,
doi:10.1080/01621459.1977.10480613, the default of both lifelines and R's ``coxph``). Hazard
ratios are exp(β) with Wald 95 % CIs exp(β ± z·se) and Wald p-values, as R's
``summary(coxph)``.

This module builds the design matrix (so the reference level is explicit), refuses to report
a hazard ratio that does not exist (a group without events has a monotone likelihood: β → ±∞),
and runs lifelines' scaled-Schoenfeld test of proportional hazards (Grambsch & Therneau,
Biometrika 1994;81:515–526, doi:10.1093/biomet/81.3.515) with the Kaplan–Meier time transform.

Delayed entry (left truncation): when the data have an ``entry_months`` column the matrix
carries it and the fit uses lifelines' ``entry_col`` (risk set at t: entry < t <= time), as R's
``coxph(Surv(entry, time, event) ~ ...)``. lifelines has no Schoenfeld residuals for entry
times, so the PH test is then not computed (``ph_p`` NaN, and a note says so).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter
from lifelines.statistics import proportional_hazard_test
from scipy.stats import chi2

from .data import SurvivalData

__all__ = ["CoxResult", "cox_model", "design_matrix", "fit_cox", "PH_P_THRESHOLD"]

#: p-value below which the Schoenfeld test is reported as a proportional-hazards violation
#: (the conventional 0.05 of Grambsch & Therneau 1994; lifelines' check_assumptions uses 0.01).
PH_P_THRESHOLD = 0.05
#: Convergence precision passed to lifelines (tighter than its default so estimates agree with
#: R's coxph to well beyond 4 significant figures).
_FIT_OPTIONS = {"precision": 1e-12, "max_steps": 200}


def design_matrix(data: SurvivalData, *, treatment: bool = False, interaction: bool = False,
                  covariates=None) -> tuple[pd.DataFrame, dict]:
    """Numeric model matrix (dummy-coded, reference level omitted) plus duration/event columns.

    Column names are ``<group_name>=<level>`` for the grouping, ``<treatment>=<arm>`` for the
    treatment and ``<a> x <b>`` for the interaction; numeric covariates keep their name,
    categorical ones become ``<name>=<level>`` against their first level in sort order (R's
    default factor coding).

    Returns
    -------
    (DataFrame, dict)
        The matrix (with ``time_months``, ``event`` and, with delayed entry, ``entry_months``,
        which :func:`fit_cox` passes as lifelines' ``entry_col``) and a map term -> role
        (``group``, ``treatment``, ``interaction``, ``covariate``).

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.survival import survival_data_from_frame
    >>> sd = survival_data_from_frame(pd.DataFrame({"t": [1, 2, 3], "e": [1, 1, 0], "g": [0, 1, 1]}),
    ...                               time="t", event="e", group="g")
    >>> list(design_matrix(sd)[0].columns)
    ['g=1', 'time_months', 'event']
    """
    t = data.table
    cols, roles = {}, {}
    gterms = []
    for lv in data.levels[1:]:
        name = f"{data.group_name}={lv}"
        cols[name] = (t["group"] == lv).astype(float).to_numpy()
        roles[name] = "group"
        gterms.append(name)
    if treatment or interaction:
        arm = data.treatment_levels[1]
        tname = f"{data.treatment_name}={arm}"
        cols[tname] = (t["treatment"] == arm).astype(float).to_numpy()
        roles[tname] = "treatment"
        if interaction:
            for g in gterms:
                name = f"{g} x {tname}"
                cols[name] = cols[g] * cols[tname]
                roles[name] = "interaction"
    for c in (data.covariates if covariates is None else covariates):
        v = t[c]
        if pd.api.types.is_numeric_dtype(v):
            cols[c] = v.to_numpy(float)
            roles[c] = "covariate"
        else:
            for lv in sorted(v.unique())[1:]:
                name = f"{c}={lv}"
                cols[name] = (v == lv).astype(float).to_numpy()
                roles[name] = "covariate"
    X = pd.DataFrame(cols, index=t.index)
    X["time_months"] = t["time_months"].to_numpy()
    X["event"] = t["event"].to_numpy()
    if data.left_truncated:
        X["entry_months"] = t["entry_months"].to_numpy(float)
    return X, roles


@dataclass
class CoxResult:
    """A fitted Cox model in tidy form.

    Attributes
    ----------
    table : DataFrame
        Per term: ``role``, ``coef``, ``se``, ``hr``, ``hr_ci_low``, ``hr_ci_high``, ``z``, ``p``
        (Wald), ``ph_p`` (Schoenfeld test of that term).
    n, events : int
    loglik, loglik_null : float
    lr_chi2, lr_df, lr_p : float
        Likelihood-ratio test of the whole model.
    concordance : float
    ph_violated : list of str
        Terms with Schoenfeld p < :data:`PH_P_THRESHOLD`.
    notes : list of str
        Model terms left out (e.g. a covariate constant within a subgroup).
    estimable : bool
        False when a hazard ratio does not exist (e.g. a group without events); ``reason`` says why.
    fitter : CoxPHFitter or None
    """

    table: pd.DataFrame
    n: int
    events: int
    loglik: float = float("nan")
    loglik_null: float = float("nan")
    lr_chi2: float = float("nan")
    lr_df: int = 0
    lr_p: float = float("nan")
    concordance: float = float("nan")
    ph_violated: list = field(default_factory=list)
    estimable: bool = True
    reason: str = ""
    notes: list = field(default_factory=list)
    fitter: object = None

    def term(self, role: str) -> pd.Series:
        """The first term with ``role`` (``"group"``, ``"treatment"``, ``"interaction"``)."""
        return self.table[self.table["role"] == role].iloc[0]


def _not_estimable(X, roles, reason) -> CoxResult:
    cols = ["role", "coef", "se", "hr", "hr_ci_low", "hr_ci_high", "z", "p", "ph_p"]
    table = pd.DataFrame(np.nan, index=pd.Index(list(roles), name="term"), columns=cols)
    table["role"] = list(roles.values())
    return CoxResult(table, len(X), int(X["event"].sum()), estimable=False, reason=reason)


def fit_cox(X: pd.DataFrame, roles: dict, *, strata=None, alpha: float = 0.05, ph_test: bool = True) -> CoxResult:
    """Fit lifelines' CoxPHFitter on a matrix from :func:`design_matrix` and tidy the result.

    Returns a non-estimable result instead of a misleading one when there are no events, when
    a binary term has no events on one side (monotone likelihood) or when the fit diverges.

    Examples
    --------
    >>> import pandas as pd
    >>> X = pd.DataFrame({"g": [0, 0, 1, 1, 0, 1], "time_months": [1, 3, 2, 5, 4, 6], "event": [1, 1, 1, 0, 1, 1]})
    >>> round(float(fit_cox(X, {"g": "group"}).table.loc["g", "hr"]), 4)
    0.248
    """
    notes = []
    for term, role in list(roles.items()):
        if role == "covariate" and X[term].nunique() < 2:  # e.g. a cancer type absent from a subgroup
            X = X.drop(columns=term)
            roles = {k: v for k, v in roles.items() if k != term}
            notes.append(f"covariate {term} does not vary here and was left out of this model")
    terms = list(roles)
    ev = X["event"].to_numpy() == 1
    if not ev.any():
        return _not_estimable(X, roles, "no events: every observation is censored")
    for term in terms:
        v = X[term].to_numpy()
        if set(np.unique(v)) <= {0.0, 1.0}:
            if not ev[v == 1].any() or not ev[v == 0].any():
                side = "with" if not ev[v == 1].any() else "without"
                return _not_estimable(X, roles, f"no events among patients {side} {term}: the hazard ratio is not "
                                                f"estimable (it would be 0 or infinite)")
        if np.nanstd(v) == 0:
            return _not_estimable(X, roles, f"{term} does not vary among analysed patients")
    strata_cols = [strata] if isinstance(strata, str) else list(strata or [])
    cph = CoxPHFitter(alpha=alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            # batch mode is lifelines' vectorised Efron computation: same estimates, ~1.6x faster
            # than its per-time loop on large cohorts (benchmarks/bench_survival.py)
            cph.fit(X, duration_col="time_months", event_col="event", strata=strata_cols or None,
                    entry_col="entry_months" if "entry_months" in X.columns else None,
                    fit_options=_FIT_OPTIONS, batch_mode=True)
        except Exception as exc:  # lifelines raises ConvergenceError and LinAlgError subclasses
            return _not_estimable(X, roles, f"the Cox model did not converge ({type(exc).__name__})")
    with np.errstate(over="ignore"):
        return _tidy(cph, X, terms, roles, alpha, ph_test, notes)


def _tidy(cph, X, terms, roles, alpha, ph_test, notes) -> CoxResult:
    s = cph.summary
    z = float(np.sqrt(chi2.ppf(1 - alpha, 1)))
    se = s["se(coef)"]
    table = pd.DataFrame({"role": [roles[t] for t in terms], "coef": s["coef"].reindex(terms),
                          "se": se.reindex(terms), "hr": np.exp(s["coef"].reindex(terms)),
                          "hr_ci_low": np.exp(s["coef"] - z * se).reindex(terms),
                          "hr_ci_high": np.exp(s["coef"] + z * se).reindex(terms),
                          "z": s["z"].reindex(terms), "p": s["p"].reindex(terms)}, index=pd.Index(terms, name="term"))
    if np.any(~np.isfinite(table["se"])) or np.any(table["se"] > 50):
        return _not_estimable(X, roles, "the Cox model diverged (infinite coefficient); too few events")
    table["ph_p"] = np.nan
    violated = []
    if ph_test and "entry_months" in X.columns:
        # lifelines computes no Schoenfeld residuals with entry times (NotImplementedError); say so
        notes = notes + ["proportional-hazards (Schoenfeld) test not available with delayed entry "
                         "(lifelines has no residuals for entry times); check the KM curves"]
    elif ph_test and X["event"].sum() >= 3:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ph = proportional_hazard_test(cph, X, time_transform="km").summary
                table["ph_p"] = ph["p"].reindex(terms).to_numpy()
                violated = [t for t in terms if table.loc[t, "ph_p"] < PH_P_THRESHOLD]
            except Exception:  # noqa: BLE001 - PH test is advisory; the fit stands without it
                pass
    ll = float(cph.log_likelihood_)
    lr = cph.log_likelihood_ratio_test()
    return CoxResult(table, len(X), int(X["event"].sum()), loglik=ll, loglik_null=ll - float(lr.test_statistic) / 2,
                     lr_chi2=float(lr.test_statistic), lr_df=int(lr.degrees_freedom), lr_p=float(lr.p_value),
                     concordance=float(cph.concordance_index_), ph_violated=violated, notes=notes, fitter=cph)


def cox_model(data: SurvivalData, *, covariates=None, strata=None, alpha: float = 0.05) -> CoxResult:
    """Cox model of the grouping in ``data`` (non-reference levels vs the reference), optionally adjusted.

    Parameters
    ----------
    data : SurvivalData
    covariates : list of str, optional
        Adjustment covariates (default: all covariates of ``data``); [] for the unadjusted model.
    strata : str or list of str, optional
        Covariate columns to stratify the baseline hazard by.
    alpha : float

    Returns
    -------
    CoxResult

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> from mdm2io.survival import survival_data
    >>> r = cox_model(survival_data(load_inspire(), "sex", endpoint="OS"))
    >>> round(float(r.term("group")["hr"]), 3)
    1.209
    """
    covs = list(data.covariates if covariates is None else covariates)
    strata_cols = [strata] if isinstance(strata, str) else list(strata or [])
    X, roles = design_matrix(data, covariates=[c for c in covs if c not in strata_cols])
    for s in strata_cols:
        X[s] = data.table[s].to_numpy()
    return fit_cox(X, roles, strata=strata_cols or None, alpha=alpha)
