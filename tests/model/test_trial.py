"""Virtual population and trial: reproducibility, schema, endpoints, the HPD mechanism."""

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from mdm2io.cohort import Cohort
from mdm2io.model.default import compiled_model
from mdm2io.errors import InputError
from mdm2io.model.endpoints import scan_responses, virtual_endpoints
from mdm2io.model.population import sample_population
from mdm2io.model.summary import median_time, trial_summary
from mdm2io.model.trial import run_trial


@pytest.fixture(scope="module")
def trial():
    return run_trial(n=24, seed=5, horizon_days=168)


def test_population_reproducible_across_processes():
    code = ("from mdm2io.model.default import compiled_model; from mdm2io.model.population import sample_population;"
            "import mdm2io.progress as p; p.ENABLED=False;"
            "import hashlib; pop = sample_population(compiled_model(), 8, seed=11);"
            "print(hashlib.sha256(pop.params.tobytes() + pop.state0.tobytes()).hexdigest())")
    import os
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout.strip()
    import hashlib
    pop = sample_population(compiled_model(), 8, seed=11)
    assert other == hashlib.sha256(pop.params.tobytes() + pop.state0.tobytes()).hexdigest()


def test_patient_draws_do_not_depend_on_population_size():
    a = sample_population(compiled_model(), 4, seed=3).patients.set_index("virtual_patient_id")
    b = sample_population(compiled_model(), 8, seed=3).patients.set_index("virtual_patient_id")
    common = a.index.intersection(b.index)
    assert len(common) >= 2
    pd.testing.assert_frame_equal(a.loc[common], b.loc[common])


def test_plausible_patients_meet_selection_criteria():
    pop = sample_population(compiled_model(), 40, seed=2)
    p = pop.patients
    assert p.platelets_baseline.between(150, 400).all()
    assert p.baseline_sld_mm.between(10, 300).all()
    assert p.volume_doubling_time_days.between(30, 600).all()
    assert (p.groupby(["mdm2_amplified", "tp53_status"]).size() == 10).all()
    amp_cn = p.loc[p.mdm2_amplified, "mdm2_copy_number"]
    assert amp_cn.min() >= 8 and amp_cn.max() <= 182  # IMvigor210 FoundationOne MDM2 amplifications


def test_trial_cohort_follows_schema(trial):
    c = trial.cohort
    assert isinstance(c, Cohort) and c.problems() == []
    assert c.n_patients == 72 and c.meta["simulated"]
    scans = c.scans
    days = sorted(scans.day.unique())
    assert days[:3] == [-42.0, 0.0, 42.0] and np.allclose(np.diff(days[1:]), 42)
    assert set(c.outcomes.endpoint) == {"PFS"}
    t = c.treatments
    assert {"pembrolizumab", "siremadlin"} <= set(t.agent)
    assert (t.doses_given + t.doses_held == t.doses_planned).all()
    assert set(c.alterations.gene) <= {"MDM2", "TP53"}
    # round-trip through a cohort folder
    from mdm2io.io.cohort_folder import read_cohort
    import tempfile
    back = read_cohort(c.write(tempfile.mkdtemp()))
    assert back.n_patients == c.n_patients


def test_pfs_matches_scans(trial):
    c = trial.cohort
    pfs = c.endpoint("PFS")
    resp = c.scans[c.scans.response == "PD"].groupby("patient_id").day.min() / 30.4375
    ev = pfs[pfs.event == 1]
    assert np.allclose(ev.loc[resp.index, "time_months"], resp)


def test_mdm2i_does_not_shrink_tp53_mutant_tumours_by_itself(trial):
    p = trial.cohort.patients
    mono = p[(p.arm == "MDM2i") & (p.tp53_status == "mutant")]
    wt = p[(p.arm == "MDM2i") & (p.tp53_status == "wild-type")]
    assert (mono.best_overall_response.isin(["CR", "PR"])).mean() <= (wt.best_overall_response.isin(["CR", "PR"])).mean()
    # and platelets fall regardless of TP53 (host effect)
    assert mono.platelet_nadir.median() < 0.8 * mono.platelets_baseline.median()


def test_stronger_treg_response_produces_hpd_in_a_subset():
    arms = {"anti-PD-1": "pembrolizumab 200 mg q3w"}
    strong = run_trial(n=100, seed=1, arms=arms, horizon_days=42, scale_params={"theta_R": 5}).cohort.patients
    none = run_trial(n=100, seed=1, arms=arms, horizon_days=42, scale_params={"theta_R": 0}).cohort.patients
    hpd_strong = (strong.hpd_matos2020 == "HPD").sum() + (strong.hpd_champiat2017 == "HPD").sum()
    assert hpd_strong >= 3 and (strong.hpd_matos2020 == "HPD").mean() < 0.5  # a subset, not everyone
    assert (none.hpd_matos2020 == "HPD").sum() == 0 and (none.hpd_champiat2017 == "HPD").sum() == 0


def test_kinetics_labels_simulated_hpd():
    """mdm2io.kinetics runs unchanged on the simulated Cohort and labels the Treg-driven HPD."""
    kinetics = pytest.importorskip("mdm2io.kinetics")
    arms = {"anti-PD-1": "pembrolizumab 200 mg q3w"}
    strong = run_trial(n=100, seed=1, arms=arms, horizon_days=42, scale_params={"theta_R": 5}).cohort
    none = run_trial(n=100, seed=1, arms=arms, horizon_days=42, scale_params={"theta_R": 0}).cohort
    hs, hn = kinetics.hpd_labels(strong), kinetics.hpd_labels(none)
    n_hpd = hs[hs.label == "HPD"].groupby("definition").size()
    assert n_hpd.get("matos2020", 0) >= 3 and n_hpd.get("champiat2017", 0) >= 1
    assert (hs[hs.label == "HPD"].groupby("definition").size() < 50).all()  # a subset
    assert (hn.label == "HPD").sum() == 0
    # the labels stored on patients are mdm2io.kinetics' labels (one copy of the rules), patient by patient
    own = strong.patients.set_index("patient_id")
    for d in ("champiat2017", "matos2020", "kato2017"):
        ref = hs[hs.definition == d].set_index("patient_id").label
        assert own[f"hpd_{d}"].equals(ref.reindex(own.index).rename(f"hpd_{d}"))


def test_recist_responses_are_kinetics():
    """Per-scan RECIST 1.1 (Eisenhauer 2009): PR <= -30 % of baseline; PD >= +20 % and >= 5 mm over the nadir."""
    resp = scan_responses(["a", "b"], [0, 42, 84, 126], np.array([[100.0, 50.0], [60.0, 52.0], [75.0, 61.0], [80.0, 70.0]]))
    assert resp[0].tolist() == ["", ""]
    assert resp[1:, 0].tolist() == ["PR", "PD", "PD"]  # 60 <= 70; 75 is +25 % and +15 mm over the nadir 60
    assert resp[1:, 1].tolist() == ["SD", "PD", "PD"]  # +22 % and +11 mm over nadir 50


def test_patient_columns_follow_kinetics(trial):
    """Best response, first PD (PFS), TGR and % change on the virtual cohort equal mdm2io.kinetics' on its scans."""
    kinetics = pytest.importorskip("mdm2io.kinetics")
    c = trial.cohort
    pats = c.patients.set_index("patient_id")
    rr = kinetics.recist_responses(c).set_index("patient_id")
    assert pats.best_overall_response.equals(rr.best_overall_response.reindex(pats.index))
    pfs = c.endpoint("PFS")
    pd_day = rr.first_pd_day.reindex(pfs.index)
    assert (pfs.event == pd_day.notna().astype(int)).all()
    np.testing.assert_allclose(pfs.time_months[pfs.event == 1], pd_day[pfs.event == 1] * 12 / 365.25)
    m = kinetics.growth_metrics(c).set_index("patient_id").reindex(pats.index)
    np.testing.assert_allclose(pats.tgr_pre_pct_per_month, m.tgr_ref_pct_per_month)
    np.testing.assert_allclose(pats.tgr_on_pct_per_month, m.tgr_exp_pct_per_month)
    on = c.scans[c.scans.day > 0]
    np.testing.assert_allclose(on.pct_change_from_baseline,
                               100 * (on.sld_mm / on.patient_id.map(pats.baseline_sld_mm) - 1), rtol=1e-12)


def test_hpd_policy_for_nonpositive_pre_treatment_growth():
    """A tumour shrinking before treatment: not evaluable by default (kinetics), HPD with 'hpd_if_growing'."""
    kinetics = pytest.importorskip("mdm2io.kinetics")
    c = kinetics.cohort_from_scans({"patient_id": ["p"] * 3, "day": [-42, 0, 42], "sld_mm": [55.0, 50.0, 80.0]})
    _, default, lab = virtual_endpoints(c, ["champiat2017", "matos2020"])
    assert default.loc["p", "hpd_champiat2017"] == "not evaluable" and default.loc["p", "hpd_matos2020"] == "HPD"
    assert "reference growth <= 0" in lab.set_index("definition").loc["champiat2017", "reason"]
    _, growing, _ = virtual_endpoints(c, ["champiat2017"], nonpositive_reference="hpd_if_growing")
    assert growing.loc["p", "hpd_champiat2017"] == "HPD"
    with pytest.raises(InputError):
        run_trial(n=4, seed=1, hpd_definitions=["champiat2071"])  # checked before simulating
    with pytest.raises(InputError):
        run_trial(n=4, seed=1, nonpositive_reference="hpd")


def test_medians_are_survival_medians(trial):
    """Median PFS of a virtual trial = mdm2io.survival's Kaplan-Meier median, including a 0.5 plateau."""
    survival = pytest.importorskip("mdm2io.survival")
    c = trial.cohort
    ref = survival.kaplan_meier(survival.survival_data(c, "arm", endpoint="PFS")).summary["median"]
    s = trial_summary(c, by=("arm",)).set_index("arm")["median_pfs_months"]
    np.testing.assert_allclose(s.to_numpy(), ref.reindex(s.index).to_numpy())
    # an arm whose curve sits exactly at 0.5: half progress at 1 month, the rest are censored at 2-3 months
    ids = c.patients.loc[c.patients.arm == "anti-PD-1", "patient_id"].to_numpy()
    k = len(ids) // 2
    t = np.r_[np.full(k, 1.0), np.linspace(2.0, 3.0, len(ids) - k)]
    e = np.r_[np.ones(k, int), np.zeros(len(ids) - k, int)]
    out = c.outcomes.set_index("patient_id")
    out.loc[ids, "time_months"], out.loc[ids, "event"] = t, e
    c2 = Cohort(patients=c.patients, treatments=c.treatments, outcomes=out.reset_index(), meta=c.meta)
    ref2 = survival.kaplan_meier(survival.survival_data(c2, "arm", endpoint="PFS")).summary["median"]
    s2 = trial_summary(c2, by=("arm",)).set_index("arm")["median_pfs_months"]
    assert s2["anti-PD-1"] == pytest.approx(ref2["anti-PD-1"]) == pytest.approx(2.0)  # S = 0.5 from 1 to 3 months: midpoint (R rule)
    assert median_time([1, 2, 3, 4], [1, 1, 0, 0]) == 3.0


def test_summary_and_report(trial, tmp_path):
    s = trial_summary(trial.cohort)
    assert len(s) == 3 * 4 and s.n.sum() == 72
    from mdm2io.report import build_report
    index = build_report(trial.cohort, tmp_path)
    html = index.read_text()
    assert "Virtual trial" in html and "hpd_champiat2017_pct" in html
    assert (tmp_path / "tables" / "model_by_arm_stratum.tsv").exists()


def test_survival_stage_runs_on_simulated_cohort(trial):
    """mdm2io.survival (merged) analyses the simulated Cohort unchanged: PFS by arm and by stratum."""
    survival = pytest.importorskip("mdm2io.survival")
    res = survival.compare_survival(survival.survival_data(trial.cohort, "arm", endpoint="PFS")).to_dict()
    assert res["n"] == trial.cohort.n_patients and set(res["levels"]) == {"anti-PD-1", "MDM2i", "combination"}
    by = survival.compare_survival(survival.survival_data(trial.cohort, "stratum", endpoint="PFS")).to_dict()
    assert len(by["levels"]) == 4


def test_treatment_stops_at_confirmed_progression(trial):
    """Doses stop at the scan confirming PD; the follow-up is untreated and continues the same patient."""
    from mdm2io.model.trial import progression_stop_days

    c = trial.cohort
    pats = c.patients.set_index("patient_id")
    stopped = pats["treatment_stop_day"].dropna()
    assert len(stopped) > 0
    # the stop day is the second of two consecutive PD scans
    sc = c.scans[c.scans.day >= 0].pivot(index="day", columns="patient_id", values="response").fillna("")
    expect = progression_stop_days(sc.index.to_numpy(), sc.to_numpy(), "confirmed")
    expect = dict(zip(sc.columns, expect))
    for pid, d in stopped.items():
        assert expect[pid] == d
    tr = c.treatments
    for pid, d in stopped.items():
        rows = tr[tr.patient_id == pid]
        assert rows.stop_day.max() <= d  # nothing given or planned after the stop
        assert rows.stop_reason.fillna("").str.startswith("progression").any()
    # same patient without stopping: identical until the stop day, different after it in MDM2i-treated arms
    full = run_trial(n=24, seed=5, horizon_days=168, stop_at_progression=None)
    days = trial.days
    i = int(np.flatnonzero(~np.isnan(pats.loc[c.patients.patient_id, "treatment_stop_day"].to_numpy())
                           & (c.patients.arm.to_numpy() == "MDM2i"))[0])
    d = pats["treatment_stop_day"].iloc[i]
    before = days < d
    np.testing.assert_allclose(trial.trajectories["platelets"][before, i], full.trajectories["platelets"][before, i], rtol=1e-12)
    assert trial.trajectories["platelets"][-1, i] >= full.trajectories["platelets"][-1, i] * 0.999


def test_response_rates_are_survival_rates(trial):
    """ORR/DCR per arm = mdm2io.survival.response_table's (CR+PR, CR+PR+SD) on the same patients."""
    survival = pytest.importorskip("mdm2io.survival")
    p = trial.cohort.patients
    ref = survival.response_table(p, p.set_index("patient_id")["arm"])
    s = trial_summary(trial.cohort, by=("arm",)).set_index("arm")
    for name, col in (("ORR", "orr_pct"), ("DCR", "dcr_pct")):
        np.testing.assert_allclose(s[col], 100 * ref[name]["table"]["rate"].reindex(s.index))
