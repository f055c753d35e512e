"""Virtual-trial summaries per arm and per MDM2 × TP53 stratum (tables the report shows).

Median PFS is :mod:`mdm2io.survival`'s Kaplan–Meier median (:func:`mdm2io.survival.km_curve`
and :func:`mdm2io.survival.quantile_time`: R ``quantile.survfit``'s rule, the midpoint of a 0.5
plateau; Brookmeyer & Crowley 1982, doi:10.2307/2530286), exactly as for real cohorts.
"""

from __future__ import annotations

import pandas as pd

from ..survival import km_curve, quantile_time

__all__ = ["trial_summary", "median_time"]


def median_time(time_months, event) -> float:
    """Kaplan–Meier median (months) as :func:`mdm2io.survival.kaplan_meier` reports it for real cohorts.

    Examples
    --------
    >>> median_time([1, 2, 3, 4], [1, 1, 0, 0])  # S = 0.5 from 2 to 4 months: the plateau's midpoint
    3.0
    """
    c = km_curve(time_months, event)
    return quantile_time(c["time_months"], c["survival"])


def trial_summary(cohort, by=("arm", "stratum")) -> pd.DataFrame:
    """ORR, disease control, PD, HPD (3 definitions), median PFS, platelet nadir and grade ≥ 3.

    Parameters
    ----------
    cohort
        A cohort from :func:`mdm2io.model.trial.run_trial`.
    by
        Grouping columns of ``cohort.patients``.

    Examples
    --------
    >>> from mdm2io.model.trial import run_trial
    >>> s = trial_summary(run_trial(n=8, seed=3, horizon_days=84).cohort, by=("arm",))
    >>> list(s.columns[:4])
    ['arm', 'n', 'orr_pct', 'dcr_pct']
    """
    p = cohort.patients
    pfs = cohort.endpoint("PFS")
    held = cohort.treatments.groupby("patient_id")["doses_held"].sum() if "doses_held" in cohort.treatments else pd.Series(dtype=float)
    rows = []
    for key, g in p.groupby(list(by), sort=True):
        key = key if isinstance(key, tuple) else (key,)
        bor = g["best_overall_response"]
        f = pfs.loc[g["patient_id"]]
        rows.append({**dict(zip(by, key)), "n": len(g),
                     "orr_pct": 100 * bor.isin(["CR", "PR"]).mean(), "dcr_pct": 100 * bor.isin(["CR", "PR", "SD"]).mean(),
                     "pd_pct": 100 * (bor == "PD").mean(),
                     "hpd_champiat2017_pct": 100 * g["hpd_champiat2017"].mean(), "hpd_matos2020_pct": 100 * g["hpd_matos2020"].mean(),
                     "hpd_kato2017_pct": 100 * g["hpd_kato2017"].mean(),
                     "median_pfs_months": median_time(f["time_months"], f["event"]),
                     "platelet_nadir_median": g["platelet_nadir"].median(),
                     "platelet_grade3plus_pct": 100 * (g["platelet_grade"] >= 3).mean(),
                     "doses_held": int(held.reindex(g["patient_id"]).fillna(0).sum())})
    return pd.DataFrame(rows)
