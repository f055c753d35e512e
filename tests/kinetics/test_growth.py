"""TGR/TGK growth metrics pinned on hand-worked patients (formulas of Ferté 2014 evaluated by hand here)."""

import math

import numpy as np
import pandas as pd
import pytest

from mdm2io.cohort import Cohort
from mdm2io.datasets import load_inspire, load_laleh2022
from mdm2io.kinetics import growth_metrics, tgr_pct_per_month, tumour_series

MONTH = 365.25 / 12


def tgr(d0, d1, days):
    return 100 * (math.exp(3 * math.log(d1 / d0) / (days / MONTH)) - 1)


@pytest.fixture
def metrics(hand_cohort):
    return growth_metrics(hand_cohort).set_index("patient_id")


def test_patient_a_by_hand(metrics):
    a = metrics.loc["A"]
    assert a.prebaseline_day == -56 and a.baseline_day == -1 and a.first_eval_day == 41  # day 30 not evaluable
    assert a.tgr_ref_pct_per_month == pytest.approx(tgr(40, 44, 55))
    assert a.tgr_exp_pct_per_month == pytest.approx(tgr(44, 80, 42))
    assert a.tgr_ref_pct_per_month == pytest.approx(17.1443, abs=1e-3)
    assert a.tgr_exp_pct_per_month == pytest.approx(266.84, abs=0.01)
    assert a.tgr_ratio == pytest.approx(tgr(44, 80, 42) / tgr(40, 44, 55))
    assert a.delta_tgr_pct_per_month == pytest.approx(tgr(44, 80, 42) - tgr(40, 44, 55))
    assert a.tgk_ref_mm_per_month == pytest.approx(4 / (55 / MONTH))
    assert a.tgk_exp_mm_per_month == pytest.approx(36 / (42 / MONTH))
    assert a.pace_exp_pct_per_month == pytest.approx(100 * (80 / 44 - 1) / (42 / MONTH))
    assert a.ttf_months == pytest.approx(50 / MONTH)
    assert a.ecog_baseline == 0 and a.ecog_worst_2mo == 2


def test_linear_tgr_is_an_option(hand_cohort):
    m = growth_metrics(hand_cohort, linear=True).set_index("patient_id")
    assert m.loc["A", "tgr_exp_pct_per_month"] == pytest.approx(100 * 3 * math.log(80 / 44) / (42 / MONTH))


def test_shrinking_before_treatment(metrics):
    b = metrics.loc["B"]
    assert b.tgr_ref_pct_per_month < 0 and b.tgk_ref_mm_per_month < 0
    assert b.tgr_ref_pct_per_month == pytest.approx(tgr(50, 45, 58))


def test_no_prebaseline_scan(metrics):
    c = metrics.loc["C"]
    assert c.ref_reason == "no pre-baseline scan" and np.isnan(c.tgr_ref_pct_per_month)
    assert c.tgr_exp_pct_per_month == pytest.approx(tgr(30, 45, 45))


def test_zero_sld_at_baseline(metrics):
    d = metrics.loc["D"]
    assert d.exp_reason == "baseline size is 0 (growth rate undefined)"
    assert np.isnan(d.tgr_exp_pct_per_month)
    assert d.tgr_ref_pct_per_month == pytest.approx(-100.0)  # shrinking to 0 = -100 % per month


def test_out_of_order_and_duplicate_days_give_the_same_result(metrics):
    cols = ["tgr_ref_pct_per_month", "tgr_exp_pct_per_month", "tgk_ratio", "delta_tgr_pct_per_month"]
    assert metrics.loc["E", cols].to_numpy(float) == pytest.approx(metrics.loc["A", cols].to_numpy(float))


def test_unused_rows_reported(hand_cohort):
    s = tumour_series(hand_cohort)
    # E (data rows 13-16): its second day -1 row (44 mm, data row 16) repeats the first (data row 14)
    assert s.unused[["patient_id", "reason"]].values.tolist() == [["A", "not_evaluable"], ["E", "duplicate of data row 14"]]
    assert int(s.scans.loc[s.scans.patient_id == "E", "n_rows"].max()) == 2


def test_tgr_vectorised_edge_values():
    out = tgr_pct_per_month([0, 10, 10], [10, 0, 10], [30, 30, 0])
    assert np.isnan(out[0]) and out[1] == -100 and np.isnan(out[2])


def test_pct_change_data_gives_ratios_but_no_mm():
    c = load_inspire()
    m = growth_metrics(c).set_index("patient_id")
    s = c.scans.dropna(subset=["pct_change_from_baseline"]).sort_values("day").groupby("patient_id").head(1)
    p = s.iloc[0]
    assert m.loc[p.patient_id, "pct_change_first_eval"] == pytest.approx(p.pct_change_from_baseline)
    assert m["tgk_exp_mm_per_month"].isna().all()


def test_laleh_every_patient_has_metrics_or_reasons():
    m = growth_metrics(load_laleh2022())
    assert len(m) == 1472
    has = m["tgr_exp_pct_per_month"].notna() | (m["exp_reason"] != "")
    assert has.all()
    # day 0 = treatment start and almost every series has a single pre-treatment scan (Laleh 2022)
    assert (m["ref_reason"] == "no pre-baseline scan").sum() == 1460


def test_row_order_does_not_matter_on_real_data():
    from mdm2io.kinetics import hpd_labels

    c = load_laleh2022()
    # the one patient with two different sizes on one day (12 and 41 mm on day 57) keeps the first row in input
    # order (the other is reported), so order matters there only
    conflict = "Study5:2457866781645406208"
    c = Cohort(**{**c.tables(), "scans": c.scans[c.scans.patient_id != conflict]}, meta=c.meta, validate=False)
    shuffled = Cohort(**{**c.tables(), "scans": c.scans.sample(frac=1.0, random_state=7).reset_index(drop=True)},
                      meta=c.meta, validate=False)
    a = growth_metrics(c).set_index("patient_id").sort_index()
    b = growth_metrics(shuffled).set_index("patient_id").sort_index()
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(hpd_labels(c).sort_values(["definition", "patient_id"]).reset_index(drop=True),
                                  hpd_labels(shuffled).sort_values(["definition", "patient_id"]).reset_index(drop=True))


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.floats(1, 300), min_size=3, max_size=3),
       gaps=st.lists(st.integers(7, 120), min_size=2, max_size=2), scale=st.floats(0.1, 10))
def test_tgr_is_scale_free_and_tgk_scales(sizes, gaps, scale):
    days = [-gaps[0] - 1, -1, gaps[1]]
    def metrics(factor):
        scans = pd.DataFrame({"patient_id": "p", "day": days, "sld_mm": [s * factor for s in sizes]})
        return growth_metrics(Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), scans=scans)).iloc[0]
    a, b = metrics(1.0), metrics(scale)
    assert b.tgr_ref_pct_per_month == pytest.approx(a.tgr_ref_pct_per_month, rel=1e-9, abs=1e-9)
    assert b.tgr_exp_pct_per_month == pytest.approx(a.tgr_exp_pct_per_month, rel=1e-9, abs=1e-9)
    assert b.tgk_exp_mm_per_month == pytest.approx(scale * a.tgk_exp_mm_per_month, rel=1e-9, abs=1e-9)
    # TGR > 0 exactly when the tumour grew
    assert (a.tgr_exp_pct_per_month > 0) == (sizes[2] > sizes[1])
