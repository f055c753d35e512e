"""Predictive (biomarker × treatment) analysis: does the treatment effect differ by biomarker?

A biomarker is *predictive* when the treatment hazard ratio differs between biomarker groups,
i.e. when the interaction term of a Cox model

    h(t) = h0(t) · exp(β_g·G + β_t·T + β_gt·G·T [+ covariates])

is non-zero (Sargent et al., J Clin Oncol 2005;23:2020–2027, doi:10.1200/JCO.2005.01.112;
Ballman, J Clin Oncol 2015;33:3968–3971, doi:10.1200/JCO.2015.63.3651). exp(β_gt) is the ratio
of the treatment hazard ratios (biomarker-positive over biomarker-negative). It is tested by
Wald (z) and by a likelihood-ratio test against the model without interaction (both are
reported; with more than two biomarker levels the LR test is the joint test).

Treatment hazard ratios *within* each biomarker group come from separate Cox models fitted in
each subgroup (the usual subgroup forest plot; each subgroup has its own baseline hazard), and
biomarker hazard ratios within each arm likewise. Subgroup estimates are descriptive: the
interaction test is the evidence of a predictive effect (Wang et al., N Engl J Med
2007;357:2189–2194, doi:10.1056/NEJMsr077003).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from scipy.stats import chi2

from ..errors import InputError
from .cox import CoxResult, design_matrix, fit_cox
from .data import SurvivalData

__all__ = ["InteractionResult", "treatment_interaction"]


@dataclass
class InteractionResult:
    """Result of :func:`treatment_interaction`.

    Attributes
    ----------
    model : CoxResult
        The full model with main effects and interaction.
    interaction : DataFrame
        Interaction term(s): ``hr``, ``hr_ci_low``, ``hr_ci_high``, ``p`` (Wald).
    lr_chi2, lr_df, lr_p : float
        Likelihood-ratio test of the interaction term(s).
    treatment_by_group : DataFrame
        Per biomarker level (and ``all``): ``n``, ``events``, treatment ``hr`` with CI and ``p``,
        ``estimable``, ``reason``.
    group_by_treatment : DataFrame
        Per arm: biomarker hazard ratio (non-reference vs reference level) with CI and ``p``.
    """

    model: CoxResult
    interaction: pd.DataFrame
    lr_chi2: float
    lr_df: int
    lr_p: float
    treatment_by_group: pd.DataFrame
    group_by_treatment: pd.DataFrame


def _row(label, res: CoxResult, role: str) -> dict:
    base = {"subgroup": label, "n": res.n, "events": res.events, "estimable": res.estimable, "reason": res.reason}
    if not res.estimable:
        return base | {"hr": float("nan"), "hr_ci_low": float("nan"), "hr_ci_high": float("nan"), "p": float("nan")}
    r = res.term(role)
    return base | {"hr": float(r.hr), "hr_ci_low": float(r.hr_ci_low), "hr_ci_high": float(r.hr_ci_high), "p": float(r.p)}


def treatment_interaction(data: SurvivalData, *, covariates=None, alpha: float = 0.05) -> InteractionResult:
    """Biomarker × treatment interaction Cox model plus treatment HRs within each biomarker group.

    Parameters
    ----------
    data : SurvivalData
        Built with a two-arm ``treatment``.
    covariates : list of str, optional
        Adjustment covariates (default: all covariates of ``data``).
    alpha : float

    Returns
    -------
    InteractionResult

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from mdm2io.survival import survival_data_from_frame
    >>> rng = np.random.default_rng(1)
    >>> g = np.repeat([0, 1], 100); arm = np.tile([0, 1], 100)
    >>> t = rng.exponential(1 / np.exp(-0.7 * arm * (1 - g)))
    >>> sd = survival_data_from_frame(pd.DataFrame({"t": t, "e": 1, "g": g, "arm": arm}),
    ...                               time="t", event="e", group="g", treatment="arm")
    >>> r = treatment_interaction(sd)
    >>> r.treatment_by_group.index.tolist()
    ['all', '0', '1']
    """
    if data.treatment_name is None:
        raise InputError("the interaction analysis needs a treatment variable", expected="a two-arm treatment column",
                         fix="pass treatment= (CLI: --treatment COLUMN)")
    covs = list(data.covariates if covariates is None else covariates)
    X, roles = design_matrix(data, treatment=True, interaction=True, covariates=covs)
    full = fit_cox(X, roles, alpha=alpha)
    main_terms = {k: v for k, v in roles.items() if v != "interaction"}
    main = fit_cox(X.drop(columns=[k for k, v in roles.items() if v == "interaction"]), main_terms, alpha=alpha,
                   ph_test=False)
    inter = full.table[full.table["role"] == "interaction"][["hr", "hr_ci_low", "hr_ci_high", "p"]]
    df = int((pd.Series(roles) == "interaction").sum())
    if full.estimable and main.estimable:
        lr = max(2 * (full.loglik - main.loglik), 0.0)
        lr_p = float(chi2.sf(lr, df))
    else:
        lr, lr_p = float("nan"), float("nan")
    rows = []
    tX, troles = design_matrix(data, treatment=True, covariates=covs)
    gterms = [k for k, v in troles.items() if v == "group"]
    only_t = {k: v for k, v in troles.items() if v != "group"}
    rows.append(_row("all", fit_cox(tX.drop(columns=gterms), only_t, alpha=alpha, ph_test=False), "treatment"))
    for lv in data.levels:
        sub = data.subset(data.table["group"] == lv)
        sX = design_matrix(sub, treatment=True, covariates=covs)[0].drop(columns=gterms)
        rows.append(_row(lv, fit_cox(sX, only_t, alpha=alpha, ph_test=False), "treatment"))
    by_group = pd.DataFrame(rows).set_index("subgroup")
    rows = []
    for arm in data.treatment_levels:
        sub = data.subset(data.table["treatment"] == arm)
        sX, sroles = design_matrix(sub, covariates=covs)
        rows.append(_row(arm, fit_cox(sX, sroles, alpha=alpha, ph_test=False), "group"))
    by_arm = pd.DataFrame(rows).set_index("subgroup")
    return InteractionResult(full, inter, float(lr), df, lr_p, by_group, by_arm)
