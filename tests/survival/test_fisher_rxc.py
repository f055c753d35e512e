"""Fisher's exact test for more than two groups (Freeman-Halton r x 2), against R's fisher.test.

Expected p-values: tests/survival/r/expected_fisher_rxc.json, made by
tests/survival/r/make_expected_delayed_entry.R (R 4.2.2 fisher.test, network algorithm of Mehta &
Patel). scipy 1.17's fisher_exact has only Monte Carlo / permutation p-values for tables other than 2x2.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import fisher_exact

from mdm2io.survival import fisher_exact_rxc, hpd_rate_table, rate_table
from mdm2io.survival.response import FISHER_2X2, FISHER_RXC, FISHER_RXC_MC, TableTooLarge

EXP = json.loads((Path(__file__).parent / "r" / "expected_fisher_rxc.json").read_text())


@pytest.mark.parametrize("name", ["t3x2", "t2x3", "t4x2", "t3x2_large", "t5x2"])
def test_exact_rxc_matches_r(name):
    assert fisher_exact_rxc(EXP[name]["table"]) == pytest.approx(EXP[name]["p"], rel=1e-9)


def test_2x2_equals_scipy_fisher():
    rng = np.random.default_rng(7)
    for _ in range(100):
        t = rng.integers(0, 25, (2, 2))
        assert fisher_exact_rxc(t) == pytest.approx(fisher_exact(t).pvalue, rel=1e-9, abs=1e-15)


def test_degenerate_and_invalid_tables():
    assert fisher_exact_rxc([[5, 0], [3, 0], [4, 0]]) == 1.0  # nobody responded
    assert fisher_exact_rxc([[0, 0], [3, 5], [4, 1]]) == pytest.approx(fisher_exact([[3, 5], [4, 1]]).pvalue)
    with pytest.raises(ValueError):
        fisher_exact_rxc([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    with pytest.raises(ValueError):
        fisher_exact_rxc([[1, -2], [3, 4]])


def _flags(table):
    rows = [(f"g{i}", x == 1) for i, (no, yes) in enumerate(table) for x in [0] * no + [1] * yes]
    df = pd.DataFrame(rows, columns=["g", "flag"])
    return df["flag"], df["g"]


def test_rate_table_names_the_test():
    flag, group = _flags(EXP["t3x2"]["table"])
    r = rate_table(flag, group)
    assert r["fisher_test"] == FISHER_RXC
    assert r["fisher_p"] == pytest.approx(EXP["t3x2"]["p"], rel=1e-9)
    two = rate_table(*_flags([[3, 5], [7, 2]]))
    assert two["fisher_test"] == FISHER_2X2


def test_large_table_falls_back_to_monte_carlo_within_its_error():
    table = EXP["t8x2"]["table"]
    with pytest.raises(TableTooLarge):
        fisher_exact_rxc(table)
    r = rate_table(*_flags(table))
    p = EXP["t8x2"]["p"]
    assert r["fisher_test"] == FISHER_RXC_MC
    assert abs(r["fisher_p"] - p) < 4 * np.sqrt(p * (1 - p) / 100_000)


def test_hpd_rate_table_three_groups():
    flag, group = _flags(EXP["t4x2"]["table"])
    labels = pd.DataFrame({"patient_id": flag.index.astype(str), "definition": "champiat2017",
                           "label": np.where(flag, "HPD", "not HPD")})
    t = hpd_rate_table(labels, group.set_axis(flag.index.astype(str)))
    assert (t["fisher_test"] == FISHER_RXC).all()
    assert t["fisher_p"].iloc[0] == pytest.approx(EXP["t4x2"]["p"], rel=1e-9)


# The test is chosen by the number of groups with assessable patients (empty groups carry no information).
# R 4.2.2: fisher.test(matrix(c(3, 7, 8, 2), 2, byrow = TRUE))$p.value = 0.0697785186949273
R_2X2_P = 0.0697785186949273


def test_three_levels_one_empty_is_the_2x2_test_with_odds_ratio():
    flag, group = _flags([[7, 3], [2, 8]])
    group = group.map({"g0": "a", "g1": "c"})
    # a third level "b" whose only patient has no assessable flag: a row with n = 0
    flag = pd.concat([flag, pd.Series([None], index=[len(flag)], dtype=object)])
    group = pd.concat([group, pd.Series(["b"], index=[len(group)])])
    r = rate_table(flag, group)
    assert r["table"].loc["b", "n"] == 0 and list(r["table"].index) == ["a", "b", "c"]
    assert r["fisher_test"] == FISHER_2X2
    assert r["tested_groups"] == ["a", "c"]
    assert r["fisher_p"] == pytest.approx(R_2X2_P, rel=1e-9)
    assert r["odds_ratio"] == pytest.approx((7 * 8) / (3 * 2))  # odds of c over odds of a (scipy's sample OR)
    assert r["n_missing"] == 1


def test_two_levels_one_empty_gives_no_test_with_reason():
    flag = pd.Series([True, False, True, None], dtype=object)
    group = pd.Series(["a", "a", "a", "b"])
    r = rate_table(flag, group)
    assert r["table"].loc["b", "n"] == 0
    assert np.isnan(r["fisher_p"]) and np.isnan(r["odds_ratio"])
    assert r["fisher_test"] == "no test: fewer than two groups with assessable patients (1 of 2)"
    assert r["tested_groups"] == []


def test_hpd_rate_table_uses_the_same_rule():
    lab = pd.DataFrame({"patient_id": list("abcdefghij"), "definition": "champiat2017",
                        "label": ["HPD", "not HPD", "not HPD", "HPD", "HPD", "HPD", "not HPD", "not evaluable",
                                  "not evaluable", "HPD"]})
    g = pd.Series(["x", "x", "x", "z", "z", "z", "z", "y", "y", "x"], index=list("abcdefghij"))
    t = hpd_rate_table(lab, g).set_index("group")
    assert t.loc["y", "n"] == 0 and t.loc["y", "n_not_evaluable"] == 2
    assert (t["fisher_test"] == FISHER_2X2).all()
    assert t["fisher_p"].iloc[0] == pytest.approx(fisher_exact([[2, 2], [1, 3]]).pvalue, rel=1e-12)
