"""Trial endpoints of simulated cohorts, computed by :mod:`mdm2io.kinetics` exactly as for real cohorts.

The model keeps no rule of its own: RECIST 1.1 responses, % change from baseline, best overall
response, first progression, TGR and HPD labels all come from the public API of
:mod:`mdm2io.kinetics` applied to the virtual trial's ``scans`` and ``treatments`` tables
(one copy of each rule; see ``docs/kinetics.md`` for formulas and citations):

- RECIST 1.1 on the sum of diameters (Eisenhauer et al. 2009, Eur J Cancer 45:228,
  doi:10.1016/j.ejca.2008.10.026) by :func:`mdm2io.kinetics.recist_timepoints` /
  :func:`mdm2io.kinetics.recist_responses` (sum-only subset; ``new_lesions`` is 0 by
  construction). The model's one assumption: a tumour below
  :data:`DETECTION_LIMIT_CELLS_1E9` (10⁶ viable + dying cells, a sphere of about 1.7 mm) is
  not measurable and is recorded as SLD 0, which RECIST reads as CR.
- TGR (Ferté et al. 2014, doi:10.1158/1078-0432.CCR-13-2098) and every registered HPD
  definition by :func:`mdm2io.kinetics.growth_metrics` and :func:`mdm2io.kinetics.hpd_labels`
  (reference period = the day −42 pre-treatment scan → day 0 baseline; first evaluation = the
  first on-treatment scan; time to treatment failure from the ``treatments`` rows). Options
  are the kinetics ones: ``definitions`` and ``nonpositive_reference`` (default
  ``"not_evaluable"``: a tumour not growing before treatment has no TGR ratio).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import kinetics
# one months convention for real and simulated patients (Ferté 2014: months = days x 12 / 365.25)
from ..kinetics import DAYS_PER_MONTH

__all__ = ["DEFAULT_HPD_DEFINITIONS", "DETECTION_LIMIT_CELLS_1E9", "DAYS_PER_MONTH", "check_hpd_options",
           "scan_responses", "virtual_endpoints"]

#: HPD definitions labelled on a virtual trial by default (the trial summary shows one column each).
DEFAULT_HPD_DEFINITIONS = ("champiat2017", "matos2020", "kato2017")
#: Viable + dying tumour cells (×10⁹) below which the tumour is not measurable (SLD recorded as 0).
DETECTION_LIMIT_CELLS_1E9 = 1e-3


def check_hpd_options(definitions=DEFAULT_HPD_DEFINITIONS, nonpositive_reference: str = "not_evaluable") -> list[str]:
    """Validate HPD options with :func:`mdm2io.kinetics.hpd_labels`' own checks (before a long simulation).

    ``definitions`` may be ``"all"`` (every registered definition) or a sequence of names.

    Examples
    --------
    >>> check_hpd_options(["matos2020"], "not_hpd")
    ['matos2020']
    >>> check_hpd_options("all") == list(kinetics.HPD_DEFINITIONS)
    True
    """
    names = list(kinetics.HPD_DEFINITIONS) if isinstance(definitions, str) and definitions == "all" else (
        [definitions] if isinstance(definitions, str) else list(definitions))
    probe = kinetics.cohort_from_scans({"patient_id": ["probe"], "day": [0.0], "sld_mm": [10.0]})
    kinetics.hpd_labels(probe, names, nonpositive_reference=nonpositive_reference)  # raises InputError if unknown
    return names


def _timepoint_table(tp: pd.DataFrame, column: str, patient_ids, on_days) -> np.ndarray:
    """``(n_days, n_patients)`` array of one column of :func:`mdm2io.kinetics.recist_timepoints`."""
    wide = tp.pivot(index="day", columns="patient_id", values=column)
    return wide.reindex(index=on_days, columns=patient_ids).to_numpy()


def scan_responses(patient_ids, scan_days, sld_mm) -> np.ndarray:
    """RECIST 1.1 overall response at every scan (``""`` at the baseline, day 0) by :mod:`mdm2io.kinetics`.

    Parameters
    ----------
    patient_ids
        ``(N,)`` identifiers.
    scan_days
        ``(n_scans,)`` days, the first the baseline (day 0, treatment start).
    sld_mm
        ``(n_scans, N)`` sums of diameters.

    Examples
    --------
    >>> r = scan_responses(["a", "b"], [0, 42, 84, 126], np.array([[100.0, 50.0], [60.0, 52.0], [75.0, 61.0], [80.0, 70.0]]))
    >>> r[1:].T.tolist()
    [['PR', 'PD', 'PD'], ['SD', 'PD', 'PD']]
    """
    pid = np.asarray(patient_ids, dtype=str)
    days = np.asarray(scan_days, float)
    sld = np.asarray(sld_mm, float)
    c = kinetics.cohort_from_scans({"patient_id": np.tile(pid, len(days)), "day": np.repeat(days, len(pid)),
                                    "sld_mm": sld.ravel()})
    tp = kinetics.recist_timepoints(c)
    resp = np.full(sld.shape, "", dtype=object)
    resp[1:] = _timepoint_table(tp, "overall_response", pid, days[1:])
    return resp


def virtual_endpoints(cohort, definitions=DEFAULT_HPD_DEFINITIONS, nonpositive_reference: str = "not_evaluable"):
    """Per-scan and per-patient endpoints of a simulated cohort by :mod:`mdm2io.kinetics`.

    Parameters
    ----------
    cohort
        A Cohort with ``scans`` (``sld_mm``) and ``treatments`` (virtual trial tables).
    definitions, nonpositive_reference
        As :func:`mdm2io.kinetics.hpd_labels`.

    Returns
    -------
    timepoints : DataFrame
        :func:`mdm2io.kinetics.recist_timepoints` (``patient_id``, ``day``, ``overall_response``,
        ``pct_change_from_baseline`` ...).
    patients : DataFrame
        Indexed by ``patient_id``: ``best_overall_response``, ``first_pd_day``,
        ``tgr_pre_pct_per_month``, ``tgr_on_pct_per_month`` and one ``hpd_<definition>``
        column per definition ("HPD", "not HPD", "not evaluable").
    labels : DataFrame
        The long :func:`mdm2io.kinetics.hpd_labels` table (with reasons).

    Examples
    --------
    >>> c = kinetics.cohort_from_scans({"patient_id": ["p"] * 3, "day": [-42, 0, 42], "sld_mm": [40.0, 50.0, 80.0]})
    >>> tp, pts, lab = virtual_endpoints(c, ["champiat2017", "matos2020"])
    >>> pts.loc["p", ["best_overall_response", "hpd_champiat2017", "hpd_matos2020"]].tolist()
    ['PD', 'HPD', 'HPD']
    """
    tp = kinetics.recist_timepoints(cohort)
    rr = kinetics.recist_responses(cohort).set_index("patient_id")
    m = kinetics.growth_metrics(cohort)
    labels = kinetics.hpd_labels(cohort, list(definitions), metrics=m, nonpositive_reference=nonpositive_reference)
    wide = labels.pivot(index="patient_id", columns="definition", values="label")
    out = pd.DataFrame({"best_overall_response": rr["best_overall_response"], "first_pd_day": rr["first_pd_day"]})
    mi = m.set_index("patient_id")
    out["tgr_pre_pct_per_month"] = mi["tgr_ref_pct_per_month"].reindex(out.index)
    out["tgr_on_pct_per_month"] = mi["tgr_exp_pct_per_month"].reindex(out.index)
    for d in definitions:
        out[f"hpd_{d}"] = wide[d].reindex(out.index)
    return tp, out, labels
