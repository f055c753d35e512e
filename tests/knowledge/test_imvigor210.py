"""Done-means on the bundled IMvigor210 cohort (FoundationOne calls, atezolizumab, OS).

Expected values come from the data themselves (the source's own FoundationOne calls) and
from the independent scout computation in ../shared/data/imvigor210_fmone_mdm2/SOURCE.md
(25 MDM2-amplified samples; OS median 20.8 vs 9.0 months, log-rank P = 0.16, Cox HR 0.65
(0.35-1.19) on 275 joined rows that include one duplicated patient).
"""

import re

import pandas as pd
import pytest
from lifelines import CoxPHFitter, KaplanMeierFitter
from lifelines.statistics import logrank_test

from mdm2io.datasets import load_imvigor210
from mdm2io.knowledge import annotate, load_knowledge, write_annotations
from tests.knowledge.source_calls import source_calls


@pytest.fixture(scope="module")
def cohort():
    return load_imvigor210()


@pytest.fixture(scope="module")
def result(cohort):
    return annotate(cohort)


@pytest.fixture(scope="module")
def source_result(cohort):
    return annotate(source_calls(cohort), cohort=cohort)


def _mdm2_amplified(res):
    f = res.facts
    return set(f.loc[f["MDM2_status"] == "amplified", "sample_id"])


def test_source_calls_reproduce_the_foundationone_counts(cohort, source_result):
    alts = cohort.alterations
    amp = set(alts.query("gene == 'MDM2' and kind == 'amplification'")["sample_id"])
    assert len(amp) == 25  # SOURCE.md: MDM2 amplified in 25 of 293
    assert _mdm2_amplified(source_result) == amp
    assert source_result.table["SAMPLE_ID"].nunique() == 293  # every input sample appears


@pytest.mark.parametrize("which", ["result", "source_result"])
def test_every_mdm2_amplified_sample_is_annotated_with_evidence_and_trials(which, request):
    res = request.getfixturevalue(which)
    amp = _mdm2_amplified(res)
    assert len(amp) >= 20
    t = res.table[res.table["HUGO_SYMBOL"] == "MDM2"].set_index("SAMPLE_ID")
    assert set(t.index) == amp
    kb = load_knowledge()
    for sid, row in t.iterrows():
        assert row.ALTERATION == "Amplification"
        assert row.ICI_IMPLICATION.startswith("possible resistance / hyperprogression risk; conflicting evidence")
        assert "PMID:28351930" in row.CITATIONS  # Kato 2017
        assert "DOI:10.1038/nature25501" in row.CITATIONS  # IMvigor210 null result recorded as contrary
        assert row.LEVEL == "D"
        assert row.KB_VERSION == kb.version
        tp53 = res.facts.set_index("sample_id").loc[sid, "TP53_status"]
        m = res.matches[res.matches["sample_id"] == sid]
        assert len(m) == sum(len(tr.cohorts) for tr in kb.trials.values())
        assert m["reasons"].str.len().gt(0).sum() >= len(m) - 1  # only the unverified trial has no checks
        if tp53 == "wild_type":
            assert row.MDM2I_ELIGIBLE == "candidate" and row.MDM2I_REASON.startswith("TP53 wild-type, MDM2 amplified")
            basket = m.set_index("cohort_id").loc["cohort4_urothelial_bladder"]
            code = res.facts.set_index("sample_id").loc[sid, "ONCOTREE_CODE"]
            expected = {"BLCA": "eligible", "UTUC": "not_eligible", "BLCA/UTUC": "possibly_eligible"}[code]
            assert basket["match"] == expected
            assert "+ TP53 wild-type" in basket["reasons"] and "+ MDM2 amplified" in basket["reasons"]
        else:
            assert row.MDM2I_ELIGIBLE == "no"


def test_no_mdm2_amplified_sample_has_a_tp53_mutation_in_imvigor210(cohort, source_result):
    # A property of the data (MDM2 amplification and TP53 mutation are mutually exclusive here).
    amp = _mdm2_amplified(source_result)
    tp53 = set(cohort.alterations.query("gene == 'TP53'")["sample_id"])
    assert amp & tp53 == set()


def test_tp53_mutant_samples_are_not_eligible_and_the_variant_is_named(cohort, source_result):
    alts = cohort.alterations.query("gene == 'TP53' and kind == 'mutation'")
    variants = alts.groupby("sample_id")["protein_change"].apply(list)
    t = source_result.table[source_result.table["HUGO_SYMBOL"] == "TP53"].set_index("SAMPLE_ID")
    assert len(variants) > 100
    for sid, prots in variants.items():
        row = t.loc[sid]
        assert row.MDM2I_ELIGIBLE == "no"
        for p in prots:
            assert p in row.MDM2I_REASON and p in row.ALTERATION
        m = source_result.matches.query("sample_id == @sid and cohort_id == 'cohort4_urothelial_bladder'").iloc[0]
        assert m["match"] == "not_eligible"
        assert f"not eligible: TP53 {prots[0]}" in m["unmet"]


def test_imvigor210_null_result_is_recorded_and_reproduced(cohort):
    ev = next(e for e in load_knowledge().evidence if e.id == "mdm2_amp_ici_os_imvigor210_null")
    assert ev.direction == "no_association" and ev.verification == "verified"
    amp = set(cohort.alterations.query("gene == 'MDM2' and kind == 'amplification'")["sample_id"])
    d = cohort.samples[["sample_id", "patient_id"]].merge(cohort.endpoint("OS").reset_index(), on="patient_id")
    d["amp"] = d["sample_id"].isin(amp).astype(int)
    a, n = d[d.amp == 1], d[d.amp == 0]
    assert (len(d), len(a)) == (ev.figures["n_with_os"], ev.figures["n_amplified_with_os"])
    med_a = KaplanMeierFitter().fit(a.time_months, a.event).median_survival_time_
    med_n = KaplanMeierFitter().fit(n.time_months, n.event).median_survival_time_
    p = logrank_test(a.time_months, n.time_months, a.event, n.event).p_value
    cox = CoxPHFitter().fit(d[["time_months", "event", "amp"]], "time_months", "event").summary.loc["amp"]
    assert round(med_a, 1) == ev.figures["median_os_months_amplified"] == 20.8
    assert round(med_n, 1) == ev.figures["median_os_months_not_amplified"] == 9.0
    assert round(p, 2) == ev.figures["logrank_p"]
    assert round(cox["exp(coef)"], 2) == ev.figures["cox_hr"]
    assert [round(cox["exp(coef) lower 95%"], 2), round(cox["exp(coef) upper 95%"], 2)] == ev.figures["cox_hr_ci95"]
    # independent scout computation (SOURCE.md), one duplicated patient apart
    assert abs(p - 0.16) < 0.01 and abs(cox["exp(coef)"] - 0.65) < 0.01
    assert abs(cox["exp(coef) upper 95%"] - 1.19) < 0.02


def test_outputs_carry_kb_version_and_pages_are_self_contained(result, tmp_path):
    kb = load_knowledge()
    paths = write_annotations(result, tmp_path, pages="relevant")
    for name in ("annotations", "trial_matches"):
        assert paths[name].read_text().splitlines()[0].startswith(f"# mdm2io ") and kb.version in paths[name].read_text().splitlines()[0]
    tsv = pd.read_csv(paths["annotations"], sep="\t", comment="#")
    assert list(tsv.columns)[:11] == ["SAMPLE_ID", "PATIENT_ID", "ONCOTREE_CODE", "HUGO_SYMBOL", "ALTERATION",
                                      "COPY_NUMBER", "RULE", "ICI_IMPLICATION", "HPD_RISK_EVIDENCE", "LEVEL", "CITATIONS"]
    assert set(tsv["KB_VERSION"]) == {kb.version}
    assert kb.meta.version in paths["json"].read_text()
    amp = _mdm2_amplified(result)
    pages = {p.stem: p.read_text() for p in paths["pages"]}
    assert amp <= set(pages)
    for sid in amp:
        html = pages[sid]
        assert "Research use only" in html and kb.version in html
        assert "PMID:28351930" in html
        assert not re.search(r"<script|<link|<img[^>]+src=\"http|@import|url\(", html)


def test_mantra2_copy_number_cut_off_uses_the_foundationone_copy_number(cohort, result):
    # MANTRA-2 (NCT05012397) needs MDM2 CN >= 12 and TP53 wild-type; CN comes from the source calls.
    src = cohort.alterations.query("gene == 'MDM2' and kind == 'amplification'").set_index("sample_id")["copy_number"]
    m = result.matches.query("trial_id == 'NCT05012397'").set_index("sample_id")
    for sid, cn in src.items():
        row = m.loc[sid]
        if cn >= 12:
            assert row["match"] == "possibly_eligible"  # age is not in the IMvigor210 data
            assert f"+ MDM2_cn {cn:g}" in row["reasons"] and "? age_years not recorded" in row["reasons"]
        else:
            assert row["match"] == "not_eligible" and f"MDM2_cn {cn:g}" in row["unmet"]
    assert (src < 12).sum() == 3 and (src >= 12).sum() == 22
    others = m.drop(index=src.index)
    assert set(others["match"]) == {"not_eligible"}  # no copy number above the cut-off without amplification


def test_genomics_stage_and_source_calls_give_the_same_annotation_counts(result, source_result):
    a, b = result.summary(), source_result.summary()
    for k in ("n_samples", "n_mdm2i_candidates", "mdm2i_eligibility", "trial_matches"):
        assert a[k] == b[k], k
    assert result.provenance["biomarker_source"].startswith("mdm2io.genomics.call_biomarkers")
