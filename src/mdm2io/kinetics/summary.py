"""The whole kinetics stage in one call: per-patient table, HPD labels and growth fits (used by the CLI)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from .fit import fit_growth_models
from .growth import growth_metrics
from .hpd import hpd_labels
from .lesions import recist_lesion_problems
from .recist import recist_responses
from .series import tumour_series

__all__ = ["kinetics_table", "run_kinetics", "KineticsResult"]

_KINETICS_COLUMNS = [
    "patient_id", "n_scans", "prebaseline_day", "baseline_day", "first_eval_day", "size_prebaseline", "size_baseline",
    "size_first_eval", "size_measure", "tgr_ref_pct_per_month", "tgr_exp_pct_per_month", "tgr_ratio",
    "delta_tgr_pct_per_month", "tgk_ref_mm_per_month", "tgk_exp_mm_per_month", "tgk_ratio", "pace_ref_pct_per_month",
    "pace_exp_pct_per_month", "pct_change_first_eval", "best_pct_change", "ttf_months", "best_overall_response",
    "best_overall_iresponse", "first_pd_day", "recist_basis", "ref_reason", "exp_reason",
]


def kinetics_table(cohort, *, value: str | None = None, linear_tgr: bool = False, metrics=None,
                   responses=None, measurability: str = "report",
                   max_baseline_days_before: float | None = None) -> pd.DataFrame:
    """One row per patient: growth metrics (TGR, TGK, ΔTGR, ratios) and RECIST/iRECIST best response.

    ``max_baseline_days_before`` (RECIST 1.1 §3.3 window, default none) is passed to
    :func:`~mdm2io.kinetics.growth_metrics` and :func:`~mdm2io.kinetics.recist_responses`
    when ``metrics`` / ``responses`` are computed here.

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> t = kinetics_table(load_inspire())
    >>> len(t), "tgr_exp_pct_per_month" in t
    (94, True)
    """
    w = {"max_baseline_days_before": max_baseline_days_before}
    m = metrics if metrics is not None else growth_metrics(cohort, value=value, linear=linear_tgr, **w)
    r = responses if responses is not None else recist_responses(cohort, value=value, measurability=measurability,
                                                                 **w)
    r = r.rename(columns={"basis": "recist_basis"})
    out = m.merge(r[["patient_id", "best_overall_response", "best_overall_iresponse", "first_pd_day", "recist_basis"]],
                  on="patient_id", how="left")
    return out[_KINETICS_COLUMNS]


@dataclass
class KineticsResult:
    """Outputs of :func:`run_kinetics`."""

    kinetics: pd.DataFrame
    hpd: pd.DataFrame
    growth_fits: pd.DataFrame
    unused_rows: pd.DataFrame
    #: lesion rows breaking RECIST 1.1 target rules (1-based ``row``); empty without lesion data
    lesion_problems: pd.DataFrame | None = None
    #: every column of :func:`~mdm2io.kinetics.growth.growth_metrics` (``kinetics`` keeps the main ones)
    growth_metrics: pd.DataFrame | None = None
    #: every column of :func:`~mdm2io.kinetics.recist.recist_responses` (reasons, number of assessments)
    responses: pd.DataFrame | None = None
    #: the :func:`~mdm2io.kinetics.series.tumour_series` everything above was computed from
    series: object = None

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write ``kinetics.tsv``, ``hpd.tsv``, ``growth_fits.tsv``, ``unused_scan_rows.tsv``,
        ``growth_metrics.tsv`` and ``responses.tsv`` (every column), and ``lesion_problems.tsv``
        when the cohort has lesion-level data."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, df in (("kinetics", self.kinetics), ("hpd", self.hpd), ("growth_fits", self.growth_fits),
                         ("unused_scan_rows", self.unused_rows), ("lesion_problems", self.lesion_problems),
                         ("growth_metrics", self.growth_metrics), ("responses", self.responses)):
            if df is None:
                continue
            p = out / f"{name}.tsv"
            df.to_csv(p, sep="\t", index=False, float_format="%.6g")
            paths.append(p)
        return paths


def _check_options(pval: float, max_baseline_days_before: float | None, matos_max_first_eval_days: float | None) -> None:
    """Range checks of run_kinetics' numeric options (named as the CLI options), before any work."""
    if not 0 < pval < 1:
        raise InputError(f"--pval {pval:g} is not a significance level", expected="a number between 0 and 1 (exclusive)",
                         fix="use e.g. --pval 0.10 (tumgr's default)")
    for name, v in (("--max-baseline-days-before", max_baseline_days_before),
                    ("--matos-max-first-eval-days", matos_max_first_eval_days)):
        if v is not None and not 0 <= v < float("inf"):
            raise InputError(f"{name} {v:g} is not a number of days", expected="a number of days >= 0",
                             fix=f"use e.g. {name} 28, or leave it out for no limit")


def run_kinetics(cohort, *, value: str | None = None, definitions=None, nonpositive_reference: str = "not_evaluable",
                 strict: bool = True, linear_tgr: bool = False, pval: float = 0.10,
                 matos_max_first_eval_days: float | None = None, lo_russo_ecog: str = "worsening",
                 measurability: str = "report", kim_combination: str = "either",
                 max_baseline_days_before: float | None = None) -> KineticsResult:
    """Growth metrics + RECIST/iRECIST, HPD labels under every definition, and growth-model fits.

    Options are those of :func:`~mdm2io.kinetics.hpd.hpd_labels` and
    :func:`~mdm2io.kinetics.fit.fit_growth_models` (``pval``) and
    :func:`~mdm2io.kinetics.recist.recist_timepoints` (``measurability``).
    ``max_baseline_days_before`` (RECIST 1.1 §3.3: 28 days, default no limit) applies the same
    baseline window to the growth metrics, the HPD labels, RECIST/iRECIST and the lesion checks
    (the tumgr growth fits use every scan and have no baseline).

    Examples
    --------
    >>> from mdm2io.datasets import load_tumgr_sample
    >>> res = run_kinetics(load_tumgr_sample())
    >>> len(res.kinetics), res.hpd.definition.nunique(), len(res.growth_fits)
    (68, 8, 68)
    """
    _check_options(pval, max_baseline_days_before, matos_max_first_eval_days)
    s = tumour_series(cohort, value=value)
    w = {"max_baseline_days_before": max_baseline_days_before}
    m = growth_metrics(series=s, linear=linear_tgr, **w)
    r = recist_responses(cohort, value=value, measurability=measurability, **w)
    table = kinetics_table(cohort, value=value, metrics=m, responses=r, measurability=measurability, **w)
    h = hpd_labels(cohort, definitions, metrics=m, value=value, nonpositive_reference=nonpositive_reference,
                   strict=strict, linear_tgr=linear_tgr, matos_max_first_eval_days=matos_max_first_eval_days,
                   lo_russo_ecog=lo_russo_ecog, kim_combination=kim_combination, **w)
    fits = fit_growth_models(cohort, value=value, pval=pval)
    unused = s.unused.copy()
    unused["row"] = unused["row"] + 1  # 1-based data row of the scans table
    problems = None
    if len(cohort.lesions):
        problems = recist_lesion_problems(cohort, measurability, **w)
        problems["row"] = problems["row"] + 1  # 1-based data row of the lesions table
    return KineticsResult(table, h, fits, unused, problems, m, r, s)
