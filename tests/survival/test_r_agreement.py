"""mdm2io.survival agrees with R's survival package (survfit, survdiff, coxph) on the same data.

Expected values: tests/survival/r/expected_*.json, made by tests/survival/r/make_expected.R
(R 4.2.2, survival 3.5-3; see the header of that script for the exact commands). Agreement is
required to at least 4 significant figures; we assert a relative tolerance of 1e-6.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mdm2io.survival import (compare_survival, cox_model, kaplan_meier, landmark_data, logrank, response_table,
                             survival_data_from_frame, treatment_interaction)
from tests.conftest import shared_data

R = Path(__file__).parent / "r"
RTOL = 1e-6


def expected(name):
    return json.loads((R / f"expected_{name}.json").read_text())


def close(actual, exp, rtol=RTOL):
    if exp is None:
        assert actual is None or not np.isfinite(actual), f"R gives NA, mdm2io gives {actual}"
    else:
        assert actual == pytest.approx(exp, rel=rtol, abs=1e-12), f"{actual} != R {exp}"


def check_km(sd, exp_by_type, landmarks=(6, 12, 24)):
    for conf_type, key in (("log", "km_log"), ("log-log", "km_loglog"), ("plain", "km_plain")):
        if key not in exp_by_type:
            continue
        km = kaplan_meier(sd, conf_type=conf_type, landmarks_months=landmarks).summary
        for level, e in exp_by_type[key].items():
            r = km.loc[level]
            assert int(r.n) == e["n"] and int(r.events) == e["events"]
            close(r["median"], e["median"])
            close(r["median_ci_low"], e["median_lower"])
            close(r["median_ci_high"], e["median_upper"])
            for t, v in e["landmarks"].items():
                close(r[f"surv_{t}m"], v["surv"])
                if conf_type == "log-log" and v["surv"] == 1:
                    continue  # R leaves the log-log band undefined (NA) where S = 1; mdm2io reports [1, 1]
                close(r[f"surv_{t}m_ci_low"], v["lower"])
                close(r[f"surv_{t}m_ci_high"], v["upper"])


def check_logrank(res, e):
    close(res["chi2"], e["chisq"])
    close(res["p"], e["p"])
    assert res["df"] == e["df"]
    np.testing.assert_allclose(res["table"]["observed"], e["observed"])
    np.testing.assert_allclose(res["table"]["expected"], e["expected"], rtol=RTOL)


def check_cox(res, e, mapping):
    """mapping: mdm2io term -> R term."""
    assert res.estimable and res.n == e["n"] and res.events == e["nevent"]
    for ours, theirs in mapping.items():
        r, x = res.table.loc[ours], e["terms"][theirs]
        close(r.hr, x["hr"])
        close(r.hr_ci_low, x["lower"])
        close(r.hr_ci_high, x["upper"])
        close(r.p, x["p"], rtol=1e-5)
    close(res.loglik, e["loglik"][1])
    close(res.lr_p, e["lr_p"], rtol=1e-5)


# ---------------------------------------------------------------- IMvigor210 (bundled, CC BY 3.0)
@pytest.fixture(scope="module")
def imvigor():
    df = pd.read_csv(R / "input_imvigor210_os.tsv", sep="\t", dtype={"patient_id": str})
    return df


def test_r_input_matches_bundled_dataset(imvigor):
    """The exported R input is exactly what the bundled dataset gives today."""
    from tests.survival.r.export_inputs import imvigor210

    now = imvigor210()
    assert len(now) == len(imvigor) == 274
    np.testing.assert_allclose(now["time_months"].to_numpy(float), imvigor["time_months"].to_numpy(float), rtol=1e-12)
    assert now["mdm2_amp"].tolist() == imvigor["mdm2_amp"].tolist()


def test_imvigor210_km_logrank_cox(imvigor):
    e = expected("imvigor210")
    sd = survival_data_from_frame(imvigor, time="time_months", event="event", group="mdm2_amp", id_col="patient_id")
    check_km(sd, e)
    check_logrank(logrank(sd), e["logrank"])
    check_cox(cox_model(sd), e["cox"], {"mdm2_amp=1": "group1"})
    # the published-style headline: MDM2-amplified median OS 20.8 vs 9.0 months, HR 0.65 (0.35-1.20)
    res = compare_survival(sd, conf_type="log").to_dict()
    assert round(res["groups"]["1"]["median"], 1) == 20.8 and round(res["groups"]["0"]["median"], 1) == 9.0
    assert (round(res["hr"], 2), round(res["hr_ci_low"], 2), round(res["hr_ci_high"], 2)) == (0.65, 0.35, 1.20)


def test_imvigor210_adjusted_cox(imvigor):
    e = expected("imvigor210")
    sd = survival_data_from_frame(imvigor, time="time_months", event="event", group="mdm2_amp", id_col="patient_id",
                                  covariates=["tmb_per_mb"])
    check_cox(cox_model(sd), e["cox_adjusted_tmb"], {"mdm2_amp=1": "group1", "tmb_per_mb": "tmb_per_mb"})
    sd = survival_data_from_frame(imvigor, time="time_months", event="event", group="mdm2_amp", id_col="patient_id",
                                  covariates=["tmb_per_mb", "ecog_baseline"], categorical=["ecog_baseline"])
    assert sd.dropped.reason.str.contains("ecog_baseline").sum() == 274 - e["cox_adjusted_tmb_ecog"]["n"]
    check_cox(cox_model(sd), e["cox_adjusted_tmb_ecog"],
              {"mdm2_amp=1": "group1", "tmb_per_mb": "tmb_per_mb", "ecog_baseline=1": "factor(ecog_baseline)1",
               "ecog_baseline=2": "factor(ecog_baseline)2"})


def test_imvigor210_landmark_by_response(imvigor):
    e = expected("imvigor210")["landmark_2m_response"]
    df = imvigor[imvigor.best_overall_response.notna() & (imvigor.best_overall_response != "NE")].copy()
    df["resp"] = np.where(df.best_overall_response.isin(["CR", "PR"]), "responder", "non-responder")
    sd = survival_data_from_frame(df, time="time_months", event="event", group="resp", id_col="patient_id",
                                  reference="non-responder")
    lm = landmark_data(sd, 2)
    assert len(lm.table) == e["n"]
    assert len(lm.dropped) == len(sd.table) - e["n"]
    check_logrank(logrank(lm), e["logrank"])
    check_cox(cox_model(lm), e["cox"], {"resp=responder": "groupresponder"})


def test_imvigor210_response_rates(imvigor):
    e = expected("imvigor210")["orr_by_mdm2"]
    pts = imvigor.rename(columns={})[["patient_id", "best_overall_response"]]
    g = imvigor.set_index("patient_id")["mdm2_amp"]
    r = response_table(pts, g)["ORR"]
    for level, x in e["groups"].items():
        row = r["table"].loc[level]
        assert (int(row.x), int(row.n)) == (x["x"], x["n"])
        close(row.ci_low, x["lower"])
        close(row.ci_high, x["upper"])
    close(r["fisher_p"], e["fisher_p"])


# ---------------------------------------------------------------- INSPIRE (bundled, MIT)
@pytest.mark.parametrize("ep", ["OS", "PFS"])
def test_inspire_by_sex(ep):
    e = expected("inspire")[ep]
    df = pd.read_csv(R / "input_inspire.tsv", sep="\t")
    kw = dict(time=f"{ep.lower()}_months", event=f"{ep.lower()}_event", id_col="patient_id")
    sd = survival_data_from_frame(df, group="sex", **kw)
    check_km(sd, e)
    check_logrank(logrank(sd), e["logrank"])
    check_cox(cox_model(sd), e["cox"], {"sex=male": "groupmale"})
    sd = survival_data_from_frame(df, group="sex", covariates=["age_years", "inspire_cohort"], **kw)
    check_logrank(logrank(sd, strata="inspire_cohort"), e["logrank_stratified_cohort"])
    check_cox(cox_model(sd), e["cox_adjusted"],
              {"sex=male": "groupmale", "age_years": "age_years",
               **{f"inspire_cohort={c}": f"inspire_cohort{c}" for c in "BCDE"}})
    strat = cox_model(sd, covariates=[], strata="inspire_cohort")
    close(strat.table.loc["sex=male", "hr"], e["cox_stratified"]["terms"]["groupmale"]["hr"])
    close(strat.table.loc["sex=male", "p"], e["cox_stratified"]["terms"]["groupmale"]["p"], rtol=1e-5)
    d3 = df[df.inspire_cohort.isin(["A", "B", "C"])]
    check_logrank(logrank(survival_data_from_frame(d3, group="inspire_cohort", **kw)), e["logrank_3groups"])


# ---------------------------------------------------------------- edge cases
def edge(name):
    return survival_data_from_frame(pd.read_csv(R / f"edge_{name}.tsv", sep="\t"), time="time", event="event",
                                    group="group", id_col="id")


def test_tied_event_times_efron():
    e = expected("edge")["ties"]
    sd = edge("ties")
    assert sd.table.duplicated(["time_months", "event"]).sum() > 5  # many ties
    check_km(sd, e, landmarks=(2, 5))
    check_logrank(logrank(sd), e["logrank"])
    res = cox_model(sd)
    check_cox(res, e["cox"], {"group=pos": "grouppos"})
    # Efron differs from Breslow on these ties, so the agreement above is with the right method
    assert abs(res.table.loc["group=pos", "hr"] - e["cox_breslow"]["terms"]["grouppos"]["hr"]) > 1e-3


def test_group_without_events():
    e = expected("edge")["no_events_group"]
    sd = edge("no_events_group")
    check_km(sd, e, landmarks=(2, 5))
    check_logrank(logrank(sd), e["logrank"])
    res = compare_survival(sd)
    assert not res.cox.estimable and "no events" in res.cox.reason
    d = res.to_dict()
    assert d["hr"] is None and d["hr_estimable"] is False
    assert "No hazard ratio can be given" in d["summary"]
    json.dumps(d, allow_nan=False)


def test_all_censored():
    e = expected("edge")["all_censored"]
    sd = edge("all_censored")
    check_km(sd, e, landmarks=(2, 5))
    lr = logrank(sd)
    assert np.isnan(lr["p"]) and lr["table"]["observed"].sum() == 0
    d = compare_survival(sd).to_dict()
    assert d["hr"] is None and d["p_logrank"] is None and d["groups"]["neg"]["median"] is None
    assert "no events" in d["summary"]


def test_median_where_curve_is_exactly_one_half():
    e = expected("edge")["exact_half"]
    check_km(edge("exact_half"), e, landmarks=(2, 5))
    km = kaplan_meier(edge("exact_half")).summary
    assert km.loc["a", "median"] == 3.5 and km.loc["b", "median"] == 4.5


# ---------------------------------------------------------------- OAK: two arms, interaction (shared data only)
@pytest.fixture(scope="module")
def oak():
    f = shared_data("gandara2018_oak_poplar_clinical", "OAK_Clinical_Data.csv")
    df = pd.read_csv(f, na_values=["."])
    df = df[(df.BEP == "Y") & df.btmb.notna()].copy()
    df["os_event"] = 1 - df["OS.CNSR"]
    df["btmb16"] = (df.btmb >= 16).astype(int)
    return df


def test_oak_treatment_interaction(oak):
    e = expected("oak")
    sd = survival_data_from_frame(oak, time="OS", event="os_event", group="btmb16", treatment="TRT01P", id_col="PtID")
    assert sd.treatment_levels == ["Docetaxel", "MPDL3280A"] and len(sd.table) == e["n"]
    it = treatment_interaction(sd)
    check_cox(it.model, e["interaction"], {"btmb16=1": "btmb16", "TRT01P=MPDL3280A": "armMPDL3280A",
                                           "btmb16=1 x TRT01P=MPDL3280A": "btmb16:armMPDL3280A"})
    close(it.lr_chi2, e["interaction_lr_chisq"], rtol=1e-5)
    close(it.lr_p, e["interaction_lr_p"], rtol=1e-5)
    for level, x in e["treatment_by_btmb16"].items():
        r = it.treatment_by_group.loc[level]
        t = x["terms"]["armMPDL3280A"]
        close(r.hr, t["hr"]), close(r.hr_ci_low, t["lower"]), close(r.hr_ci_high, t["upper"]), close(r.p, t["p"], 1e-5)
    t = e["treatment_all"]["terms"]["armMPDL3280A"]
    close(it.treatment_by_group.loc["all", "hr"], t["hr"])
    for arm, x in e["btmb16_by_arm"].items():
        close(it.group_by_treatment.loc[arm, "hr"], x["terms"]["btmb16"]["hr"])
        close(it.group_by_treatment.loc[arm, "p"], x["terms"]["btmb16"]["p"], 1e-5)


def test_oak_adjusted_interaction_and_arms(oak):
    e = expected("oak")
    sd = survival_data_from_frame(oak, time="OS", event="os_event", group="btmb16", treatment="TRT01P", id_col="PtID",
                                  covariates=["BAGE", "ECOGGR"], categorical=["ECOGGR"])
    it = treatment_interaction(sd)
    check_cox(it.model, e["interaction_adjusted"], {"btmb16=1 x TRT01P=MPDL3280A": "btmb16:armMPDL3280A",
                                                    "BAGE": "BAGE", "ECOGGR=1": "factor(ECOGGR)1"})
    arms = survival_data_from_frame(oak, time="OS", event="os_event", group="TRT01P", id_col="PtID")
    check_km(arms, {"km_log": e["km_arm_log"]})
    check_logrank(logrank(arms), e["logrank_arm"])


# ---------------------------------------------------------------- two arms, open synthetic data (always runs)
def test_two_arm_interaction_synthetic():
    e = expected("two_arm_synthetic")
    df = pd.read_csv(R / "input_two_arm_synthetic.tsv", sep="\t")
    sd = survival_data_from_frame(df, time="time", event="event", group="biomarker", treatment="arm", id_col="id")
    assert sd.treatment_levels == ["chemotherapy", "ICI"]  # control arm is the reference by default
    assert sd.table.duplicated(["time_months"]).sum() > 50  # many tied times
    it = treatment_interaction(sd)
    check_cox(it.model, e["interaction"], {"biomarker=1": "biomarker", "arm=ICI": "armICI",
                                           "biomarker=1 x arm=ICI": "biomarker:armICI"})
    close(it.lr_chi2, e["interaction_lr_chisq"], rtol=1e-5)
    close(it.lr_p, e["interaction_lr_p"], rtol=1e-5)
    for level, x in e["treatment_by_biomarker"].items():
        r, t = it.treatment_by_group.loc[level], x["terms"]["armICI"]
        close(r.hr, t["hr"]), close(r.hr_ci_low, t["lower"]), close(r.hr_ci_high, t["upper"]), close(r.p, t["p"], 1e-5)
    close(it.treatment_by_group.loc["all", "hr"], e["treatment_all"]["terms"]["armICI"]["hr"])
    adj = treatment_interaction(survival_data_from_frame(df, time="time", event="event", group="biomarker",
                                                         treatment="arm", id_col="id", covariates=["age"]))
    check_cox(adj.model, e["interaction_adjusted_age"], {"biomarker=1 x arm=ICI": "biomarker:armICI", "age": "age"})
    res = compare_survival(sd).to_dict()
    assert res["interaction_hr"] == pytest.approx(e["interaction"]["terms"]["biomarker:armICI"]["hr"], rel=1e-6)
    assert "no evidence that the treatment effect differs by biomarker" in res["summary"].lower()


def test_r_inputs_are_reproducible():
    from tests.survival.r.export_inputs import inspire, two_arm_synthetic

    syn = pd.read_csv(R / "input_two_arm_synthetic.tsv", sep="\t")
    pd.testing.assert_frame_equal(two_arm_synthetic(), syn, check_dtype=False)
    ins = pd.read_csv(R / "input_inspire.tsv", sep="\t")
    np.testing.assert_allclose(inspire()["os_months"].to_numpy(float), ins["os_months"].to_numpy(float), rtol=1e-13)
