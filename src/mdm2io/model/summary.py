"""Virtual-trial summaries per arm and per MDM2 × TP53 stratum (tables the report shows).

No rule is re-implemented here: ORR (CR + PR) and disease control (CR + PR + SD) are
:func:`mdm2io.survival.response_table`'s rates, median PFS is :mod:`mdm2io.survival`'s Kaplan–Meier median
(:func:`mdm2io.survival.km_curve` and :func:`mdm2io.survival.quantile_time`, R
``quantile.survfit``'s rule, midpoint of a 0.5 plateau; Brookmeyer & Crowley 1982,
doi:10.2307/2530286) and HPD incidence is :func:`mdm2io.kinetics.hpd_incidence` (among
evaluable patients) of the labels :func:`~mdm2io.model.run_trial` stored from
:func:`mdm2io.kinetics.hpd_labels`.
"""

from __future__ import annotations

import pandas as pd

from ..kinetics import hpd_incidence
from ..survival import km_curve, quantile_time, response_table

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


def _hpd_definitions(patients: pd.DataFrame, meta: dict) -> list[str]:
    names = meta.get("hpd_definitions")
    if names is None:
        names = [c[4:] for c in patients.columns if c.startswith("hpd_")]
    return list(names)


def trial_summary(cohort, by=("arm", "stratum")) -> pd.DataFrame:
    """ORR, disease control, PD, HPD incidence per definition, median PFS, platelet nadir and grade ≥ 3.

    Parameters
    ----------
    cohort
        A cohort from :func:`mdm2io.model.trial.run_trial`.
    by
        Grouping columns of ``cohort.patients``.

    Returns
    -------
    DataFrame
        One row per group: ``n``, ``orr_pct``, ``dcr_pct``, ``pd_pct``, for each HPD definition
        ``hpd_<name>_pct`` (incidence among evaluable patients) and ``hpd_<name>_n_evaluable``,
        ``median_pfs_months``, platelet columns and ``doses_held``.

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
    defs = _hpd_definitions(p, cohort.meta)
    groups = p.groupby(list(by), sort=True)
    code = pd.Series("g" + groups.ngroup().astype(str).to_numpy(), index=p["patient_id"].astype(str).to_numpy())
    rates = response_table(p, code)  # NE counts as non-response (none in a virtual trial)
    rows = []
    for i, (key, g) in enumerate(groups):
        key = key if isinstance(key, tuple) else (key,)
        bor = g["best_overall_response"]
        f = pfs.loc[g["patient_id"]]
        row = {**dict(zip(by, key)), "n": len(g),
               "orr_pct": 100 * rates["ORR"]["table"].loc[f"g{i}", "rate"],
               "dcr_pct": 100 * rates["DCR"]["table"].loc[f"g{i}", "rate"],
               "pd_pct": 100 * (bor == "PD").mean()}
        if defs:
            long = g.melt(id_vars="patient_id", value_vars=[f"hpd_{d}" for d in defs], var_name="definition",
                          value_name="label").assign(reason="")
            inc = hpd_incidence(long).set_index("definition")
            for d in defs:
                row[f"hpd_{d}_pct"] = inc.loc[f"hpd_{d}", "incidence_pct"]
                row[f"hpd_{d}_n_evaluable"] = int(inc.loc[f"hpd_{d}", "n_hpd"] + inc.loc[f"hpd_{d}", "n_not_hpd"])
        row.update({"median_pfs_months": median_time(f["time_months"], f["event"]),
                    "platelet_nadir_median": g["platelet_nadir"].median(),
                    "platelet_grade3plus_pct": 100 * (g["platelet_grade"] >= 3).mean(),
                    "doses_held": int(held.reindex(g["patient_id"]).fillna(0).sum())})
        rows.append(row)
    return pd.DataFrame(rows)
