"""Hyperprogressive disease (HPD): every published definition as a named, cited rule in a registry.

Each definition turns the per-patient growth metrics (:func:`~mdm2io.kinetics.growth.growth_metrics`)
into one of three labels per patient, always with a reason:

* ``HPD`` - every criterion met;
* ``not HPD`` - a criterion is not met (the reason names it);
* ``not evaluable`` - an input the definition needs is missing (e.g. "no pre-baseline scan").

Criteria are combined with three-valued logic (a criterion may be true, false or unknown):
an AND rule is false as soon as one criterion is false, a k-of-n rule is decided as soon as
k criteria are true or too few can still be true. With ``strict=True`` (default) a patient
must also have every input the definition's original study required (``requires``), so that
the evaluable population matches the paper (Kas 2020 required two scans before and one
during ICI); ``strict=False`` labels every patient whose outcome is already decided.

Users add definitions with :func:`register_hpd_definition`.

Policy for a non-positive reference growth rate (tumour stable or shrinking before ICI),
where a ratio TGR_exp/TGR_ref or TGK_exp/TGK_ref is undefined or misleading
(``nonpositive_reference``):

* ``"not_evaluable"`` (default): ratio definitions label the patient not evaluable;
* ``"not_hpd"``: the ratio criterion is false;
* ``"hpd_if_growing"``: the ratio criterion is true when the experimental rate is > 0
  (acceleration from non-growth), false otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd

from ..errors import InputError
from .growth import growth_metrics
from .series import tumour_series

__all__ = ["HPDDefinition", "HPD_DEFINITIONS", "register_hpd_definition", "hpd_labels", "Criterion",
           "LABELS", "NONPOSITIVE_REFERENCE_POLICIES", "recist_pd_first_eval"]

LABELS = ("HPD", "not HPD", "not evaluable")
NONPOSITIVE_REFERENCE_POLICIES = ("not_evaluable", "not_hpd", "hpd_if_growing")


@dataclass
class Criterion:
    """One criterion evaluated for every patient: ``value`` is 1.0, 0.0 or NaN (unknown, see ``why``)."""

    name: str
    value: np.ndarray
    why: np.ndarray

    @classmethod
    def from_mask(cls, name: str, mask, known, why_unknown) -> "Criterion":
        mask, known = np.asarray(mask, bool), np.asarray(known, bool)
        why = np.broadcast_to(np.asarray(why_unknown, dtype=object), mask.shape).copy()
        why[known] = ""
        return cls(name, np.where(known, mask.astype(float), np.nan), why)


@dataclass(frozen=True)
class HPDDefinition:
    """A named, cited HPD rule.

    Parameters
    ----------
    name
        Registry key, e.g. ``"champiat2017"``.
    label
        Short human description of the rule.
    citation, doi
        The paper the rule comes from.
    rule
        ``rule(metrics, options) -> list[Criterion]`` combined by ``combine``.
    combine
        ``"all"``, ``"any"`` or ``"k_of_n:K"``, or a function of the options returning one
        of these (when an option chooses the reading, e.g. ``kim_combination``).
    requires
        Inputs checked first when ``strict``: any of ``"reference"`` (pre-baseline and
        baseline), ``"experimental"`` (baseline and first evaluation), ``"ttf"``.
    notes
        Choices made where the paper is ambiguous.
    """

    name: str
    label: str
    citation: str
    doi: str
    rule: Callable
    combine: str | Callable = "all"
    requires: tuple[str, ...] = ()
    notes: str = ""
    #: keyword arguments of growth_metrics for this definition (e.g. Kim 2019's windows)
    metric_options: dict = field(default_factory=dict)
    #: growth_metrics keyword -> hpd_labels option that sets it when given
    metric_options_from: dict = field(default_factory=dict)


HPD_DEFINITIONS: dict[str, HPDDefinition] = {}


def register_hpd_definition(definition: HPDDefinition, replace: bool = False) -> HPDDefinition:
    """Add a definition to the registry (used by :func:`hpd_labels` by default).

    Examples
    --------
    >>> d = HPDDefinition("tgr_exp_over_50", "TGR_exp > 50 %/month", "example", "",
    ...                   rule=lambda m, o: [Criterion.from_mask("TGR_exp > 50", m.tgr_exp_pct_per_month > 50,
    ...                                                          m.tgr_exp_pct_per_month.notna(), m.exp_reason)],
    ...                   requires=("experimental",))
    >>> _ = register_hpd_definition(d)
    >>> "tgr_exp_over_50" in HPD_DEFINITIONS
    True
    >>> _ = HPD_DEFINITIONS.pop("tgr_exp_over_50")
    """
    if definition.name in HPD_DEFINITIONS and not replace:
        raise InputError(f"an HPD definition named {definition.name!r} is already registered",
                         expected="a new name", fix="choose another name or pass replace=True")
    HPD_DEFINITIONS[definition.name] = definition
    return definition


# ----------------------------------------------------------------------------- shared criteria

def recist_pd_first_eval(m: pd.DataFrame) -> Criterion:
    """RECIST 1.1 progression at the first evaluation from the target-lesion sum (Eisenhauer 2009,
    doi:10.1016/j.ejca.2008.10.026): >= 20 % and >= 5 mm over the nadir (= baseline at the first
    evaluation), or any new lesion when ``new_lesions`` is recorded. With %-change data only
    the 20 % rule can be applied; without new-lesion data the rule is the sum-based subset."""
    pct = m["pct_change_first_eval"].to_numpy(float)
    absmm = m["abs_change_first_eval_mm"].to_numpy(float)
    known = ~np.isnan(pct)
    five_mm = np.where(np.isnan(absmm), True, absmm >= 5.0)
    new = np.nan_to_num(m["new_lesions_first_eval"].to_numpy(float), nan=0.0) > 0
    return Criterion.from_mask("RECIST PD at first evaluation", ((pct >= 20.0) & five_mm) | new, known | new,
                               m["exp_reason"].to_numpy(object))


def _ratio_criterion(name, num, den, threshold, reason, policy, strictly_greater: bool = False) -> Criterion:
    num, den = np.asarray(num, float), np.asarray(den, float)
    known = ~np.isnan(num) & ~np.isnan(den)
    pos = known & (den > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = num / den
    val = np.where(pos, ((ratio > threshold) if strictly_greater else (ratio >= threshold)).astype(float), np.nan)
    why = np.asarray(reason, dtype=object).copy()
    nonpos = known & (den <= 0)
    if policy == "not_evaluable":
        why[nonpos] = "reference growth <= 0 (ratio undefined; policy not_evaluable)"
    elif policy == "not_hpd":
        val[nonpos] = 0.0
    elif policy == "hpd_if_growing":
        val[nonpos] = (num[nonpos] > 0).astype(float)
    else:
        raise InputError(f"unknown nonpositive_reference policy {policy!r}",
                         expected=f"one of {', '.join(NONPOSITIVE_REFERENCE_POLICIES)}", fix="choose one of these")
    why[~np.isnan(val)] = ""
    return Criterion(name, val, why)


def _reason_of(m, *cols):
    """First non-empty reason among the named reason columns, per patient."""
    out = np.full(len(m), "", dtype=object)
    for c in cols:
        r = m[c].to_numpy(object)
        out = np.where(out == "", r, out)
    return out


def _ttf_lt_2mo(m, o) -> Criterion:
    ttf = m["ttf_months"].to_numpy(float)
    return Criterion.from_mask("TTF < 2 months", ttf < 2.0, ~np.isnan(ttf), m["ttf_reason"].to_numpy(object))


def _new_lesions(m, k, name) -> Criterion:
    # per-organ count from lesion-level data when available, else the scan-level count
    nl = m["new_lesions_involved_organ_first_eval"].to_numpy(float)
    nl = np.where(np.isnan(nl), m["new_lesions_first_eval"].to_numpy(float), nl)
    return Criterion.from_mask(name, nl >= k, ~np.isnan(nl), "new lesions not recorded at first evaluation")


# ----------------------------------------------------------------------------- the definitions

def _champiat(m, o):
    return [recist_pd_first_eval(m),
            _ratio_criterion("TGR ratio >= 2", m.tgr_exp_pct_per_month, m.tgr_ref_pct_per_month, 2.0,
                             _reason_of(m, "ref_reason", "exp_reason"), o["nonpositive_reference"])]


def _saada(m, o):
    reason = _reason_of(m, "ref_reason", "exp_reason")
    reason = np.where((reason == "") & (m["size_measure"].to_numpy(object) != "sld_mm"), "TGK needs sizes in mm", reason)
    return [_ratio_criterion("TGK ratio >= 2", m.tgk_exp_mm_per_month, m.tgk_ref_mm_per_month, 2.0, reason,
                             o["nonpositive_reference"])]


def _kato(m, o):
    pct = m["pct_change_first_eval"].to_numpy(float)
    return [_ttf_lt_2mo(m, o),
            Criterion.from_mask("> 50 % tumour-burden increase", pct > 50.0, ~np.isnan(pct), m["exp_reason"].to_numpy(object)),
            _ratio_criterion("> 2-fold increase in progression pace", m.pace_exp_pct_per_month, m.pace_ref_pct_per_month,
                             2.0, _reason_of(m, "ref_reason", "exp_reason"), o["nonpositive_reference"],
                             strictly_greater=True)]


def _delta_tgr(threshold):
    def rule(m, o):
        d = m["delta_tgr_pct_per_month"].to_numpy(float)
        return [recist_pd_first_eval(m),
                Criterion.from_mask(f"ΔTGR > {threshold:g}", d > threshold, ~np.isnan(d),
                                    _reason_of(m, "ref_reason", "exp_reason"))]
    return rule


def _lo_russo(m, o):
    pct = m["pct_change_first_eval"].to_numpy(float)
    organ = m["new_organ_first_eval"].to_numpy(float)
    e0, e1 = m["ecog_baseline"].to_numpy(float), m["ecog_worst_2mo"].to_numpy(float)
    return [_ttf_lt_2mo(m, o),
            Criterion.from_mask(">= 50 % increase in target sum at first evaluation", pct >= 50.0, ~np.isnan(pct),
                                m["exp_reason"].to_numpy(object)),
            _new_lesions(m, 2, ">= 2 new lesions in an involved organ"),
            Criterion.from_mask("spread to a new organ", organ >= 1, ~np.isnan(organ), "new organ not recorded at first evaluation"),
            _ecog_criterion(e0, e1, o.get("lo_russo_ecog", "worsening"))]


def _ecog_criterion(e0, e1, how) -> Criterion:
    # "clinical deterioration with ECOG PS decrease >= 2" read as a worsening by >= 2 points (default),
    # or as reaching ECOG >= 2 ("absolute"), which some secondary sources state
    if how == "worsening":
        return Criterion.from_mask("ECOG worsening >= 2 points within 2 months", (e1 - e0) >= 2,
                                   ~np.isnan(e0) & ~np.isnan(e1), "ECOG not recorded at baseline and within 2 months")
    if how == "absolute":
        return Criterion.from_mask("ECOG >= 2 within 2 months", e1 >= 2, ~np.isnan(e1), "ECOG not recorded within 2 months")
    raise InputError(f"unknown lo_russo_ecog option {how!r}", expected="'worsening' or 'absolute'",
                     fix="use lo_russo_ecog='worsening' (default) or 'absolute'")


def _matos(m, o):
    pct = m["pct_change_first_eval"].to_numpy(float)
    known = ~np.isnan(pct)
    why = m["exp_reason"].to_numpy(object)
    nl = m["new_lesions_involved_organ_first_eval"].to_numpy(float)
    nl = np.where(np.isnan(nl), m["new_lesions_first_eval"].to_numpy(float), nl)
    organ = m["new_organ_first_eval"].to_numpy(float)
    multi_known = ~np.isnan(nl) | (organ >= 1)
    multi = (np.nan_to_num(nl) >= 2) | (organ >= 1)
    ge20_multi = Criterion.from_mask(">= 20 % increase and multiple new lesions", (pct >= 20) & multi,
                                     (known & (pct < 20)) | (known & multi_known), np.where(known, "new lesions not recorded", why))
    return [Criterion.from_mask(">= 40 % increase in target sum", pct >= 40.0, known, why), ge20_multi]


#: Readings of Kim 2019's rule (see the kim2019 notes): both ratios, either ratio, or one of them.
KIM_COMBINATIONS = ("either", "both", "tgk", "tgr")


def _kim(m, o):
    reason = _reason_of(m, "ref_reason", "exp_reason")
    how = o.get("kim_combination", "either")
    if how not in KIM_COMBINATIONS:
        raise InputError(f"unknown kim_combination {how!r}", expected=f"one of {', '.join(KIM_COMBINATIONS)}",
                         fix="use kim_combination='either' (default), 'both', 'tgk' or 'tgr'")
    tgk = _ratio_criterion("TGK ratio >= 2 (12-week windows)", m.tgk_exp_mm_per_month, m.tgk_ref_mm_per_month, 2.0,
                           reason, o["nonpositive_reference"])
    tgr = _ratio_criterion("TGR ratio >= 2 (12-week windows)", m.tgr_exp_pct_per_month, m.tgr_ref_pct_per_month, 2.0,
                           reason, o["nonpositive_reference"])
    if how == "tgk":
        return [tgk]
    if how == "tgr":
        return [tgr]
    return [tgk, tgr]


def _kim_combine(o) -> str:
    return "all" if o.get("kim_combination", "either") == "both" else "any"


for _d in (
    HPDDefinition("champiat2017", "RECIST PD at first evaluation and TGR_exp/TGR_ref >= 2",
                  "Champiat S et al. Clin Cancer Res 2017;23(8):1920-1928", "10.1158/1078-0432.CCR-16-1741",
                  _champiat, "all", ("reference", "experimental")),
    HPDDefinition("saada_bouzid2017", "TGK_exp/TGK_ref >= 2",
                  "Saâda-Bouzid E et al. Ann Oncol 2017;28(7):1605-1611", "10.1093/annonc/mdx178",
                  _saada, "all", ("reference", "experimental"), notes="TGK from the target sum in mm/month."),
    HPDDefinition("kato2017", "TTF < 2 months, > 50 % tumour-burden increase and > 2-fold increase in progression pace",
                  "Kato S et al. Clin Cancer Res 2017;23(15):4242-4250", "10.1158/1078-0432.CCR-16-3133",
                  _kato, "all", ("reference", "experimental", "ttf"),
                  notes="Pace = % change of the target sum per month, experimental vs reference period; "
                        "TTF = ICI start to stop for any reason (treatments.stop_day/stop_date)."),
    HPDDefinition("ferrara2018", "RECIST PD at first evaluation and ΔTGR > 50 %/month",
                  "Ferrara R et al. JAMA Oncol 2018;4(11):1543-1552", "10.1001/jamaoncol.2018.3676",
                  _delta_tgr(50.0), "all", ("reference", "experimental")),
    HPDDefinition("kas2020", "RECIST PD at first evaluation and ΔTGR > 100 %/month",
                  "Kas B et al. JAMA Oncol 2020;6(7):1039-1046 (PMID 32525513)", "10.1001/jamaoncol.2020.1634",
                  _delta_tgr(100.0), "all", ("reference", "experimental"),
                  notes="Kas 2020 ranked patients with PD to set the ΔTGR > 100 threshold, so RECIST PD at "
                        "first evaluation is kept as a criterion."),
    HPDDefinition("lo_russo2019", ">= 3 of 5: TTF < 2 months; >= 50 % target-sum increase; >= 2 new lesions in an "
                  "involved organ; a new organ; ECOG worsening >= 2 within 2 months",
                  "Lo Russo G et al. Clin Cancer Res 2019;25(3):989-999", "10.1158/1078-0432.CCR-18-1390",
                  _lo_russo, "k_of_n:3", ("experimental",),
                  notes="With lesion-level data (organ of each lesion) criterion 3 counts new lesions per involved "
                        "organ; from a scans table it uses the scan-level new_lesions count (or a "
                        "new_lesions_involved_organ column when given)."),
    HPDDefinition("matos2020", ">= 40 % target-sum increase at first evaluation, or >= 20 % with multiple new lesions",
                  "Matos I et al. Clin Cancer Res 2020;26(8):1846-1855", "10.1158/1078-0432.CCR-19-2226",
                  _matos, "any", ("experimental",),
                  metric_options_from={"max_first_eval_days": "matos_max_first_eval_days"},
                  notes="Multiple new lesions = >= 2 new lesions in an involved organ (scan-level count without "
                        "lesion-level data) or a new organ at first evaluation; no "
                        "pre-baseline scan needed. Option matos_max_first_eval_days restricts the first evaluation. "
                        "Provisional: the >= 20 % + multiple-new-lesions arm is not verified against the paper's "
                        "full text (not retrievable here); the retrieved abstract gives no thresholds and the "
                        "secondary table found (J Immunother Cancer review, Table 2) lists only > 40 %, >= 2 new "
                        "lesions in an involved organ, a new organ and evaluation <= 2 months."),
    HPDDefinition("kim2019", "TGK ratio >= 2 or TGR ratio >= 2 with 12-week reference and experimental windows",
                  "Kim CG et al. Ann Oncol 2019;30(7):1104-1113", "10.1093/annonc/mdz123",
                  _kim, _kim_combine, ("reference", "experimental"),
                  notes="Verified against the paper's Methods (text retrieved): reference period = 12 weeks before "
                        "to just before ICI start, experimental period = just after start to 12 weeks after; "
                        "patients without CT before or after treatment or without a RECIST target lesion excluded. "
                        "Not verified (full text not retrievable here): how the TGK and TGR ratios combine. A "
                        "secondary summary (J Immunother Cancer review, Table 2) lists Kim 2019 as 'TGK or TGR', "
                        "so the default is either ratio >= 2; option kim_combination = 'both', 'tgk' or 'tgr' "
                        "gives the other readings.",
                  metric_options={"max_reference_days": 84.0, "max_first_eval_days": 84.0}),
):
    register_hpd_definition(_d, replace=True)


# ----------------------------------------------------------------------------- evaluation

def _combine(criteria: list[Criterion], how: str):
    V = np.vstack([c.value for c in criteria])
    W = np.vstack([c.why for c in criteria])
    n_true = np.nansum(V == 1, axis=0)
    n_false = np.sum(V == 0, axis=0)
    n_unknown = np.isnan(V).sum(axis=0)
    if how == "all":
        val = np.where(n_false > 0, 0.0, np.where(n_unknown == 0, 1.0, np.nan))
    elif how == "any":
        val = np.where(n_true > 0, 1.0, np.where(n_unknown == 0, 0.0, np.nan))
    elif how.startswith("k_of_n:"):
        k = int(how.split(":")[1])
        val = np.where(n_true >= k, 1.0, np.where(n_true + n_unknown < k, 0.0, np.nan))
    else:
        raise ValueError(f"unknown combine rule {how!r}")
    why = np.full(V.shape[1], "", dtype=object)
    for i in range(len(criteria) - 1, -1, -1):  # first unknown criterion's reason wins
        why = np.where(np.isnan(V[i]), W[i], why)
    return val, why


def _describe(criteria: list[Criterion], val, how):
    """Reason text for decided labels: which criteria were met / not met."""
    V = np.vstack([c.value for c in criteria])
    names = [c.name for c in criteria]
    out = np.full(V.shape[1], "", dtype=object)
    for j in range(V.shape[1]):
        met = [n for n, v in zip(names, V[:, j]) if v == 1]
        unmet = [n for n, v in zip(names, V[:, j]) if v == 0]
        if val[j] == 1:
            out[j] = "met: " + "; ".join(met)
        elif val[j] == 0:
            out[j] = "not met: " + "; ".join(unmet) + (f" (met: {'; '.join(met)})" if met and how != "all" else "")
    return out


def hpd_labels(cohort=None, definitions=None, *, metrics: pd.DataFrame | None = None, value: str | None = None,
               nonpositive_reference: str = "not_evaluable", strict: bool = True, linear_tgr: bool = False,
               matos_max_first_eval_days: float | None = None, lo_russo_ecog: str = "worsening",
               kim_combination: str = "either", max_baseline_days_before: float | None = None) -> pd.DataFrame:
    """Label every patient under every HPD definition: HPD / not HPD / not evaluable, with the reason.

    Parameters
    ----------
    cohort : Cohort
    definitions : sequence of str, optional
        Registry names (default: all registered, see :data:`HPD_DEFINITIONS`).
    metrics : DataFrame, optional
        Precomputed :func:`~mdm2io.kinetics.growth.growth_metrics` (definitions with their
        own windows, e.g. kim2019, recompute from ``cohort``).
    nonpositive_reference : str
        Policy when the reference growth is <= 0 (see module docs).
    strict : bool
        Require every input of the original study (see module docs).
    linear_tgr : bool
        Use the linearised TGR (100·TG) instead of Ferté's exact form.
    matos_max_first_eval_days : float, optional
        Matos 2020 only: a first evaluation later than this many days after the start makes
        the patient not evaluable (e.g. 61 for "within 2 months").
    lo_russo_ecog : str
        Lo Russo 2019 clinical criterion: ``"worsening"`` (ECOG up by >= 2 points within 2
        months; default) or ``"absolute"`` (ECOG >= 2 within 2 months).
    kim_combination : str
        Kim 2019: ``"either"`` ratio >= 2 (default), ``"both"``, or only ``"tgk"`` / ``"tgr"``
        (the paper's combination is not verified; see the definition's notes).
    max_baseline_days_before : float, optional
        RECIST 1.1 §3.3 baseline window passed to
        :func:`~mdm2io.kinetics.growth.growth_metrics` when the metrics are computed here
        (``metrics`` given: it must have been computed with the same window). Default: no
        limit, as in the HPD studies.

    Returns
    -------
    DataFrame
        Long table: ``patient_id``, ``definition``, ``label`` (HPD, not HPD, not
        evaluable), ``reason``.

    Examples
    --------
    >>> from mdm2io.kinetics import cohort_from_scans
    >>> c = cohort_from_scans({"patient_id": ["p1"] * 3, "day": [-60, -2, 40], "sld_mm": [40, 50, 80]})
    >>> h = hpd_labels(c, ["champiat2017", "kato2017"]).set_index("definition")
    >>> h.loc["champiat2017", "label"], h.loc["kato2017", "label"]
    ('HPD', 'not evaluable')
    >>> h.loc["kato2017", "reason"]
    'no treatment stop recorded (time to treatment failure unknown)'
    """
    names = list(definitions) if definitions is not None else list(HPD_DEFINITIONS)
    unknown = [n for n in names if n not in HPD_DEFINITIONS]
    if unknown:
        import difflib

        close = difflib.get_close_matches(unknown[0], list(HPD_DEFINITIONS), n=1)
        raise InputError(f"unknown HPD definition {unknown[0]!r}", expected=f"one of {', '.join(HPD_DEFINITIONS)}",
                         fix=f"did you mean {close[0]!r}?" if close else "register it with register_hpd_definition")
    if nonpositive_reference not in NONPOSITIVE_REFERENCE_POLICIES:
        raise InputError(f"unknown nonpositive_reference policy {nonpositive_reference!r}",
                         expected=f"one of {', '.join(NONPOSITIVE_REFERENCE_POLICIES)}", fix="choose one of these")
    opts = {"nonpositive_reference": nonpositive_reference, "matos_max_first_eval_days": matos_max_first_eval_days,
            "lo_russo_ecog": lo_russo_ecog, "kim_combination": kim_combination}
    series = None
    cache: dict = {}
    frames = []
    for name in names:
        d = HPD_DEFINITIONS[name]
        mo = dict(d.metric_options)
        mo.update({k: opts[o] for k, o in d.metric_options_from.items() if opts.get(o) is not None})
        key = tuple(sorted(mo.items()))
        if key not in cache:
            if not key and metrics is not None:
                cache[key] = metrics
            else:
                if series is None:
                    series = tumour_series(cohort, value=value)
                cache[key] = growth_metrics(series=series, linear=linear_tgr,
                                            **{"max_baseline_days_before": max_baseline_days_before, **mo})
        m = cache[key]
        crit = d.rule(m, opts)
        how = d.combine(opts) if callable(d.combine) else d.combine
        val, why = _combine(crit, how)
        label = np.where(val == 1, "HPD", np.where(val == 0, "not HPD", "not evaluable")).astype(object)
        reason = np.where(np.isnan(val), why, _describe(crit, val, how))
        if strict:
            need = np.full(len(m), "", dtype=object)
            for r in d.requires:
                col = {"reference": "ref_reason", "experimental": "exp_reason", "ttf": "ttf_reason"}[r]
                need = np.where(need == "", m[col].to_numpy(object), need)
            missing = need != ""
            label[missing] = "not evaluable"
            reason[missing] = need[missing]
        reason = np.where((label == "not evaluable") & (reason == ""), "criteria could not be evaluated", reason)
        frames.append(pd.DataFrame({"patient_id": m["patient_id"].to_numpy(), "definition": name,
                                    "label": label, "reason": reason}))
    return pd.concat(frames, ignore_index=True)
