"""The eligibility engine: rule checking, per-check outcomes and the cohort decision."""

from types import SimpleNamespace as C

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mdm2io.knowledge import load_knowledge, match_trials
from mdm2io.knowledge.eligibility import check_rule, evaluate_check
from mdm2io.knowledge.match import _cohort_status


def test_check_rule_accepts_gene_status_fields():
    assert check_rule("ATM_status", "eq", "mutated") is None
    assert check_rule("age_years", "ge", 18) is None
    assert check_rule("anti_pd1_naive", "is_true", None) is None
    assert "takes no value" in check_rule("anti_pd1_naive", "is_true", True)


def test_tp53_mutant_is_not_eligible_with_the_variant_named():
    chk = C(field="TP53_status", op="eq", value="wild_type", text="TP53 wild-type")
    r = evaluate_check(chk, {"TP53_status": "mutated", "TP53_detail": "p.R248Q"})
    assert (r.outcome, r.reason) == ("not_met", "not eligible: TP53 p.R248Q")
    r = evaluate_check(chk, {"TP53_status": "deleted"})
    assert r.reason == "not eligible: TP53 deleted"
    assert evaluate_check(chk, {"TP53_status": "not_assessed"}).outcome == "unknown"
    assert evaluate_check(chk, {}).outcome == "unknown"


def test_numeric_and_tumour_type_checks():
    kb = load_knowledge()
    cn = C(field="MDM2_cn", op="ge", value=12, text="MDM2 CN >= 12")
    assert evaluate_check(cn, {"MDM2_cn": 15.0}).outcome == "met"
    assert evaluate_check(cn, {"MDM2_cn": 9.0}).reason == "not eligible: MDM2_cn 9 (needs MDM2 CN >= 12)"
    tt = C(field="tumour_type", op="in", value=["MEL"], text="melanoma")
    assert evaluate_check(tt, {}, frozenset({"SKCM"}), kb.expand_codes).outcome == "met"  # child of MEL
    assert evaluate_check(tt, {}, frozenset({"BLCA"}), kb.expand_codes).outcome == "not_met"
    bl = C(field="tumour_type", op="in", value=["BLCA"], text="bladder")
    amb = evaluate_check(bl, {}, kb.resolve_tumour_type("urothelial carcinoma"), kb.expand_codes)
    assert amb.outcome == "unknown" and "ambiguous" in amb.reason


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["met", "not_met", "unknown"]), max_size=6), st.booleans(), st.booleans())
def test_cohort_decision_rules(outcomes, active, verified):
    s = _cohort_status(outcomes, active, verified)
    if not verified:
        assert s == "unverified"
    elif "not_met" in outcomes:
        assert s == "not_eligible"
    elif not active:
        assert s == "historical"
    elif "met" not in outcomes:
        assert s == "insufficient_data"
    elif "unknown" in outcomes:
        assert s == "possibly_eligible"
    else:
        assert s == "eligible"


def test_merkel_cohorts_follow_pd1_history():
    kb = load_knowledge()
    facts = pd.DataFrame({"sample_id": ["naive", "refractory"], "patient_id": ["a", "b"],
                          "tumour_codes": [frozenset({"MCC"})] * 2, "TP53_status": ["wild_type"] * 2,
                          "anti_pd1_naive": [True, False], "anti_pd1_refractory": [False, True]})
    m = match_trials(facts, kb, trials=["NCT03787602"]).set_index(["sample_id", "cohort_id"])["match"]
    assert m[("naive", "combination_pd1_naive")] == "eligible"
    assert m[("naive", "monotherapy_pd1_refractory")] == "not_eligible"
    assert m[("refractory", "monotherapy_pd1_refractory")] == "eligible"
    assert m[("refractory", "combination_pd1_naive")] == "not_eligible"


def test_unverified_trial_is_never_matched():
    kb = load_knowledge()
    facts = pd.DataFrame({"sample_id": ["s"], "tumour_codes": [frozenset({"LIPO"})], "TP53_status": ["wild_type"]})
    assert set(match_trials(facts, kb, trials=["NCT04785196"])["match"]) == {"unverified"}


def test_factorised_matching_equals_per_record_evaluation():
    # match_trials evaluates each check once per distinct value combination; compare with the plain loop.
    from mdm2io.datasets import load_imvigor210
    from mdm2io.knowledge import annotate

    kb = load_knowledge()
    res = annotate(load_imvigor210())
    m = res.matches.set_index(["sample_id", "trial_id", "cohort_id"])
    for rec in res.facts.sample(60, random_state=1).to_dict("records"):
        for trial in kb.trials.values():
            for cohort in trial.cohorts:
                rs = [evaluate_check(c, rec, rec["tumour_codes"], kb.expand_codes) for c in cohort.checks]
                expected = _cohort_status([r.outcome for r in rs], cohort.active, trial.verification == "verified")
                row = m.loc[(rec["sample_id"], trial.id, cohort.id)]
                assert row["match"] == expected
                assert row["unmet"] == "; ".join(r.reason for r in rs if r.outcome == "not_met")


def test_platelet_threshold_and_refractory_mcc():
    kb = load_knowledge()
    facts = pd.DataFrame({"sample_id": ["low", "ok", "unknown"], "tumour_codes": [frozenset({"MCC"})] * 3,
                          "anti_pd1_refractory": [True] * 3, "ecog": [1, 1, 1],
                          "platelets_10e9_per_l": [80.0, 150.0, None]})
    m = match_trials(facts, kb, trials=["NCT06056895"]).set_index("sample_id")
    assert m.loc["low", "match"] == "not_eligible"
    assert m.loc["low", "unmet"] == "not eligible: platelets_10e9_per_l 80 (needs platelets >= 100 x 10^9/L)"
    assert m.loc["ok", "match"] == "eligible"
    assert m.loc["unknown", "match"] == "possibly_eligible"


def test_sample_without_any_fact_is_not_called_possibly_eligible():
    from mdm2io.errors import InputError
    from mdm2io.knowledge import annotate

    res = annotate(pd.DataFrame({"sample_id": ["a"]}))
    assert set(res.matches["match"]) <= {"insufficient_data", "unverified", "historical"}
    assert res.table.loc[0, "TRIAL_MATCHES"] == "" and res.table.loc[0, "MDM2I_ELIGIBLE"] == "unknown"
    import pytest
    with pytest.raises(InputError, match="no samples to annotate"):
        annotate(pd.DataFrame({"sample_id": []}))


def test_per_sample_tumour_type_from_clinical_table():
    from mdm2io.knowledge import facts_table

    bm = pd.DataFrame({"sample_id": ["s1", "s2", "s3"], "TP53_status": ["wild_type"] * 3})
    clin = pd.DataFrame({"sample_id": ["s1", "s2"], "cancer_type": ["Merkel cell carcinoma", "upper tract urothelial carcinoma"],
                         "age_years": [70, 55]})
    f = facts_table(bm, clinical=clin).set_index("sample_id")
    assert f.loc["s1", "ONCOTREE_CODE"] == "MCC" and f.loc["s2", "ONCOTREE_CODE"] == "UTUC"
    assert f.loc["s3", "ONCOTREE_CODE"] == "" and f.loc["s1", "age_years"] == 70
