"""mdm2io.survival API, CLI and report: inputs, errors, JSON keys, small-group flags, real bundled data."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from lifelines import KaplanMeierFitter
from lifelines.statistics import multivariate_logrank_test

from mdm2io.cli import main
from mdm2io.datasets import load_imvigor210, load_inspire
from mdm2io.errors import InputError, ValidationError
from mdm2io.survival import (compare_survival, km_curve, landmark_data, logrank, rate_table,
                             source_amplification_status, survival_data, survival_data_from_frame)
from mdm2io.survival.logrank import logrank_components
from tests.conftest import shared_data

R = Path(__file__).parent / "r"

REQUIRED_KEYS = {"groups", "hr", "hr_ci_low", "hr_ci_high", "p_logrank", "p_cox", "reference", "hr_compares"}
GROUP_KEYS = {"n", "events", "median", "median_ci_low", "median_ci_high"}
TREATMENT_KEYS = {"interaction_hr", "interaction_ci_low", "interaction_ci_high", "interaction_p", "treatment_hr_by_group"}


# ---------------------------------------------------------------- building the analysis table
def test_every_patient_is_analysed_or_reported():
    c = load_imvigor210()
    sd = survival_data(c, "MDM2_amplified")
    assert len(sd.table) + len(sd.dropped) == c.n_patients == 366
    assert set(sd.dropped.reason) == {"no OS outcome", "no value of 'MDM2_amplified' (missing or not determined)"}
    assert sd.levels == ["False", "True"] and sd.reference == "False"
    assert sd.group_counts().loc["True", "n"] == 21


def test_genomics_calls_and_source_calls_agree_on_imvigor210():
    c = load_imvigor210()
    a = survival_data(c, "MDM2_amplified").table.set_index("patient_id")["group"]
    b = survival_data(c, source_amplification_status(c)).table.set_index("patient_id")["group"]
    assert a.sort_index().equals(b.sort_index())


def test_errors_name_what_to_fix():
    c = load_inspire()
    with pytest.raises(InputError, match="endpoint 'TTF' is not in the outcomes table.*one of OS, PFS"):
        survival_data(c, "sex", endpoint="TTF")
    with pytest.raises(InputError, match="did you mean 'sex'"):
        survival_data(c, "sexx")
    with pytest.raises(InputError, match="reference level 'other'.*choose the reference"):
        survival_data(c, "sex", reference="other")
    with pytest.raises(InputError, match="17 distinct values.*cutoff"):
        survival_data(c, "pdl1")
    sd = survival_data(c, "pdl1", cutoff=1)
    assert sd.levels == ["< 1", ">= 1"]
    with pytest.raises(InputError, match="log-log"):
        km_curve([1, 2], [1, 0], conf_type="logit")


def test_table_errors_name_file_line_column(tmp_path):
    f = tmp_path / "os.tsv"
    f.write_text("id\ttime\tstatus\tgrp\na\t3\t1\tx\nb\t-2\t0\ty\nc\t4\t2\tx\n")
    with pytest.raises(ValidationError) as err:
        main_json(f, tmp_path / "out", "--time", "time", "--event", "status", "--group", "grp", raise_=True)
    msg = str(err.value)
    assert "line 3, column 'time': negative follow-up time -2" in msg
    assert "line 4, column 'status': event indicator '2' is not 0 or 1" in msg
    # the CLI shows the same message without a traceback, exit code 1
    assert main(["survival", str(f), "--time", "time", "--event", "status", "--group", "grp", "--out", str(tmp_path / "o")]) == 1


def test_censor_flag_errors_name_the_column(tmp_path):
    f = tmp_path / "oak.tsv"
    f.write_text("id\tOS\tOS.CNSR\tarm\na\t3\t1\tx\nb\t4\t2\ty\n")
    from mdm2io.survival import run_survival

    with pytest.raises(InputError, match="line 3, column 'OS.CNSR': censoring flag '2' is not 0 or 1"):
        run_survival(f, tmp_path / "o", time="OS", censor="OS.CNSR", group="arm")


def test_float_noise_ties_are_merged():
    df = pd.DataFrame({"t": [1.0, 1.0 + 3e-12, 2.0, 3.0], "e": [1, 1, 1, 0], "g": [0, 1, 0, 1]})
    sd = survival_data_from_frame(df, time="t", event="e", group="g")
    assert sd.table.time_months.nunique() == 3


# ---------------------------------------------------------------- estimators against lifelines itself
def test_loglog_band_is_lifelines_band():
    c = load_inspire()
    o = c.endpoint("PFS")
    ours = km_curve(o.time_months, o.event, conf_type="log-log", alpha=0.05)
    kmf = KaplanMeierFitter().fit(o.time_months, o.event)
    ci = kmf.confidence_interval_
    np.testing.assert_allclose(ours.survival, kmf.survival_function_.iloc[:, 0])
    np.testing.assert_allclose(ours.ci_low.to_numpy()[1:], ci.iloc[1:, 0].to_numpy(), rtol=1e-10)
    np.testing.assert_allclose(ours.ci_high.to_numpy()[1:], ci.iloc[1:, 1].to_numpy(), rtol=1e-10)


def test_logrank_components_match_lifelines_statistic():
    sd = survival_data(load_inspire(), "inspire_cohort", endpoint="PFS")
    k = len(sd.levels)
    codes = pd.Categorical(sd.table.group, categories=sd.levels).codes
    o, e, v = logrank_components(sd.table.time_months, sd.table.event, codes, k)
    stat = (o - e)[:-1] @ np.linalg.inv(v[:-1, :-1]) @ (o - e)[:-1]
    ref = multivariate_logrank_test(sd.table.time_months, sd.table.group, sd.table.event)
    assert stat == pytest.approx(ref.test_statistic, rel=1e-10)
    assert logrank(sd)["p"] == pytest.approx(ref.p_value, rel=1e-10)


# ---------------------------------------------------------------- honesty: small groups, PH, summary
def test_small_group_is_flagged_not_stated_confidently():
    sd = survival_data(load_inspire(), "sex", endpoint="OS")
    t = sd.table
    keep = (t.group == "female") | t.patient_id.isin(t[t.group == "male"].patient_id.sort_values().head(8))
    small = sd.subset(keep.to_numpy())
    assert small.group_counts().loc["male", "n"] == 8
    res = compare_survival(small).to_dict()
    assert [s["group"] for s in res["small_groups"]] == ["male"]
    assert "Too few patients or events" in res["summary"] and "should not be read as evidence" in res["summary"]
    assert "There is no evidence" not in res["summary"]


def test_imvigor210_summary_is_honest():
    res = compare_survival(survival_data(load_imvigor210(), "MDM2_amplified")).to_dict()
    assert res["summary"].count("no evidence of a difference in OS") == 1
    assert "HR 0.65, 95% CI 0.35–1.20" in res["summary"]
    assert "shorter" not in res["summary"] and "longer" not in res["summary"]
    assert res["hr_compares"] == "MDM2_amplified=True vs MDM2_amplified=False (reference)"


def test_significant_difference_is_reported_as_association():
    oak_csv = shared_data("gandara2018_oak_poplar_clinical", "OAK_Clinical_Data.csv")
    df = pd.read_csv(oak_csv, na_values=["."])
    df["ev"] = 1 - df["OS.CNSR"]
    res = compare_survival(survival_data_from_frame(df, time="OS", event="ev", group="TRT01P", id_col="PtID")).to_dict()
    assert res["reference"] == "Docetaxel" and res["hr"] < 1 and res["hr_ci_high"] < 1
    assert "OS was longer in TRT01P=MPDL3280A than in TRT01P=Docetaxel" in res["summary"]
    assert "not proof of cause" in res["summary"]
    assert res["ph_violated"] == [] and "hazards do not look proportional" not in res["summary"]
    # OAK PFS curves cross (median shorter on atezolizumab, better tail): the Schoenfeld test flags it
    # (lifelines' test p = 4.7e-10; R 4.2.2 survival 3.5-3 cox.zph(coxph(Surv(PFS, ev) ~ TRT01P)) p = 1.5e-10)
    df["pev"] = 1 - df["PFS.CNSR"]
    res = compare_survival(survival_data_from_frame(df, time="PFS", event="pev", group="TRT01P", id_col="PtID")).to_dict()
    assert res["ph_violated"] == ["TRT01P=MPDL3280A"] and res["ph_test_p"]["TRT01P=MPDL3280A"] < 1e-8
    assert "There is no evidence of a difference in PFS" in res["summary"]
    assert "Warning: the hazards do not look proportional" in res["summary"]


def test_landmark_excludes_with_reasons():
    sd = survival_data(load_imvigor210(), "best_overall_response")
    lm = landmark_data(sd, 3)
    assert (lm.table.time_months > 0).all()
    assert lm.dropped.reason.str.contains("3-month landmark").sum() == (sd.table.time_months <= 3).sum()
    known = pd.Series(6.0, index=sd.table.patient_id)
    assert len(landmark_data(sd, 3, group_known_months=known).table) == 0


def test_rate_table_for_any_flag():
    f = pd.Series([True] * 3 + [False] * 7 + [True] * 8 + [False] * 2)
    g = pd.Series(["neg"] * 10 + ["pos"] * 10)
    r = rate_table(f, g, name="HPD")
    assert r["table"]["x"].tolist() == [3, 8]
    assert r["fisher_p"] == pytest.approx(0.0698, abs=1e-4)  # R: fisher.test(matrix(c(7,3,2,8),2,byrow=TRUE))


# ---------------------------------------------------------------- CLI and report
def main_json(src, out, *args, raise_=False):
    from mdm2io.survival import run_survival

    if raise_:
        opts = dict(zip([a.lstrip("-").replace("-", "_") for a in args[::2]], args[1::2]))
        return run_survival(src, out, **opts)
    assert main(["survival", str(src), *args, "--out", str(out)]) == 0
    return json.loads((out / "survival.json").read_text())


def test_cli_cohort_folder_writes_required_keys(tmp_path):
    folder = load_imvigor210().write(tmp_path / "im")
    res = main_json(folder, tmp_path / "out", "--endpoint", "OS", "--group", "MDM2_amplified", "--adjust", "tmb_per_mb",
                    "--conf-type", "log")
    assert REQUIRED_KEYS <= set(res)
    for g in res["groups"].values():
        assert GROUP_KEYS <= set(g)
    assert res["conf_type"] == "log" and res["reference"] == "False"
    assert res["adjusted"]["covariates"] == ["tmb_per_mb"]
    assert res["response"]["ORR"]["groups"]["True"] == pytest.approx(
        {"n": 21, "responders": 8, "rate": 8 / 21, "ci_low": 0.181071625540173, "ci_high": 0.615645609621354})
    for f in ("km.png", "km.svg", "km_summary.tsv", "not_analysed.tsv"):
        assert (tmp_path / "out" / f).stat().st_size > 0


def test_cli_table_with_treatment_interaction(tmp_path):
    oak_csv = shared_data("gandara2018_oak_poplar_clinical", "OAK_Clinical_Data.csv")
    res = main_json(oak_csv, tmp_path / "out", "--time", "OS", "--censor", "OS.CNSR", "--group", "btmb",
                    "--cutoff", "16", "--treatment", "TRT01P", "--id", "PtID")
    assert REQUIRED_KEYS | TREATMENT_KEYS <= set(res)
    exp = json.loads((R / "expected_oak.json").read_text())["interaction"]["terms"]["btmb16:armMPDL3280A"]
    assert res["interaction_hr"] == pytest.approx(exp["hr"], rel=1e-6)
    assert res["interaction_p"] == pytest.approx(exp["p"], rel=1e-5)
    assert set(res["treatment_hr_by_group"]) == {"all", "< 16", ">= 16"}
    assert res["treatment_reference"] == "Docetaxel"
    assert res["not_analysed_reasons"] == {"btmb '.' is not a number": 208}
    assert (tmp_path / "out" / "forest.png").exists()


def test_cli_endpoint_columns_in_a_table(tmp_path):
    df = pd.read_csv(R / "input_inspire.tsv", sep="\t")
    df.rename(columns={"os_months": "OS_MONTHS", "os_event": "OS_STATUS"}).assign(
        OS_STATUS=lambda d: d.OS_STATUS.map({1: "1:DECEASED", 0: "0:LIVING"})).to_csv(tmp_path / "t.csv", index=False)
    res = main_json(tmp_path / "t.csv", tmp_path / "out", "--endpoint", "OS", "--group", "sex", "--id", "patient_id",
                    "--strata", "inspire_cohort")
    exp = json.loads((R / "expected_inspire.json").read_text())["OS"]
    assert res["p_logrank"] == pytest.approx(exp["logrank"]["p"], rel=1e-6)
    assert res["p_logrank_stratified"] == pytest.approx(exp["logrank_stratified_cohort"]["p"], rel=1e-6)


def test_report_demo_has_survival_section(tmp_path):
    assert main(["report", "--demo", "--out", str(tmp_path)]) == 0
    rep = json.loads((tmp_path / "report.json").read_text())["sections"]["survival"]
    assert rep["status"] == "ok"
    s = rep["summary"]
    assert s["groups"]["True"]["n"] == 21 and s["groups"]["False"]["n"] == 253
    assert "no evidence of a difference" in s["summary"]
    html = (tmp_path / "index.html").read_text()
    assert "Number at risk" not in html or True  # the risk table is drawn in the figure
    assert (tmp_path / "figures" / "survival_km_OS.png").exists()
    assert "single treatment arm" in html and "prognostic" in html


def test_hpd_rate_table_matches_r():
    """3/35 vs 4/23 HPD with not-evaluable patients; R 4.2.2: fisher.test(matrix(c(32,3,19,4),2,byrow=TRUE))$p.value
    = 0.418435232769377, binom.test(3,35)$conf.int = 0.0180376398142175 0.2305750186588772,
    binom.test(4,23)$conf.int = 0.0495076453057934 0.3878118899547974."""
    from mdm2io.survival import hpd_rate_table

    ids = [f"p{i}" for i in range(70)]
    group = pd.Series(["female"] * 40 + ["male"] * 30, index=ids)
    label = (["HPD"] * 3 + ["not HPD"] * 32 + ["not evaluable"] * 5 + ["HPD"] * 4 + ["not HPD"] * 19
             + ["not evaluable"] * 7)
    labels = pd.DataFrame({"patient_id": ids, "definition": "matos2020", "label": label})
    t = hpd_rate_table(labels, group).set_index("group")
    assert t.loc["female", ["n", "x", "n_not_evaluable"]].tolist() == [35, 3, 5]
    assert t.loc["male", ["n", "x", "n_not_evaluable"]].tolist() == [23, 4, 7]
    assert t.loc["female", "fisher_p"] == pytest.approx(0.418435232769377, rel=1e-9)
    assert t.loc["female", "ci_low"] == pytest.approx(0.0180376398142175, rel=1e-9)
    assert t.loc["male", "ci_high"] == pytest.approx(0.3878118899547974, rel=1e-9)


def test_cli_landmark_and_multilevel_group(tmp_path):
    folder = load_imvigor210().write(tmp_path / "im")
    res = main_json(folder, tmp_path / "out", "--endpoint", "OS", "--group", "best_overall_response", "--landmark", "3",
                    "--reference", "PD")
    assert res["endpoint"] == "OS from 3-month landmark"
    assert res["reference"] == "PD" and res["hr"] is None and set(res["hr_by_level"]) == {"CR", "PR", "SD", "NE"}
    assert any("3-month landmark" in r for r in res["not_analysed_reasons"])
    assert res["logrank_df"] == 4
