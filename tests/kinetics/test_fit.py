"""Growth-model fits against tumgr's own output on its sampleData (see data/PROVENANCE.md)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mdm2io.cohort import Cohort
from mdm2io.datasets import load_laleh2022, load_tumgr_sample
from mdm2io.kinetics import fit_claret_tgi, fit_growth_models
from mdm2io.kinetics.fit import tumgr_exclusions

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def compared():
    ref = pd.read_csv(DATA / "tumgr_sampledata_results.csv", dtype={"name": str})
    ours = fit_growth_models(load_tumgr_sample())
    return ref.merge(ours, left_on="name", right_on="patient_id", how="outer", indicator=True)


def _same_3sf(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    both_nan = np.isnan(a) & np.isnan(b)
    with np.errstate(divide="ignore", invalid="ignore"):
        tol = 0.5 * 10.0 ** (np.floor(np.log10(np.abs(a))) - 2)
        close = np.abs(a - b) <= tol
    return both_nan | close


def test_every_patient_compared(compared):
    assert (compared["_merge"] == "both").all()
    assert len(compared) == 68


def test_same_model_or_exclusion_as_tumgr(compared):
    bad = compared[compared["selectedFit"] != compared["selected_model"]]
    assert bad.empty, bad[["name", "selectedFit", "selected_model"]]
    assert (compared["type"] == compared["status"]).all()
    assert (compared["N"] == compared["n_measurements"]).all()


@pytest.mark.parametrize("theirs, ours", [("g", "g_per_day"), ("d", "d_per_day"), ("phi_x", "phi_y")])
def test_rates_match_tumgr_to_3_significant_figures(compared, theirs, ours):
    ok = _same_3sf(compared[theirs], compared[ours])
    assert ok.all(), compared.loc[~ok, ["name", "selectedFit", theirs, ours]]


def test_model_counts_match_tumgr_models_table():
    ref = pd.read_csv(DATA / "tumgr_sampledata_models.csv").set_index("Type")["N"].to_dict()
    ours = fit_growth_models(load_tumgr_sample())["selected_model"].value_counts().to_dict()
    assert ours == ref


def test_exclusion_rules():
    d = pd.DataFrame({"patient_id": ["zero"] * 2 + ["one"] + ["same"] * 3 + ["two"] * 2 + ["two_ok"] * 2,
                      "day": [0, 10, 0, 0, 10, 20, 0, 10, 0, 10],
                      "size": [0, 5, 3, 4, 4, 4, 10, 11.9, 10, 12.0]})
    r = tumgr_exclusions(d).set_index("patient_id")["exclusion"].to_dict()
    assert r == {"one": "only 1 eval", "same": "error data", "two": "2 evals not 20% diff", "two_ok": "",
                 "zero": "No measurement data"}


def test_patients_without_usable_rows_are_reported():
    scans = pd.DataFrame({"patient_id": ["a", "a", "b"], "day": [0, 30, 0], "sld_mm": [10, 20, None],
                          "sld_state": ["measured", "measured", "not_evaluable"]})
    c = Cohort(patients=pd.DataFrame({"patient_id": ["a", "b"]}), scans=scans)
    r = fit_growth_models(c).set_index("patient_id")
    assert r.loc["b", "selected_model"] == "no usable measurements"
    assert r.loc["a", "status"] in ("included", "excluded")


def test_laleh_every_patient_gets_a_model_or_reason():
    r = fit_growth_models(load_laleh2022())
    assert len(r) == 1472
    assert r["selected_model"].notna().all() and (r["selected_model"] != "").all()
    inc = r[r["status"] == "included"]
    assert (inc[["g_per_day", "d_per_day"]].notna().any(axis=1)).all()


def test_claret_recovers_simulated_parameters():
    t = np.array([0.0, 42, 84, 126, 168, 210])
    kl, kd, lam = 0.004, 0.02, 0.01
    y = 50 * np.exp(kl * t - kd / lam * (1 - np.exp(-lam * t)))
    c = Cohort(patients=pd.DataFrame({"patient_id": ["p"]}),
               scans=pd.DataFrame({"patient_id": "p", "day": t, "sld_mm": y}))
    r = fit_claret_tgi(c).iloc[0]
    assert r.reason == ""
    assert r.kl_per_day == pytest.approx(kl, rel=1e-3)
    assert r.kd_per_day == pytest.approx(kd, rel=1e-3)
    assert r.lambda_per_day == pytest.approx(lam, rel=1e-3)


def test_laleh_fits_match_tumgr_run_on_the_same_series():
    """1,426 analysed Laleh 2022 patients: same selected model, same estimates and SEs as tumgr in R."""
    ref = pd.read_csv(DATA / "tumgr_laleh2022_fits.csv")
    ours = fit_growth_models(load_laleh2022())
    t = ref.merge(ours, on="patient_id", how="left")
    assert len(t) == 1426
    assert (t["tumgr_selected"] == t["selected_model"]).all()
    g_fitted = np.where(t["selected_model"] == "gdphi", t["gdphi_g_fitted_per_day"], t["g_per_day"])
    assert _same_3sf(t["g_fitted_per_day"], g_fitted).all()
    assert _same_3sf(t["d_per_day_x"], t["d_per_day_y"]).all()
    assert _same_3sf(t["phi_x"], t["phi_y"]).all()
    g_se = np.where(t["selected_model"] == "gdphi", t["g_se_per_day"] / np.sqrt(1 - t["phi_y"]), t["g_se_per_day"])
    assert _same_3sf(t["g_fitted_se_per_day"], g_se).all()
    assert _same_3sf(t["d_se_per_day_x"], t["d_se_per_day_y"]).all()


def test_claret_fits_reach_scipy_optimum_on_real_series():
    """Batched Claret fits vs scipy.optimize.least_squares (trust-region reflective, 3 starts) on Laleh series."""
    from scipy.optimize import least_squares

    from mdm2io.kinetics import tumour_series
    from mdm2io.kinetics.fit import _claret

    c = load_laleh2022()
    r = fit_claret_tgi(c).set_index("patient_id")
    fitted = r[r["reason"] == ""]
    assert len(fitted) == 1055 and fitted["converged"].mean() > 0.95
    s = tumour_series(c).scans
    ids = np.random.default_rng(1).choice(fitted.index, 30, replace=False)
    rel = []
    for pid in ids:
        g = s[s.patient_id == pid]
        b = g[g.day <= 0].iloc[-1]
        g = g[g.day >= b.day]
        t, y = (g.day - b.day).to_numpy(), (g["size"] / b["size"]).to_numpy()
        best = min(2 * least_squares(lambda p: _claret(t[None, :], p[None, :])[0] - y, st, bounds=([0, 0, 1e-6], [1, 1, 1]),
                                     xtol=1e-15, ftol=1e-15, gtol=1e-15, max_nfev=20000).cost
                   for st in ([0.002, 0.01, 0.01], [0.001, 0.05, 0.05], [0.01, 0.02, 0.001]))
        rel.append((fitted.loc[pid, "rss_relative"] - best) / max(best, 1e-12))
    rel = np.array(rel)
    assert (rel <= 1e-3).mean() >= 0.9
    assert rel.max() <= 0.05
