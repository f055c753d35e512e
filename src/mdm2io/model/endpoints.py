"""Minimal RECIST 1.1 (SLD only) and HPD labels for simulated cohorts.

Kept deliberately small and inside ``mdm2io.model`` so the virtual-trial report works on
its own; :mod:`mdm2io.kinetics` is the full implementation for real and simulated cohorts
and replaces these at merge.

- RECIST 1.1 on the sum of diameters (Eisenhauer et al. 2009, Eur J Cancer 45:228,
  doi:10.1016/j.ejca.2008.10.026): PR ≤ −30 % from baseline; PD ≥ +20 % and ≥ 5 mm over the
  nadir; CR when the tumour (viable + dying cells) falls below 10⁶ cells (no measurable
  disease; an assumption of the single-sphere SLD model).
- Tumour growth rate (TGR, % per month) from two diameters: ``TG = 3 ln(D1/D0) / Δt``,
  ``TGR = 100 (exp(TG) − 1)`` (Ferté et al. 2014, Eur J Cancer 50:2789; Champiat et al. 2017,
  Clin Cancer Res 23:1920, doi:10.1158/1078-0432.CCR-16-1741).
- HPD definitions:
  ``champiat2017``: PD at the first on-treatment scan and TGR ratio ≥ 2;
  ``matos2020``: ≥ 40 % SLD increase from baseline at the first scan (Matos et al. 2020,
  Clin Cancer Res 26:1846, doi:10.1158/1078-0432.CCR-19-2226; the "≥ 20 % plus ≥ 2 new
  lesions" arm cannot occur in this model);
  ``kato2017``: time to treatment failure < 2 months, > 50 % increase in tumour burden and
  > 2-fold increase in progression pace (Kato et al. 2017, Clin Cancer Res 23:4242,
  doi:10.1158/1078-0432.CCR-16-3133).
"""

from __future__ import annotations

import numpy as np

# one months convention and one TGR formula for real and simulated patients (Ferté 2014)
from ..kinetics.growth import tgr_pct_per_month
from ..kinetics.series import DAYS_PER_MONTH

__all__ = ["recist_sld", "tgr_pct_per_month", "hpd_labels", "DAYS_PER_MONTH"]


def recist_sld(days, sld_mm, tumour_cells_1e9=None):
    """Per-scan response, best overall response and first PD day per patient.

    Parameters
    ----------
    days
        Scan days ``(n_scans,)`` with day 0 = baseline first.
    sld_mm
        ``(n_scans, N)`` sums of diameters.
    tumour_cells_1e9
        Optional ``(n_scans, N)`` total tumour cells for CR.

    Returns
    -------
    responses (n_scans, N) array of "CR"/"PR"/"SD"/"PD" (baseline: ""), best (N,), pd_day (N,) (nan if none)

    Examples
    --------
    >>> r, best, pd_day = recist_sld([0, 42, 84], np.array([[50.0], [30.0], [40.0]]))
    >>> r[1:, 0].tolist(), best.tolist(), pd_day.tolist()
    (['PR', 'PD'], ['PR'], [84.0])
    """
    days = np.asarray(days, float)
    sld = np.asarray(sld_mm, float)
    base = sld[0]
    nadir = base.copy()
    n_scans, N = sld.shape
    resp = np.full((n_scans, N), "", dtype=object)
    pd_day = np.full(N, np.nan)
    rank = {"CR": 0, "PR": 1, "SD": 2, "PD": 3, "": 9}
    best = np.full(N, "", dtype=object)
    for j in range(1, n_scans):
        x = sld[j]
        r = np.where((x - nadir >= 0.2 * nadir) & (x - nadir >= 5.0), "PD",
                     np.where(x <= 0.7 * base, "PR", "SD")).astype(object)
        if tumour_cells_1e9 is not None:
            r = np.where((np.asarray(tumour_cells_1e9)[j] < 1e-3) & (r != "PD"), "CR", r)
        resp[j] = r
        progressed_before = ~np.isnan(pd_day)
        new_pd = (r == "PD") & ~progressed_before
        pd_day[new_pd] = days[j]
        upd = ~progressed_before
        better = np.array([rank[a] < rank[b] for a, b in zip(r, best)])
        best = np.where(upd & better, r, best)
        nadir = np.minimum(nadir, x)
    return resp, best, pd_day


def hpd_labels(pre_sld, base_sld, first_sld, pre_dt_days, first_dt_days, first_response):
    """HPD under three published definitions (see module docstring).

    Returns a dict name -> boolean array and the TGR values used.

    Examples
    --------
    >>> out = hpd_labels(np.array([40.0]), np.array([50.0]), np.array([80.0]), 42.0, 42.0, np.array(["PD"]))
    >>> bool(out["champiat2017"][0]), bool(out["matos2020"][0]), round(float(out["tgr_ratio"][0]), 1)
    (True, True, 2.8)
    """
    tgr_pre = tgr_pct_per_month(pre_sld, base_sld, pre_dt_days)
    tgr_on = tgr_pct_per_month(base_sld, first_sld, first_dt_days)
    # ratio only meaningful for a growing pre-treatment tumour; with TGR_pre <= 0 any growth counts as acceleration
    ratio = np.where(tgr_pre > 0, tgr_on / np.where(tgr_pre > 0, tgr_pre, 1.0), np.where(tgr_on > 0, np.inf, 0.0))
    is_pd = np.asarray(first_response) == "PD"
    pct = 100.0 * (np.asarray(first_sld) / np.asarray(base_sld) - 1.0)
    pace_pre = (np.asarray(base_sld) - np.asarray(pre_sld)) / pre_dt_days
    pace_on = (np.asarray(first_sld) - np.asarray(base_sld)) / first_dt_days
    pace_ratio = np.where(pace_pre > 0, pace_on / np.where(pace_pre > 0, pace_pre, 1.0), np.where(pace_on > 0, np.inf, 0.0))
    ttf_lt_2m = is_pd & (first_dt_days < 2 * DAYS_PER_MONTH)
    return {
        "champiat2017": is_pd & (ratio >= 2.0),
        "matos2020": pct >= 40.0,
        "kato2017": ttf_lt_2m & (pct > 50.0) & (pace_ratio > 2.0),
        "tgr_pre_pct_per_month": tgr_pre, "tgr_on_pct_per_month": tgr_on, "tgr_ratio": ratio,
    }
