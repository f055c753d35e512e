"""Virtual-trial summaries per arm and per MDM2 × TP53 stratum (tables the report shows)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["trial_summary", "km_curve"]


def km_curve(time, event) -> pd.DataFrame:
    """Kaplan–Meier survival curve (product-limit), as a step table.

    Examples
    --------
    >>> km_curve([1, 2, 3, 4], [1, 0, 1, 1]).survival.round(3).tolist()
    [1.0, 0.75, 0.375, 0.0]
    """
    t = np.asarray(time, float)
    e = np.asarray(event, int)
    times = np.unique(t[e == 1])
    s, rows = 1.0, [(0.0, 1.0)]
    for u in times:
        at_risk = np.sum(t >= u)
        d = np.sum((t == u) & (e == 1))
        s *= 1 - d / at_risk
        rows.append((u, s))
    return pd.DataFrame(rows, columns=["time_months", "survival"])


def _median_from_km(km: pd.DataFrame) -> float:
    below = km[km.survival <= 0.5]
    return float(below.time_months.iloc[0]) if len(below) else np.nan


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
        km = km_curve(f["time_months"], f["event"])
        rows.append({**dict(zip(by, key)), "n": len(g),
                     "orr_pct": 100 * bor.isin(["CR", "PR"]).mean(), "dcr_pct": 100 * bor.isin(["CR", "PR", "SD"]).mean(),
                     "pd_pct": 100 * (bor == "PD").mean(),
                     "hpd_champiat2017_pct": 100 * g["hpd_champiat2017"].mean(), "hpd_matos2020_pct": 100 * g["hpd_matos2020"].mean(),
                     "hpd_kato2017_pct": 100 * g["hpd_kato2017"].mean(),
                     "median_pfs_months": _median_from_km(km),
                     "platelet_nadir_median": g["platelet_nadir"].median(),
                     "platelet_grade3plus_pct": 100 * (g["platelet_grade"] >= 3).mean(),
                     "doses_held": int(held.reindex(g["patient_id"]).fillna(0).sum())})
    return pd.DataFrame(rows)
