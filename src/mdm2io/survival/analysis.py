"""One call for the whole comparison: KM, log-rank, Cox (unadjusted and adjusted), PH check,
optional biomarker × treatment interaction, small-group flags, a plain-language summary, and
writing ``survival.json`` plus figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .cox import CoxResult, cox_model
from .data import SurvivalData
from .interaction import InteractionResult, treatment_interaction
from .km import KMResult, kaplan_meier
from .logrank import logrank
from .summary import plain_summary

__all__ = ["SurvivalAnalysis", "compare_survival", "MIN_GROUP_N", "MIN_GROUP_EVENTS"]

#: Below these counts a group is flagged and no confident hazard ratio is stated. Ten events per
#: estimated coefficient is the classic rule of thumb for Cox models (Peduzzi et al., J Clin
#: Epidemiol 1995;48:1503–1510, doi:10.1016/0895-4356(95)00048-8).
MIN_GROUP_N = 10
MIN_GROUP_EVENTS = 10


def _f(v):
    """JSON-safe float (None for NaN/inf)."""
    if v is None:
        return None
    v = float(v)
    return v if np.isfinite(v) else None


@dataclass
class SurvivalAnalysis:
    """Everything :func:`compare_survival` computed; ``to_dict()`` is ``survival.json``."""

    data: SurvivalData
    km: KMResult
    logrank: dict
    cox: CoxResult
    cox_adjusted: CoxResult | None = None
    logrank_stratified: dict | None = None
    interaction: InteractionResult | None = None
    small_groups: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    min_n: int = MIN_GROUP_N
    min_events: int = MIN_GROUP_EVENTS

    @property
    def binary(self) -> bool:
        """True for a two-level grouping (one hazard ratio)."""
        return len(self.data.levels) == 2

    def label(self, level: str) -> str:
        """Display label of a group level (``<group>=<level>`` unless ``labels`` says otherwise)."""
        if level in self.labels:
            return self.labels[level]
        sep = " " if level.startswith(("<", ">")) else "="
        return f"{self.data.group_name}{sep}{level}"

    def hr_row(self, res: CoxResult | None = None) -> dict:
        """HR of the (single) non-reference level: ``hr``, ``hr_ci_low``, ``hr_ci_high``, ``p``."""
        res = res or self.cox
        if not res.estimable or not self.binary:
            return {"hr": None, "hr_ci_low": None, "hr_ci_high": None, "p": None}
        r = res.term("group")
        return {"hr": _f(r.hr), "hr_ci_low": _f(r.hr_ci_low), "hr_ci_high": _f(r.hr_ci_high), "p": _f(r.p)}

    def to_dict(self) -> dict:
        """The content of ``survival.json`` (see ``docs/survival.md`` for every key)."""
        d = self.data
        groups = {}
        for lv, r in self.km.summary.iterrows():
            groups[lv] = {k: (int(v) if k in ("n", "events", "censored") else _f(v)) for k, v in r.items()}
            groups[lv]["label"] = self.label(lv)
        hr = self.hr_row()
        out = {
            "endpoint": d.endpoint,
            "group": d.group_name,
            "levels": d.levels,
            "reference": d.reference,
            "hr_compares": (f"{d.group_name}={d.levels[1]} vs {d.group_name}={d.reference} (reference)"
                            if self.binary else f"each level vs {d.group_name}={d.reference} (reference)"),
            "n": int(len(d.table)),
            "events": int(d.table["event"].sum()),
            "n_not_analysed": int(len(d.dropped)),
            "not_analysed_reasons": {str(k): int(v) for k, v in d.dropped["reason"].value_counts().items()},
            "conf_type": self.km.conf_type,
            "conf_level": 1 - self.km.alpha,
            "groups": groups,
            "hr": hr["hr"], "hr_ci_low": hr["hr_ci_low"], "hr_ci_high": hr["hr_ci_high"],
            "p_logrank": _f(self.logrank["p"]), "logrank_chi2": _f(self.logrank["chi2"]), "logrank_df": self.logrank["df"],
            "p_cox": hr["p"], "p_cox_lr": _f(self.cox.lr_p),
            "hr_model": "unadjusted Cox proportional hazards (Efron ties), Wald CI and p"
                        + (", delayed entry (risk sets entry < t <= time)" if d.left_truncated else ""),
            "entry": d.entry_name if d.left_truncated else None,
            "logrank_test": self.logrank.get("test", "log-rank"),
            "hr_estimable": bool(self.cox.estimable), "hr_not_estimable_reason": self.cox.reason or None,
            "hr_by_level": {t.split("=", 1)[1]: {"hr": _f(r.hr), "hr_ci_low": _f(r.hr_ci_low), "hr_ci_high": _f(r.hr_ci_high),
                                                  "p": _f(r.p)}
                            for t, r in self.cox.table[self.cox.table.role == "group"].iterrows()},
            "ph_test_p": {t: _f(v) for t, v in self.cox.table["ph_p"].items()},
            "ph_violated": self.cox.ph_violated,
            "small_groups": self.small_groups,
            "min_group_n": self.min_n, "min_group_events": self.min_events,
        }
        if self.logrank_stratified is not None:
            out["p_logrank_stratified"] = _f(self.logrank_stratified["p"])
            out["logrank_stratified_by"] = self.logrank_stratified["stratified_by"]
        if self.cox_adjusted is not None:
            a = self.hr_row(self.cox_adjusted)
            out["adjusted"] = {"covariates": d.covariates, "hr": a["hr"], "hr_ci_low": a["hr_ci_low"],
                               "hr_ci_high": a["hr_ci_high"], "p": a["p"], "estimable": bool(self.cox_adjusted.estimable),
                               "reason": self.cox_adjusted.reason or None,
                               "terms": _terms(self.cox_adjusted), "ph_violated": self.cox_adjusted.ph_violated}
        if self.interaction is not None:
            it = self.interaction
            row = it.interaction.iloc[0] if len(it.interaction) == 1 else None
            out |= {
                "treatment": d.treatment_name, "treatment_levels": d.treatment_levels,
                "treatment_reference": d.treatment_reference,
                "treatment_hr_compares": f"{d.treatment_name}={d.treatment_levels[1]} vs {d.treatment_name}={d.treatment_reference} (reference)",
                "interaction_hr": _f(row.hr) if row is not None else None,
                "interaction_ci_low": _f(row.hr_ci_low) if row is not None else None,
                "interaction_ci_high": _f(row.hr_ci_high) if row is not None else None,
                "interaction_p": _f(row.p) if row is not None else None,
                "interaction_lr_p": _f(it.lr_p),
                "interaction_estimable": bool(it.model.estimable),
                "interaction_model_terms": _terms(it.model),
                "treatment_hr_by_group": _sub(it.treatment_by_group),
                "group_hr_by_treatment": _sub(it.group_by_treatment),
            }
        out["summary"] = plain_summary(self)
        return out

    def write(self, out_dir, *, title: str | None = None, extra: dict | None = None) -> Path:
        """Write ``survival.json``, ``km.png/svg``, ``forest.png/svg`` (with a treatment), and TSV tables.

        ``extra``: further JSON-serialisable keys for ``survival.json`` (e.g. ``response``), so the
        file is written once. Returns the path of ``survival.json``.
        """
        from ..report.figures import save_figure
        from .forest import forest_table
        from .plot import plot_forest, plot_km

        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        res = self.to_dict() | dict(extra or {})
        (out / "survival.json").write_text(json.dumps(res, indent=2, allow_nan=False) + "\n")
        save_figure(self.km_figure(title=title), out, "km")
        self.km.summary.reset_index().to_csv(out / "km_summary.tsv", sep="\t", index=False, na_rep="")
        self.data.dropped.to_csv(out / "not_analysed.tsv", sep="\t", index=False)
        if self.interaction is not None:
            ft = forest_table(self)
            ft.reset_index().to_csv(out / "forest.tsv", sep="\t", index=False, na_rep="")
            save_figure(self.forest_figure(ft), out, "forest")
        return out / "survival.json"

    def km_figure(self, title: str | None = None):
        """The KM figure with risk table (see :func:`mdm2io.survival.plot.plot_km`)."""
        from .plot import plot_km

        return plot_km(self.km, self.data.table, labels={lv: self.label(lv) for lv in self.data.levels},
                       title=title or f"{self.data.endpoint} by {self.data.group_name}",
                       ylabel=f"{self.data.endpoint} probability")

    def forest_figure(self, table=None):
        """The subgroup forest plot of the treatment effect (needs a treatment)."""
        from .forest import forest_table
        from .plot import plot_forest

        t = forest_table(self) if table is None else table
        it = self.interaction
        p = it.interaction["p"].iloc[0] if len(it.interaction) == 1 else it.lr_p
        note = (f"HR < 1 favours {self.data.treatment_name}={self.data.treatment_levels[1]}; "
                f"interaction p = {p:.3g} (Wald), {it.lr_p:.3g} (likelihood ratio)")
        return plot_forest(t, title=f"{self.data.endpoint}: treatment effect by {self.data.group_name}", note=note)


def _terms(res: CoxResult) -> dict:
    return {t: {"hr": _f(r.hr), "hr_ci_low": _f(r.hr_ci_low), "hr_ci_high": _f(r.hr_ci_high), "p": _f(r.p)}
            for t, r in res.table.iterrows()}


def _sub(df: pd.DataFrame) -> dict:
    return {str(k): {"n": int(r.n), "events": int(r.events), "hr": _f(r.hr), "hr_ci_low": _f(r.hr_ci_low),
                     "hr_ci_high": _f(r.hr_ci_high), "p": _f(r.p), "estimable": bool(r.estimable),
                     "reason": r.reason or None}
            for k, r in df.iterrows()}


def compare_survival(data: SurvivalData, *, conf_type: str = "log-log", alpha: float = 0.05,
                     landmarks_months=(6, 12, 24), strata: str | None = None, labels: dict | None = None,
                     min_n: int = MIN_GROUP_N, min_events: int = MIN_GROUP_EVENTS) -> SurvivalAnalysis:
    """Compare survival between the groups of ``data`` (and, with a treatment, test the interaction).

    Parameters
    ----------
    data : SurvivalData
        From :func:`~mdm2io.survival.survival_data` or :func:`~mdm2io.survival.survival_data_from_frame`.
    conf_type : {"log-log", "log", "plain"}
        KM band transform ("log-log": lifelines' default; "log": R survfit's default).
    alpha : float
        1 - confidence level.
    landmarks_months : sequence of float
        Times for survival estimates.
    strata : str, optional
        A covariate column for a stratified log-rank test (in addition to the plain one).
    labels : dict, optional
        Group level -> display label.
    min_n, min_events : int
        Groups below either count are flagged in ``small_groups`` and the summary.

    Returns
    -------
    SurvivalAnalysis

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> from mdm2io.survival import survival_data
    >>> a = compare_survival(survival_data(load_inspire(), "sex", endpoint="OS"))
    >>> r = a.to_dict()
    >>> r["reference"], round(r["hr"], 3), round(r["p_logrank"], 3)
    ('female', 1.209, 0.46)
    """
    km = kaplan_meier(data, conf_type=conf_type, alpha=alpha, landmarks_months=landmarks_months)
    lr = logrank(data)
    cox = cox_model(data, covariates=[], alpha=alpha)
    adj = cox_model(data, alpha=alpha) if data.covariates else None
    lrs = logrank(data, strata=strata) if strata else None
    inter = treatment_interaction(data, alpha=alpha) if data.treatment_name else None
    counts = data.group_counts()
    small = [{"group": lv, "n": int(r.n), "events": int(r.events)} for lv, r in counts.iterrows()
             if r.n < min_n or r.events < min_events]
    if inter is not None:
        for lv, r in inter.treatment_by_group.iterrows():
            if lv != "all" and (r.n < min_n or r.events < min_events):
                small.append({"group": f"{lv} (treatment subgroup)", "n": int(r.n), "events": int(r.events)})
    return SurvivalAnalysis(data, km, lr, cox, adj, lrs, inter, small, dict(labels or {}), min_n, min_events)
