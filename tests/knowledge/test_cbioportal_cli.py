"""``mdm2io annotate`` end to end on a small, realistic cBioPortal study folder.

The study is written here in the cBioPortal file formats (https://docs.cbioportal.org/file-formats/):
clinical patient/sample files with the four ``#`` header rows, ``ONCOTREE_CODE`` in the
*sample* file (where cBioPortal keeps it), a discrete CNA matrix (GISTIC values -2..2), a MAF
and a sequenced case list. The expected decisions are worked out by hand from the trial
criteria in ``knowledge/data/trials.yaml`` (each cited to its registry entry), not from
mdm2io's output:

* S1 BLCA, MDM2 amplified (discrete 2, no copy number), TP53 wild-type -> EU CTR
  2022-001500-18 cohort 4 (urothelial bladder) eligible; MANTRA-2 needs MDM2 CN >= 12,
  which a discrete matrix does not give -> possibly eligible, the copy number named as missing.
* S2 LUAD, MDM2 amplified, TP53 p.R248Q -> every TP53-wild-type cohort not eligible, the
  reason naming the variant; MDM2-inhibitor eligibility "no".
* S3 MCC, TP53 wild-type, ECOG 1, anti-PD-(L)1-naive (clinical file) -> NCT03787602
  navtemadlin + avelumab combination cohort eligible; the refractory cohorts not eligible.
* S4 SKCM, MDM4 amplified, PD-1 refractory (clinical file), ECOG 1, age 49 ->
  NCT03611868 cohort A (alrizomadlin + pembrolizumab) eligible.
* S5 PAAD, MDM2 amplified, TP53 wild-type, ECOG 2 -> EU CTR cohort 2 (pancreatic) eligible;
  NCT03964233 phase Ia (ECOG 0-1) not eligible, the reason naming ECOG 2.
"""

import json

import pandas as pd
import pytest

from mdm2io.cli import main

T = "\t"


def _w(path, rows):
    path.write_text("\n".join(T.join(map(str, r)) if isinstance(r, (list, tuple)) else r for r in rows) + "\n")
    return path


def _study(d):
    d.mkdir()
    _w(d / "data_clinical_patient.txt", [
        "#Patient Identifier\tDiagnosis Age\tECOG\tOverall Survival Status\tOverall Survival (Months)",
        "#Identifier to uniquely specify a patient.\tAge at diagnosis\tECOG performance status\tOS status\tOS months",
        "#STRING\tNUMBER\tNUMBER\tSTRING\tNUMBER", "#1\t1\t1\t1\t1",
        ["PATIENT_ID", "AGE", "ECOG", "OS_STATUS", "OS_MONTHS"],
        ["P1", "67", "1", "1:DECEASED", "5.1"], ["P2", "58", "0", "0:LIVING", "14.0"],
        ["P3", "72", "1", "1:DECEASED", "8.3"], ["P4", "49", "1", "0:LIVING", "20.5"],
        ["P5", "63", "2", "1:DECEASED", "3.9"]])
    _w(d / "data_clinical_sample.txt", [
        "#Patient Identifier\tSample Identifier\tOncotree Code\tCancer Type",
        "#Patient\tSample\tOncoTree code\tCancer type", "#STRING\tSTRING\tSTRING\tSTRING", "#1\t1\t1\t1",
        ["PATIENT_ID", "SAMPLE_ID", "ONCOTREE_CODE", "CANCER_TYPE"],
        ["P1", "S1", "BLCA", "Bladder Cancer"], ["P2", "S2", "LUAD", "Non-Small Cell Lung Cancer"],
        ["P3", "S3", "MCC", "Skin Cancer, Non-Melanoma"], ["P4", "S4", "SKCM", "Melanoma"],
        ["P5", "S5", "PAAD", "Pancreatic Cancer"]])
    _w(d / "data_CNA.txt", [
        ["Hugo_Symbol", "Entrez_Gene_Id", "S1", "S2", "S3", "S4", "S5"],
        ["MDM2", "4193", "2", "2", "0", "0", "2"], ["MDM4", "4194", "0", "0", "0", "2", "0"],
        ["CDK4", "1019", "2", "0", "0", "0", "0"], ["TP53", "7157", "0", "0", "0", "0", "0"],
        ["EGFR", "1956", "0", "0", "0", "0", "0"], ["ATM", "472", "0", "0", "0", "0", "0"]])
    _w(d / "data_mutations.txt", [
        ["Hugo_Symbol", "Tumor_Sample_Barcode", "HGVSp_Short", "Variant_Classification"],
        ["TP53", "S2", "p.R248Q", "Missense_Mutation"], ["KRAS", "S5", "p.G12D", "Missense_Mutation"]])
    (d / "case_lists").mkdir()
    (d / "case_lists" / "cases_sequenced.txt").write_text(
        "cancer_study_identifier: demo\nstable_id: demo_sequenced\ncase_list_ids:\tS1\tS2\tS3\tS4\tS5\n")
    return d


@pytest.fixture()
def annotated(tmp_path, capsys):
    study = _study(tmp_path / "study")
    clin = tmp_path / "treatment_history.tsv"
    clin.write_text("sample_id\tanti_pd1_naive\tanti_pd1_refractory\nS3\tTrue\tFalse\nS4\tFalse\tTrue\n")
    out = tmp_path / "ann"
    assert main(["annotate", str(study), "--clinical", str(clin), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    t = pd.read_csv(out / "annotations.tsv", sep="\t", comment="#")
    m = pd.read_csv(out / "trial_matches.tsv", sep="\t", comment="#").set_index(["sample_id", "trial_id", "cohort_id"])
    return out, captured, t, m


def test_every_sample_annotated_with_its_sample_level_oncotree_code(annotated):
    out, captured, t, _ = annotated
    assert "annotated 5 samples" in captured.out
    codes = t.drop_duplicates("SAMPLE_ID").set_index("SAMPLE_ID").ONCOTREE_CODE.to_dict()
    assert codes == {"S1": "BLCA", "S2": "LUAD", "S3": "MCC", "S4": "SKCM", "S5": "PAAD"}
    mdm2i = t[t.HUGO_SYMBOL == "TP53"].set_index("SAMPLE_ID").MDM2I_ELIGIBLE.to_dict()
    assert mdm2i == {"S1": "candidate", "S2": "no", "S3": "tp53_wild_type_only", "S4": "candidate", "S5": "candidate"}
    amp = t[(t.ALTERATION == "Amplification")].set_index(["SAMPLE_ID", "HUGO_SYMBOL"])
    # CDK4 (co-amplified in S1) carries no ICI or trial record, so it gets no row of its own
    assert sorted(amp.index) == [("S1", "MDM2"), ("S2", "MDM2"), ("S4", "MDM4"), ("S5", "MDM2")]
    assert amp.loc[("S1", "MDM2"), "ICI_IMPLICATION"].startswith("possible resistance / hyperprogression risk")
    assert "PMID:28351930" in amp.loc[("S1", "MDM2"), "CITATIONS"]  # Kato 2017
    meta = json.loads((out / "annotations.json").read_text())
    assert meta["provenance"]["kb_version"] in captured.out


def test_trial_match_decisions_and_reasons(annotated):
    _, _, _, m = annotated
    eu = "EUCTR2022-001500-18"
    r = m.loc[("S1", eu, "cohort4_urothelial_bladder")]
    assert r.match == "eligible" and r.reasons == "+ tumour type BLCA; + MDM2 amplified; + TP53 wild-type"
    r = m.loc[("S1", "NCT05012397", "basket")]
    assert r.match == "possibly_eligible" and "? MDM2_cn not recorded" in r.reasons
    assert m.loc[("S5", eu, "cohort2_pancreatic")].match == "eligible"
    for cohort in ("cohort1_biliary", "cohort2_pancreatic", "cohort3_lung_adenocarcinoma", "cohort4_urothelial_bladder"):
        r = m.loc[("S2", eu, cohort)]
        assert r.match == "not_eligible" and "- not eligible: TP53 p.R248Q (hotspot missense)" in r.reasons
    assert m.loc[("S2", eu, "cohort3_lung_adenocarcinoma")].reasons.startswith("+ tumour type LUAD; + MDM2 amplified")
    r = m.loc[("S3", "NCT03787602", "combination_pd1_naive")]
    assert r.match == "eligible" and "+ no prior anti-PD-1/PD-L1" in r.reasons
    assert m.loc[("S3", "NCT03787602", "monotherapy_pd1_refractory")].match == "not_eligible"
    r = m.loc[("S4", "NCT03611868", "A_melanoma")]
    assert r.match == "eligible" and r.reasons.startswith("+ tumour type SKCM")
    r = m.loc[("S5", "NCT03964233", "phase_Ia_any_solid")]
    assert r.match == "not_eligible" and "- not eligible: ecog 2 (needs ECOG 0-1)" in r.reasons
    assert m.loc[("S1", "NCT03964233", "phase_Ia_any_solid")].match == "eligible"  # age 67, ECOG 1, solid tumour
    # the unverified trial is listed but never matched
    assert (m.xs("NCT04785196", level="trial_id").match == "unverified").all()


def test_tumour_type_specific_evidence_applies_only_to_its_tumour_type():
    """Yan 2023 (11q13 amplification, PD-1 blockade) was verified in hepatocellular carcinoma only;
    a bladder sample with the same amplification gets only the unverified pan-cancer record."""
    from mdm2io.knowledge import annotate

    b = pd.DataFrame({"sample_id": ["liver", "bladder"], "TP53_status": ["wild_type", "wild_type"],
                      "CCND1_status": ["amplified", "amplified"], "oncotree_code": ["HCC", "BLCA"]})
    t = annotate(b).table.set_index(["SAMPLE_ID", "HUGO_SYMBOL"])
    liver, bladder = t.loc[("liver", "CCND1")], t.loc[("bladder", "CCND1")]
    assert "hepatocellular carcinoma" in liver.HPD_RISK_EVIDENCE and "[UNVERIFIED]" not in liver.ICI_IMPLICATION
    assert "DOI:10.3389/fimmu.2023.1116057" in liver.CITATIONS
    assert "hepatocellular" not in bladder.HPD_RISK_EVIDENCE and "[UNVERIFIED]" in bladder.ICI_IMPLICATION
