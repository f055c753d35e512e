"""Delayed entry (left truncation) in KM, log-rank and Cox, checked against R's survival package.

Data: Channing House (boot::channing; REAL data, package licence "Unlimited"; Hyde 1980): age in
months at entry to a retirement centre (delayed entry) and at death/censoring. Expected values:
tests/survival/r/expected_delayed_entry.json from tests/survival/r/make_expected_delayed_entry.R
(R 4.2.2, survival 3.5-3): survfit(Surv(entry, exit, cens) ~ sex), coxph(Surv(entry, exit, cens) ~ sex).

Log-rank: R's survdiff does not accept counting-process data. The expected statistic is the
score test of coxph(..., ties = "exact"), which for one binary covariate is the log-rank test
with survdiff's hypergeometric variance; the R script checks that equivalence against survdiff
on the same patients without delayed entry. (ties = "breslow", which the task note suggested,
equals the log-rank only without tied event times; Channing has ties and its Breslow score,
3.4685, is recorded in the JSON but is not the log-rank statistic, 3.4921.)
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mdm2io.datasets import load_inspire
from mdm2io.errors import ValidationError
from mdm2io.survival import (compare_survival, cox_model, kaplan_meier, km_curve, landmark_data, logrank,
                             read_patient_table, run_survival, survival_data, survival_data_from_frame)

R = Path(__file__).parent / "r"
EXP = json.loads((R / "expected_delayed_entry.json").read_text())
RTOL = 1e-6


def close(actual, exp, rtol=RTOL):
    if exp is None:
        assert actual is None or not np.isfinite(actual), f"R gives NA, mdm2io gives {actual}"
    else:
        assert actual == pytest.approx(exp, rel=rtol, abs=1e-12), f"{actual} != R {exp}"


@pytest.fixture(scope="module")
def channing():
    df, src = read_patient_table(R / "input_channing.tsv")
    return survival_data_from_frame(df, time="exit", event="cens", group="sex", id_col="id", entry="entry",
                                    source=src, endpoint="death")


def test_rows_entering_at_or_after_exit_are_reported_with_file_line(channing):
    assert len(channing.table) == EXP["n_analysed"]
    assert channing.dropped["patient_id"].tolist() == EXP["excluded_ids"]
    assert set(channing.dropped["reason"]) == {"entry time (entry) is not before the end of follow-up"}
    assert channing.dropped["detail"].iloc[0].endswith("input_channing.tsv line 58: entry 953 >= time 953 months")
    assert channing.left_truncated and channing.entry_name == "entry"


@pytest.mark.parametrize("conf_type,key", [("log", "km_log"), ("log-log", "km_loglog")])
def test_km_with_delayed_entry_matches_survfit(channing, conf_type, key):
    km = kaplan_meier(channing, conf_type=conf_type, landmarks_months=(900, 1000, 1100))
    for level, e in EXP[key].items():
        c = km.curves[level]
        c = c[(c.events + c.censored) > 0]  # R lists event/censoring times only
        np.testing.assert_allclose(c.time_months, e["time"])
        np.testing.assert_array_equal(c.at_risk, e["n_risk"])
        np.testing.assert_allclose(c.survival, e["surv"], rtol=RTOL, atol=1e-12)
        r = km.summary.loc[level]
        assert int(r.events) == e["events"]
        close(r["median"], e["median"])
        close(r["median_ci_low"], e["median_lower"])
        close(r["median_ci_high"], e["median_upper"])
        for t, v in e["landmarks"].items():
            close(r[f"surv_{t}m"], v["surv"])
            close(r[f"surv_{t}m_ci_low"], v["lower"])
            close(r[f"surv_{t}m_ci_high"], v["upper"])


def test_km_where_lifelines_refuses_is_the_product_limit(channing):
    # men: the only man at risk at 777 months dies, S = 0, later entrants arrive; lifelines raises,
    # R keeps S = 0, and the curve must still be prod(1 - d/n) over its own risk sets
    for level in channing.levels:
        c = kaplan_meier(channing).curves[level]
        pl = np.cumprod(np.where(c.at_risk > 0, 1 - c.events / c.at_risk.where(c.at_risk > 0, 1), 1.0))
        np.testing.assert_allclose(c.survival, pl, rtol=1e-12)


def test_logrank_with_delayed_entry_matches_coxph_exact_score(channing):
    res = logrank(channing)
    e = EXP["logrank"]
    close(res["chi2"], e["chisq"])
    close(res["p"], e["p"])
    assert res["df"] == 1 and "delayed entry" in res["test"]
    np.testing.assert_allclose(res["table"]["observed"], e["observed"])
    np.testing.assert_allclose(res["table"]["expected"], e["expected"], rtol=RTOL)
    # R's own check: the same statistic is survdiff's where survdiff applies
    assert EXP["survdiff_since_entry"]["chisq"] == pytest.approx(EXP["survdiff_since_entry"]["exact_score"], rel=1e-9)


def test_cox_with_delayed_entry_matches_coxph(channing):
    res = cox_model(channing)
    r, e = res.term("group"), EXP["cox"]
    close(r["coef"], e["coef"])
    close(r["se"], e["se"])
    close(r["hr_ci_low"], e["hr_lower"])
    close(r["hr_ci_high"], e["hr_upper"])
    close(r["p"], e["p"], 1e-5)
    close(res.lr_chi2, e["lr_chisq"])
    assert (res.n, res.events) == (e["n"], e["events"])
    assert np.isnan(r["ph_p"]) and any("delayed entry" in n for n in res.notes)


def test_ignoring_delayed_entry_changes_the_answer(channing):
    # the bias the option exists for: without entry, every resident is "at risk" from birth
    naive = channing.subset(np.ones(len(channing.table), bool))
    naive.table = naive.table.drop(columns="entry_months")
    assert not naive.left_truncated
    assert cox_model(naive).term("group")["hr"] != pytest.approx(EXP["cox"]["hr"], rel=0.01)


def test_entry_zero_for_everyone_changes_nothing():
    df = pd.read_csv(R / "input_inspire.tsv", sep="\t").assign(entry=0.0)
    a = survival_data_from_frame(df, time="os_months", event="os_event", group="sex", id_col="patient_id")
    b = survival_data_from_frame(df, time="os_months", event="os_event", group="sex", id_col="patient_id",
                                 entry="entry")
    assert b.left_truncated and not a.left_truncated
    assert logrank(b)["chi2"] == pytest.approx(logrank(a)["chi2"], rel=1e-10)
    assert cox_model(b).term("group")["hr"] == pytest.approx(cox_model(a).term("group")["hr"], rel=1e-8)
    pd.testing.assert_frame_equal(kaplan_meier(b).summary, kaplan_meier(a).summary)
    np.testing.assert_allclose(km_curve([1, 2, 3], [1, 0, 1], entry=[0, 0, 0]).survival,
                               km_curve([1, 2, 3], [1, 0, 1]).survival)


def test_cohort_entry_from_a_series():
    c = load_inspire()
    entry = pd.Series(0.0, index=c.patients.patient_id.astype(str))
    entry.iloc[:5] = 1000.0  # entered after the end of follow-up: reported, not silently dropped
    sd = survival_data(c, "sex", endpoint="OS", entry=entry.rename("months_to_sequencing"))
    assert sd.entry_name == "months_to_sequencing" and len(sd.table) == 89
    assert sd.dropped.reason.str.contains("not before the end of follow-up").sum() == 5


def test_invalid_entry_names_file_line_column(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("id\ttime\tstatus\tgrp\tseq\na\t3\t1\tx\t0\nb\t5\t0\ty\t-1\nc\t4\t1\tx\tsoon\n")
    with pytest.raises(ValidationError) as err:
        run_survival(f, tmp_path / "out", time="time", event="status", group="grp", entry="seq")
    msg = str(err.value)
    assert "line 3, column 'seq': negative entry time -1" in msg
    assert "line 4, column 'seq': not a number: 'soon'" in msg


def test_landmark_with_delayed_entry_moves_entry_too(channing):
    lm = landmark_data(channing, 900)
    assert lm.left_truncated
    assert (lm.table.entry_months >= 0).all() and (lm.table.entry_months < lm.table.time_months).all()


def test_cli_entry_col(tmp_path):
    from mdm2io.cli import main

    out = tmp_path / "out"
    assert main(["survival", str(R / "input_channing.tsv"), "--time", "exit", "--event", "cens", "--group", "sex",
                 "--id", "id", "--entry-col", "entry", "--out", str(out)]) == 0
    res = json.loads((out / "survival.json").read_text())
    assert res["entry"] == "entry" and "delayed entry" in res["logrank_test"]
    assert res["p_logrank"] == pytest.approx(EXP["logrank"]["p"], rel=RTOL)
    assert res["hr"] == pytest.approx(EXP["cox"]["hr"], rel=RTOL)
    assert res["n_not_analysed"] == 5 and "delayed entry" in res["summary"]
    assert res["not_analysed_reasons"] == {"entry time (entry) is not before the end of follow-up": 5}
    dropped = pd.read_csv(out / "not_analysed.tsv", sep="\t")
    assert dropped.patient_id.tolist() == EXP["excluded_ids"]
    assert dropped.detail.str.contains("input_channing.tsv line ").all()
    assert compare_survival(survival_data_from_frame(
        pd.read_csv(R / "input_channing.tsv", sep="\t"), time="exit", event="cens", group="sex",
        entry="entry")).to_dict()["entry"] == "entry"


def test_number_at_risk_at_origin_counts_patients_entering_at_zero():
    """One convention for the KM at_risk column and the figure's risk table.

    R 4.2.2 / survival 3.5-3:
    summary(survfit(Surv(c(0,0,0), c(1,2,3), c(1,0,1)) ~ 1), times = c(0,1,2,3))$n.risk = 3 3 2 1;
    summary(survfit(Surv(c(0,0,2,2), c(1,2,2,5), c(1,1,0,1)) ~ 1), times = c(0,2,3))$n.risk = 2 1 1
    (R sets the row entering and leaving at 2 to NA; its time >= t still counts it out of the risk set).
    """
    from mdm2io.survival.km import number_at_risk
    from mdm2io.survival.plot import risk_table

    c = km_curve([1, 2, 3], [1, 0, 1], entry=[0, 0, 0])
    np.testing.assert_array_equal(c.at_risk, [3, 3, 2, 1])
    assert c.equals(km_curve([1, 2, 3], [1, 0, 1]))  # everyone entering at 0 is no delayed entry at all
    np.testing.assert_array_equal(number_at_risk([1, 2, 2, 5], [0, 2, 3], entry=[0, 0, 2, 2]), [2, 1, 1])
    df = pd.DataFrame({"id": list("abcdefghij"), "t": [1, 2, 3, 4, 6, 8, 2, 3, 5, 7], "e": [1, 0, 1, 1, 0, 1, 1, 1, 0, 1],
                       "entry": [0, 0, 1.5, 0, 3, 5, 1, 0, 0, 4], "g": ["x"] * 6 + ["y"] * 4})
    sd = survival_data_from_frame(df, time="t", event="e", group="g", id_col="id", entry="entry")
    km = kaplan_meier(sd)
    for lv, at0 in (("x", 3), ("y", 2)):
        curve = km.curves[lv].set_index("time_months")["at_risk"]
        rt = risk_table(km, sd.table, curve.index.to_numpy())
        np.testing.assert_array_equal(rt.loc[lv].to_numpy(), curve.to_numpy())
        assert curve.loc[0.0] == at0


def test_cohort_folder_entry_after_follow_up_is_reported_with_file_lines(tmp_path):
    """run_survival on a cohort folder: not_analysed.tsv names the outcomes line (time) and the entry line."""
    from mdm2io.io.cohort_folder import read_cohort

    d = tmp_path / "cohort"
    d.mkdir()
    # line 1 comment, line 2 header, line 5 blank: patient p2 is on line 4, p6 on line 9
    (d / "patients.tsv").write_text("# toy cohort\npatient_id\tarm\tseq_months\np1\tA\t0\np2\tB\t7\n\n"
                                    "p3\tA\t1\np4\tB\t0\np5\tA\t2\np6\tB\t4\n")
    (d / "outcomes.tsv").write_text("patient_id\tendpoint\ttime_months\tevent\np1\tPFS\t3\t1\np1\tOS\t5\t1\n"
                                    "p2\tOS\t6\t0\np3\tOS\t9\t1\np4\tOS\t4\t1\np5\tOS\t8\t0\np6\tOS\t4\t1\n")
    out = tmp_path / "out"
    run_survival(d, out, group="arm", endpoint="OS", entry="seq_months")
    dropped = pd.read_csv(out / "not_analysed.tsv", sep="\t").set_index("patient_id")
    assert dropped.index.tolist() == ["p2", "p6"]
    assert dropped.loc["p2", "detail"] == (f"{d / 'outcomes.tsv'} line 4 (time), {d / 'patients.tsv'} line 4 (entry): "
                                           "entry 7 >= time 6 months")
    assert dropped.loc["p6", "detail"] == (f"{d / 'outcomes.tsv'} line 8 (time), {d / 'patients.tsv'} line 9 (entry): "
                                           "entry 4 >= time 4 months")
    # the same cohort in memory (no files): values only
    c = read_cohort(d)
    c.sources = {}
    sd = survival_data(c, "arm", entry="seq_months")
    assert sd.dropped.set_index("patient_id").loc["p2", "detail"] == "entry 7 >= time 6 months"
