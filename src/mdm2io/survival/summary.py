"""Plain-language summary of a survival comparison that never overstates.

Rules: a hazard ratio is called evidence of a difference only when its 95 % CI excludes 1 (and
the log-rank test agrees at the same level); otherwise the text says there is *no evidence* of a
difference and gives the CI, whose width shows what the data cannot rule out. Groups below the
minimum size or event count get a warning instead of a confident estimate; a violated
proportional-hazards assumption is stated; associations are never called causal.
"""

from __future__ import annotations

import numpy as np

__all__ = ["plain_summary", "format_hr"]


def _num(v, nd=2):
    return "NA" if v is None or not np.isfinite(v) else f"{v:.{nd}f}"


def format_hr(hr, lo, hi) -> str:
    """'HR 0.65, 95% CI 0.35–1.19'.

    Examples
    --------
    >>> format_hr(0.6512, 0.354, 1.19)
    'HR 0.65, 95% CI 0.35–1.19'
    """
    return f"HR {_num(hr)}, 95% CI {_num(lo)}–{_num(hi)}"


def _p(p) -> str:
    if p is None or not np.isfinite(p):
        return "p not computable"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


def _median(r) -> str:
    m = r.get("median")
    if m is None or not np.isfinite(m):
        return "not reached"
    lo, hi = r.get("median_ci_low"), r.get("median_ci_high")
    hi_s = "not reached" if hi is None or not np.isfinite(hi) else f"{hi:.1f}"
    lo_s = "NA" if lo is None or not np.isfinite(lo) else f"{lo:.1f}"
    return f"{m:.1f} months (95% CI {lo_s}–{hi_s})"


def plain_summary(analysis) -> str:
    """One paragraph describing the comparison in ``analysis`` (a SurvivalAnalysis).

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> from mdm2io.survival import survival_data, compare_survival
    >>> print(plain_summary(compare_survival(survival_data(load_inspire(), "sex"))))  # doctest: +ELLIPSIS
    OS in 94 patients (64 events). There is no evidence of a difference in OS between sex=male and sex=female in this cohort (HR 1.21, 95% CI 0.73–2.00; log-rank p = 0.46)...
    """
    d = analysis.data
    ep = d.endpoint
    parts = [f"{ep} in {len(d.table)} patients ({int(d.table['event'].sum())} events)."]
    if getattr(d, "left_truncated", False):
        parts.append(f"Patients count as at risk only after their entry time ({d.entry_name}; delayed entry), "
                     "so curves and tests are conditional on being alive at entry (no proportional-hazards test is "
                     "available with delayed entry).")
    km = analysis.km.summary
    if analysis.binary:
        ref, lv = d.levels[0], d.levels[1]
        L, R = analysis.label(lv), analysis.label(ref)
        hr = analysis.hr_row()
        p_lr = analysis.logrank["p"]
        small = [s for s in analysis.small_groups if "treatment subgroup" not in s["group"]]
        if not analysis.cox.estimable:
            parts.append(f"No hazard ratio can be given: {analysis.cox.reason}.")
        elif small:
            desc = "; ".join(f"{analysis.label(s['group'])}: {s['n']} patients, {s['events']} events" for s in small)
            parts.append(f"Too few patients or events for a reliable comparison ({desc}; fewer than "
                         f"{analysis.min_n} patients or {analysis.min_events} events). The estimate "
                         f"({format_hr(hr['hr'], hr['hr_ci_low'], hr['hr_ci_high'])}; log-rank {_p(p_lr)}) is shown "
                         "for completeness and should not be read as evidence either way.")
        elif hr["hr_ci_low"] > 1 or hr["hr_ci_high"] < 1:
            direction = "shorter" if hr["hr"] > 1 else "longer"
            parts.append(f"{ep} was {direction} in {L} than in {R} patients "
                         f"({format_hr(hr['hr'], hr['hr_ci_low'], hr['hr_ci_high'])}; log-rank {_p(p_lr)}). "
                         "This is an association in this cohort, not proof of cause.")
        else:
            parts.append(f"There is no evidence of a difference in {ep} between {L} and {R} in this cohort "
                         f"({format_hr(hr['hr'], hr['hr_ci_low'], hr['hr_ci_high'])}; log-rank {_p(p_lr)}); "
                         "the confidence interval shows the range of effects the data cannot rule out.")
        parts.append(f"Median {ep}: {_median(km.loc[lv].to_dict())} for {L} vs {_median(km.loc[ref].to_dict())} for {R}.")
    else:
        parts.append(f"Log-rank test across {len(d.levels)} groups: {_p(analysis.logrank['p'])}.")
    if analysis.cox.ph_violated:
        worst = min(analysis.cox.table["ph_p"].dropna())
        parts.append(f"Warning: the hazards do not look proportional over time (Schoenfeld test {_p(worst)}); the "
                     "hazard ratio is an average over follow-up, so read the Kaplan–Meier curves.")
    if analysis.cox_adjusted is not None and analysis.cox_adjusted.estimable and analysis.binary:
        a = analysis.hr_row(analysis.cox_adjusted)
        parts.append(f"Adjusted for {', '.join(d.covariates)}: {format_hr(a['hr'], a['hr_ci_low'], a['hr_ci_high'])}.")
    it = analysis.interaction
    if it is not None:
        arm, ctl = d.treatment_levels[1], d.treatment_reference
        subs = []
        for lv2, r in it.treatment_by_group.iloc[1:].iterrows():
            est = format_hr(r.hr, r.hr_ci_low, r.hr_ci_high) if r.estimable else f"not estimable ({r.reason})"
            subs.append(f"{analysis.label(lv2)}: {est}")
        p_int = it.interaction["p"].iloc[0] if len(it.interaction) == 1 else it.lr_p
        parts.append(f"Treatment effect ({arm} vs {ctl}) within groups: " + "; ".join(subs) + ".")
        thin = [s for s in analysis.small_groups if "treatment subgroup" in s["group"]]
        if thin:
            parts.append("Few patients or events in " + "; ".join(
                f"{analysis.label(s['group'].replace(' (treatment subgroup)', ''))} ({s['n']} patients, {s['events']} events)"
                for s in thin) + ": that subgroup's treatment hazard ratio is imprecise.")
        if not it.model.estimable:
            parts.append(f"The interaction could not be estimated: {it.model.reason}.")
        elif np.isfinite(p_int) and p_int < 0.05:
            parts.append(f"The interaction test ({_p(p_int)}) gives evidence that the treatment effect differs by "
                         f"{d.group_name} in this cohort (a predictive association, to be confirmed independently).")
        else:
            parts.append(f"There is no evidence that the treatment effect differs by {d.group_name} "
                         f"(interaction {_p(p_int)}); subgroup estimates alone do not show a predictive effect.")
    if len(d.dropped):
        reasons = d.dropped["reason"].value_counts()
        parts.append(f"{len(d.dropped)} patients were not analysed (" +
                     "; ".join(f"{n}: {r}" for r, n in reasons.items()) + ").")
    return " ".join(parts)
