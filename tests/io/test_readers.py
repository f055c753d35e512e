"""Each genomic reader on a small realistic file, and on malformed variants of it.

Expected values are worked out by hand from the files written here (e.g. the VCF's
genotypes, the segment arithmetic), so they do not depend on mdm2io's own output.
"""

import math

import numpy as np
import pandas as pd
import pytest

from mdm2io.errors import InputError
from mdm2io.genomics import call_biomarkers
from mdm2io.io.cbioportal import read_cbioportal_clinical, read_cbioportal_study, read_cna_matrix
from mdm2io.io.detect import detect_format, read_inputs
from mdm2io.io.long_table import read_long_table
from mdm2io.io.maf import read_maf
from mdm2io.io.seg import read_seg
from mdm2io.io.vcf import read_vcf

T = "\t"


def _w(path, rows):
    path.write_text("\n".join(T.join(map(str, r)) if isinstance(r, (list, tuple)) else r for r in rows) + "\n")
    return path


# ----------------------------------------------------------------------------- cBioPortal
def _study(d):
    _w(d / "data_clinical_patient.txt", [
        "#Patient Identifier\tOverall Survival Status\tOverall Survival (Months)\tSex",
        "#Identifier to uniquely specify a patient.\tOS status\tOS months\tSex",
        "#STRING\tSTRING\tNUMBER\tSTRING", "#1\t1\t1\t1",
        ["PATIENT_ID", "OS_STATUS", "OS_MONTHS", "SEX"],
        ["P1", "1:DECEASED", "4.2", "Male"], ["P2", "0:LIVING", "18.0", "Female"], ["P3", "1:DECEASED", "9.9", "Female"]])
    _w(d / "data_clinical_sample.txt", [
        "#Patient Identifier\tSample Identifier\tTMB\tPurity", "#p\ts\ttmb\tpurity",
        "#STRING\tSTRING\tNUMBER\tNUMBER", "#1\t1\t1\t1",
        ["PATIENT_ID", "SAMPLE_ID", "TMB_NONSYNONYMOUS", "TUMOR_PURITY"],
        ["P1", "S1", "12.5", "60"], ["P2", "S2", "3.1", "40"], ["P3", "S3", "", ""]])
    _w(d / "data_CNA.txt", [
        ["Hugo_Symbol", "Entrez_Gene_Id", "S1", "S2", "S3"],
        ["MDM2", "4193", "2", "0", "NA"], ["", "4194", "0", "2", "0"],  # MDM4 by Entrez id only
        ["CDK4", "1019", "2", "0", "0"], ["FRS2", "10818", "2", "0", "0"],
        ["TP53", "7157", "0", "-1.5", "-1"], ["KRAS", "3845", "2", "2", "2"]])
    _w(d / "data_mutations.txt", [
        ["Hugo_Symbol", "Tumor_Sample_Barcode", "HGVSp_Short", "Variant_Classification"],
        ["TP53", "S3", "p.R175H", "Missense_Mutation"], ["EGFR", "S1", "p.L858R", "Missense_Mutation"]])
    (d / "case_lists").mkdir()
    (d / "case_lists" / "cases_sequenced.txt").write_text(
        "cancer_study_identifier: x\nstable_id: x_sequenced\ncase_list_ids:\tS1\tS2\tS3\n")
    return d


def test_cbioportal_study(tmp_path):
    cohort, problems = read_cbioportal_study(_study(tmp_path))
    assert cohort.samples.set_index("sample_id").patient_id.to_dict() == {"S1": "P1", "S2": "P2", "S3": "P3"}
    os_ = cohort.endpoint("OS")
    assert os_.loc["P1", "event"] == 1 and os_.loc["P2", "event"] == 0 and os_.loc["P2", "time_months"] == 18.0
    assert cohort.samples.set_index("sample_id").purity.round(2).tolist()[:2] == [0.6, 0.4]  # percent -> fraction
    assert any("percentages" in p.message for p in problems)
    b = call_biomarkers(cohort, preset="cbioportal").set_index("sample_id")
    assert b.MDM2_status.tolist() == ["amplified", "neutral", "not_assessed"]
    assert b.MDM4_status.tolist() == ["neutral", "amplified", "neutral"]
    assert bool(b.loc["S1", "MDM2_CDK4_coamplified"]) and bool(b.loc["S1", "MDM2_FRS2_coamplified"])
    # -1.5 is a (partial) deep deletion in cBioPortal; the case list says all three were sequenced
    assert b.TP53_status.tolist() == ["wild_type", "deleted", "mutated"]
    assert b.loc["S3", "TP53_detail"] == "p.R175H (hotspot missense)"
    assert b.loc["S1", "EGFR_detail"] == "p.L858R"
    assert b.tmb_per_mb.tolist()[:2] == [12.5, 3.1]


def test_cbioportal_clinical_bad_status(tmp_path):
    p = _w(tmp_path / "data_clinical_patient.txt", [
        "#a\tb\tc", "#a\tb\tc", "#STRING\tSTRING\tNUMBER", "#1\t1\t1",
        ["PATIENT_ID", "OS_STATUS", "OS_MONTHS"], ["P1", "DECEASED", "4"], ["P2", "0:LIVING", "soon"]])
    pts, os_, problems = read_cbioportal_clinical(p)
    assert len(pts) == 2 and os_.empty
    assert [(x.line, x.column) for x in problems] == [(6, "OS_STATUS"), (7, "OS_MONTHS")]
    assert all(x.file == str(p) for x in problems)
    assert "0:/1: prefix" in problems[0].message


def test_cbioportal_clinical_missing_patient_id(tmp_path):
    p = _w(tmp_path / "data_clinical_sample.txt", ["#a\tb", "#a\tb", "#STRING\tSTRING", "#1\t1",
                                                  ["PATIENT_IDX", "SAMPLE_ID"], ["P1", "S1"]])
    with pytest.raises(InputError) as e:
        read_cbioportal_clinical(p)
    pr = e.value.problem
    assert (pr.file, pr.line, pr.column) == (str(p), 5, "PATIENT_ID") and "PATIENT_IDX" in pr.fix


def test_cna_matrix_bad_value(tmp_path):
    p = _w(tmp_path / "data_CNA.txt", [["Hugo_Symbol", "S1", "S2"], ["MDM2", "2", "3"], ["MDM4", "0", "x"]])
    cohort, problems = read_cna_matrix(p)
    assert [(x.line, x.column) for x in problems if x.severity == "error"] == [(2, "S2"), (3, "S2")]
    assert cohort.meta["genomics"]["copy_number_missing"] == {"MDM2": ["S2"], "MDM4": ["S2"]}
    assert cohort.alterations[["sample_id", "gene"]].values.tolist() == [["S1", "MDM2"]]


def test_cna_matrix_bad_header_and_ragged_row(tmp_path):
    p = _w(tmp_path / "data_CNA.txt", [["Hugo_Symbl", "S1"], ["MDM2", "2"]])
    with pytest.raises(InputError) as e:
        read_cna_matrix(p)
    assert (e.value.problem.line, e.value.problem.column) == (1, "Hugo_Symbol") and "Hugo_Symbl" in e.value.problem.fix
    p = _w(tmp_path / "data_CNA.txt", [["Hugo_Symbol", "S1", "S2"], ["MDM2", "2"]])
    _, problems = read_cna_matrix(p)
    assert problems[0].line == 2 and "fields" in problems[0].message


# ----------------------------------------------------------------------------- MAF
def test_maf_alias_headers(tmp_path):
    p = _w(tmp_path / "calls.maf", ["#version 2.4", ["Gene", "Sample_ID", "Protein_Change", "Mutation_Type", "t_alt_count", "t_depth"],
                                    ["TP53", "T1", "p.Arg248Gln", "Missense_Mutation", "30", "100"],
                                    ["TP53", "T2", "Q192*", "Nonsense_Mutation", "10", "50"],
                                    ["EGFR", "T2", "p.T790=", "Silent", "5", "50"]])
    cohort, problems = read_maf(p)
    assert problems == []
    a = cohort.alterations
    assert a.protein_change.tolist() == ["p.R248Q", "p.Q192*", "p.T790="]
    assert a.vaf.tolist() == [0.3, 0.2, 0.1]
    b = call_biomarkers(cohort, preset="cbioportal").set_index("sample_id")
    assert b.TP53_detail.tolist() == ["p.R248Q (hotspot missense)", "p.Q192* (truncating)"]
    assert b.EGFR_mutated.tolist() == [False, False]  # silent variant does not count
    assert b.loc["T2", "EGFR_detail"] == "p.T790= (silent, not counted)"


def test_maf_near_miss_header(tmp_path):
    p = _w(tmp_path / "calls.maf", [["Hugo_Symbl", "Tumor_Sample_Barcode", "Variant_Classification"], ["TP53", "T1", "Silent"]])
    with pytest.raises(InputError) as e:
        read_maf(p)
    pr = e.value.problem
    assert (pr.file, pr.line, pr.column) == (str(p), 1, "Hugo_Symbol")
    assert pr.fix.startswith("did you mean 'Hugo_Symbl'")


def test_maf_bad_rows(tmp_path):
    p = _w(tmp_path / "calls.maf", [["Hugo_Symbol", "Tumor_Sample_Barcode", "Variant_Classification"],
                                    ["TP53", "", "Missense_Mutation"], ["TP53", "T1"], ["TP53", "T1", "Missense"],
                                    ["KRAS", "T1", "Missense_Mutation"]])
    cohort, problems = read_maf(p)
    assert [(x.line, x.column, x.severity) for x in problems] == [
        (2, "Tumor_Sample_Barcode", "error"), (3, None, "error"), (4, "Variant_Classification", "warning")]
    assert len(cohort.alterations) == 2


# ----------------------------------------------------------------------------- VCF
VCF_HEAD = ['##fileformat=VCFv4.2',
            '##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. '
            'Format: Allele|Consequence|IMPACT|SYMBOL|HGVSp|CANONICAL">',
            '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
            '##FORMAT=<ID=AF,Number=A,Type=Float,Description="Allele fraction">',
            '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOUR_A\tTUMOUR_B']


def test_vcf_two_samples_with_csq(tmp_path):
    p = _w(tmp_path / "two.vcf", VCF_HEAD + [
        ["17", "7674220", ".", "C", "T", ".", "PASS",
         "CSQ=T|missense_variant|MODERATE|TP53|ENSP00000352610.2:p.Arg115Gln|,T|missense_variant|MODERATE|TP53|ENSP00000269305.4:p.Arg248Gln|YES",
         "GT:AF", "0/1:0.41", "0/0:0"],
        ["7", "55191822", ".", "T", "G", ".", "PASS", "CSQ=G|missense_variant|MODERATE|EGFR|ENSP00000275493.2:p.Leu858Arg|YES",
         "GT:AF", "0/1:0.2", "0/1:0.33"],
        ["12", "25245350", ".", "C", "T", ".", "LowQual", "CSQ=T|missense_variant|MODERATE|KRAS|ENSP00000256078.4:p.Gly12Asp|YES",
         "GT:AF", "0/1:0.1", "0/0:0"]])
    cohort, problems = read_vcf(p)
    a = cohort.alterations
    assert a[["sample_id", "gene", "protein_change"]].values.tolist() == [
        ["TUMOUR_A", "TP53", "p.R248Q"], ["TUMOUR_A", "EGFR", "p.L858R"], ["TUMOUR_B", "EGFR", "p.L858R"]]
    assert a.vaf.round(2).tolist() == [0.41, 0.2, 0.33]
    assert cohort.meta["vcf_fields"]["protein_change"] == "CSQ/HGVSp"
    assert [(x.line, x.column, x.severity) for x in problems] == [(8, "FILTER", "warning")]
    b = call_biomarkers(cohort, preset="cbioportal").set_index("sample_id")
    assert b.TP53_status.tolist() == ["mutated", "wild_type"]


def test_vcf_malformed(tmp_path):
    rec = ["17", "7674220", ".", "C", "T", ".", "PASS", "CSQ=T|missense_variant|MODERATE|TP53|p.R248Q|YES", "GT", "0/1", "0/0"]
    bad_pos = rec.copy()
    bad_pos[1] = "7674x20"
    p = _w(tmp_path / "bad.vcf", VCF_HEAD + [rec, bad_pos])
    with pytest.raises(InputError) as e:
        read_vcf(p)
    assert (e.value.problem.file, e.value.problem.line, e.value.problem.column) == (str(p), 7, "POS")
    p = _w(tmp_path / "short.vcf", VCF_HEAD + [rec[:-1]])
    with pytest.raises(InputError) as e:
        read_vcf(p)
    assert e.value.problem.line == 6 and "10 fields" in e.value.problem.message
    p = _w(tmp_path / "alt.vcf", VCF_HEAD + [rec[:4] + ["Q"] + rec[5:]])
    with pytest.raises(InputError) as e:
        read_vcf(p)
    assert (e.value.problem.line, e.value.problem.column) == (6, "ALT")


# ----------------------------------------------------------------------------- segments
def test_log2_seg_genes_and_purity(tmp_path):
    # MDM2 (GRCh38 12:68,808,177-68,850,686) lies inside the second segment of S1.
    p = _w(tmp_path / "cohort.seg", [["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"],
                                     ["S1", "12", "1", "68000000", "500", "0.05"],
                                     ["S1", "12", "68000001", "70000000", "90", "1.6"],
                                     ["S1", "chr17", "7000000", "8000000", "40", "-0.4"],
                                     ["S2", "12", "60000000", "80000000", "300", "0.3"]])
    cohort, problems = read_seg(p, genome="GRCh38")
    assert cohort.meta["genomics"]["copy_number_units"] == "log2"
    a = cohort.alterations.set_index(["sample_id", "gene"])
    assert a.loc[("S1", "MDM2"), "log2_ratio"] == 1.6 and a.loc[("S1", "MDM2"), "overlap_fraction"] == 1.0
    assert "S2" in cohort.meta["genomics"]["copy_number_missing"]["TP53"]  # S2 has no chr17 segment
    assert any(x.severity == "warning" and "TP53" in x.message and "S2" in x.message for x in problems)
    b = call_biomarkers(cohort, preset="cnvkit").set_index("sample_id")
    assert b.MDM2_status.tolist() == ["amplified", "gain"]
    assert b.loc["S2", "TP53_cn_status"] == "not_assessed"
    # purity 0.3: observed ratio 2**0.3 = 1.231 -> pure-tumour ratio (1.231 - 0.7) / 0.3 = 1.771, log2 0.824 >= 0.7
    cohort2, _ = read_seg(p, genome="GRCh38", purity=0.3)
    b2 = call_biomarkers(cohort2, preset="cnvkit").set_index("sample_id")
    assert b2.loc["S2", "MDM2_status"] == "amplified"
    assert math.isclose(np.log2((2 ** 0.3 - 0.7) / 0.3), 0.8245, abs_tol=1e-3)


def test_pcgr_allele_specific_segments(tmp_path):
    p = _w(tmp_path / "T001.cna.tsv", [["Chromosome", "Start", "End", "nMajor", "nMinor"],
                                        ["chr12", "68000000", "69500000", "10", "2"],
                                        ["chr1", "204000000", "205000000", "2", "1"],
                                        ["chr17", "7000000", "8000000", "1", "0"]])
    assert detect_format(p) == "seg"
    cohort, problems = read_seg(p, genome="hg38")
    a = cohort.alterations.set_index("gene")
    assert a.loc["MDM2", "copy_number"] == 12 and a.loc["MDM4", "copy_number"] == 3 and a.loc["TP53", "copy_number"] == 1
    assert cohort.samples.sample_id.tolist() == ["T001.cna"]
    b = call_biomarkers(cohort, preset="pcgr").iloc[0]
    assert (b.MDM2_status, b.MDM4_status, b.TP53_cn_status) == ("amplified", "gain", "loss")
    assert call_biomarkers(cohort, preset="mantra2").iloc[0].MDM2_status == "amplified"  # 12 >= 12


def test_seg_malformed(tmp_path):
    p = _w(tmp_path / "bad.seg", [["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"],
                                  ["S1", "12", "1", "68000000", "500", "0.05"], ["S1", "12", "abc", "70000000", "90", "1.6"],
                                  ["S1", "12", "70000001", "80000000", "90", "high"]])
    _, problems = read_seg(p, genome="GRCh38", units="log2")
    assert [(x.line, x.column) for x in problems if x.severity == "error"] == [(3, "loc.start"), (4, "seg.mean")]
    with pytest.raises(InputError) as e:
        read_seg(p, units="log2")
    assert "genome build" in e.value.problem.message
    p = _w(tmp_path / "pcgr.tsv", [["Chromosome", "Start", "End", "nMajor", "nMinr"], ["1", "1", "100", "1", "1"]])
    with pytest.raises(InputError) as e:
        read_seg(p, genome="GRCh38")
    assert (e.value.problem.line, e.value.problem.column) == (1, "nMinor") and "nMinr" in e.value.problem.fix


def test_seg_units_ambiguous(tmp_path):
    p = _w(tmp_path / "amb.seg", [["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"],
                                  ["S1", "12", "1", "68000000", "500", "0.9"], ["S1", "12", "68000001", "70000000", "9", "1.3"]])
    with pytest.raises(InputError) as e:
        read_seg(p, genome="GRCh38")
    assert e.value.problem.column == "seg.mean" and "--seg-units" in e.value.problem.fix
    cohort, _ = read_seg(p, genome="GRCh38", units="log2_cn_minus_1")  # 2**(1.3+1) = 4.92 copies
    assert round(float(cohort.alterations.set_index("gene").loc["MDM2", "copy_number"]), 2) == 4.92


# ----------------------------------------------------------------------------- long tables and combining
def test_long_table_foundation_calls(tmp_path):
    p = _w(tmp_path / "fmi.tsv", [["sample_id", "gene", "alteration"],
                                  ["F1", "MDM2", "amplification(42, exons 11 of 11)"], ["F1", "FRS2", "amplification(40, exons 16 of 16)"],
                                  ["F2", "TP53", "c.524G>A_p.R175H(0.51,400)"], ["F2", "CDKN2A", "loss(0, exons 3 of 3)"],
                                  ["F3", "MDM2", "amplified??"]])
    cohort, problems = read_long_table(p, assay="FoundationOne")
    assert [(x.line, x.column) for x in problems] == [(6, "alteration")]
    b = call_biomarkers(cohort, preset="foundation").set_index("sample_id")
    assert b.MDM2_status.tolist() == ["amplified", "neutral", "neutral"]
    assert b.loc["F1", "MDM2_cn"] == 42 and bool(b.loc["F1", "MDM2_FRS2_coamplified"])
    assert b.TP53_status.tolist() == ["wild_type", "mutated", "wild_type"]  # FoundationOne panel covers TP53
    assert b.loc["F2", "CDKN2A_status"] == "deleted"


def test_combine_cna_and_maf(tmp_path):
    cna = _w(tmp_path / "data_CNA.txt", [["Hugo_Symbol", "S1", "S2", "S3"], ["MDM2", "2", "0", "0"], ["TP53", "0", "0", "-2"]])
    maf = _w(tmp_path / "muts.maf", [["Hugo_Symbol", "Tumor_Sample_Barcode", "HGVSp_Short", "Variant_Classification"],
                                     ["TP53", "S2", "p.R273H", "Missense_Mutation"]])
    cohort, problems = read_inputs([cna, maf])
    b = call_biomarkers(cohort, preset="cbioportal").set_index("sample_id")
    # the MAF lists only S2, so S1's TP53 is not known to be wild-type unless every sample was sequenced
    assert b.TP53_status.tolist() == ["not_assessed", "mutated", "deleted"]
    b = call_biomarkers(cohort, preset="cbioportal", mutations_assessed=True).set_index("sample_id")
    assert b.TP53_status.tolist() == ["wild_type", "mutated", "deleted"]


def test_call_presets_refuse_provisional_kinds(tmp_path):
    p = _w(tmp_path / "data_log2_cna.txt", [["Hugo_Symbol", "S1", "S2"], ["MDM2", "1.9", "-0.2"]])
    assert detect_format(p) == "cna_log2"
    cohort, _ = read_inputs([p])
    with pytest.raises(InputError, match="cnvkit"):
        call_biomarkers(cohort, preset="cbioportal")
    assert call_biomarkers(cohort, preset="cnvkit").MDM2_status.tolist() == ["amplified", "neutral"]


def test_detect_long_lines(tmp_path):
    # a very wide discrete matrix: detection must not read a token cut at its sniffing limit
    n = 6000
    p = _w(tmp_path / "wide.txt", [["Hugo_Symbol"] + [f"S{i}" for i in range(n)], ["MDM2"] + ["-1.5"] * n])
    assert detect_format(p) == "cna_discrete"


def test_vcf_snpeff_ann_and_unannotated(tmp_path):
    head = ['##fileformat=VCFv4.2',
            "##INFO=<ID=ANN,Number=.,Type=String,Description=\"Functional annotations: 'Allele | Annotation | "
            "Annotation_Impact | Gene_Name | Gene_ID | Feature_Type | Feature_ID | Transcript_BioType | Rank | HGVS.c | HGVS.p'\">",
            '##INFO=<ID=GENE,Number=1,Type=String,Description="Gene">',
            '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
            '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT']
    p = _w(tmp_path / "ann.vcf", head + [
        ["17", "7675088", ".", "C", "T", ".", "PASS",
         "ANN=T|missense_variant|MODERATE|TP53|ENSG00000141510|transcript|ENST00000269305|protein_coding|5/11|c.524G>A|p.Arg175His",
         "GT", "0/1"],
        ["17", "7675100", ".", "G", "A", ".", ".", "GENE=TP53", "GT", "1/1"]])
    cohort, problems = read_vcf(p)
    assert cohort.meta["vcf_fields"]["gene"] == "ANN/Gene_Name"
    # the second record has no ANN entry: no gene from the ANN field, so it is reported, not guessed
    assert cohort.alterations.protein_change.tolist() == ["p.R175H"]
    assert [(x.line, x.column) for x in problems] == [(7, "INFO")]
    p2 = _w(tmp_path / "plain.vcf", [head[0], head[2], head[3], head[4],
                                     "\t".join(["12", "68814000", ".", "A", "G", ".", "PASS", "GENE=MDM2", "GT", "0/1"])])
    cohort, problems = read_vcf(p2)
    assert cohort.alterations[["gene", "protein_change"]].values.tolist() == [["MDM2", None]]
    assert cohort.meta["vcf_fields"]["protein_change"] == "none"


def test_study_segments_use_meta_genome(tmp_path):
    d = tmp_path / "study"
    d.mkdir()
    _w(d / "data_clinical_sample.txt", ["#a\tb", "#a\tb", "#STRING\tSTRING", "#1\t1", ["PATIENT_ID", "SAMPLE_ID"], ["P1", "S1"]])
    (d / "meta_cna_hg19_seg.txt").write_text("cancer_study_identifier: x\nreference_genome_id: hg19\n")
    _w(d / "data_cna_hg19.seg", [["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"],
                                 ["S1", "12", "69000000", "69300000", "50", "2.5"]])  # covers MDM2 on GRCh37
    cohort, problems = read_cbioportal_study(d, seg_units="log2")
    assert cohort.meta["genomics"]["copy_number_profiled"]
    b = call_biomarkers(cohort, preset="cnvkit").iloc[0]
    assert b.MDM2_status == "amplified" and b.patient_id == "P1"


def test_default_preset_does_not_assume_panel_coverage(tmp_path):
    # A MAF alone says nothing about copy number: the foundation preset must not call it neutral.
    p = _w(tmp_path / "m.maf", [["Hugo_Symbol", "Tumor_Sample_Barcode", "HGVSp_Short", "Variant_Classification"],
                                ["TP53", "S1", "p.R175H", "Missense_Mutation"]])
    cohort, _ = read_inputs([p])
    b = call_biomarkers(cohort, preset="foundation").iloc[0]
    assert b.MDM2_status == "not_assessed" and pd.isna(b.MDM2_amplified) and b.TP53_status == "mutated"


def test_mixed_calls_and_segments_under_a_call_preset(tmp_path):
    calls = _w(tmp_path / "calls.tsv", [["sample_id", "gene", "alteration"], ["F1", "MDM2", "amplification(20, exons 11 of 11)"]])
    seg = _w(tmp_path / "s2.seg", [["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"],
                                   ["S2", "12", "60000000", "80000000", "300", "1.5"]])
    cohort, _ = read_inputs([calls, seg], genome="GRCh38", seg_units="log2")
    b = call_biomarkers(cohort, preset="foundation").set_index("sample_id")
    # S2's MDM2 was measured (log2 1.5) but the foundation preset cannot read a log2 ratio: not neutral
    assert b.loc["F1", "MDM2_status"] == "amplified" and b.loc["S2", "MDM2_status"] == "not_assessed"
    assert call_biomarkers(cohort, preset="cnvkit").set_index("sample_id").loc["S2", "MDM2_status"] == "amplified"


def test_discrete_row_fast_path_agrees_with_cell_by_cell_parsing():
    """The vectorised reader of GENIE-sized rows gives the values of the per-cell path, or defers to it."""
    from hypothesis import given, settings, strategies as st

    from mdm2io.io._cn import DISCRETE_VALUES as _DISCRETE_VALUES
    from mdm2io.io.cbioportal import _BAD, _discrete_row

    tokens = list(_DISCRETE_VALUES) + [" 2", "2 ", "2.00", "amp", "-3", "+2", "1e0", "NAN", "é", "-1.50"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(tokens), min_size=1, max_size=40), st.integers(-1, 1))
    def check(cells, extra_fields):
        line = "\t".join(["MDM2", "4193"] + cells)
        fast = _discrete_row(line, 2, 2 + len(cells) + extra_fields)
        slow = np.array([_DISCRETE_VALUES.get(c.strip(), _BAD) for c in cells])
        if extra_fields != 0:
            assert fast is None  # wrong field count: the per-cell path reports it
        elif (slow == _BAD).any():
            assert fast is None  # a value that is not allowed: the per-cell path names it
        elif fast is not None:
            np.testing.assert_array_equal(fast, slow)
        else:
            assert any(c != c.strip() for c in cells)  # only padded cells may take the slow path

    check()


def test_cna_matrix_with_unusual_cells_reads_as_before(tmp_path):
    """Rows the fast path defers (padded or bad cells) still give values and problems with line and column."""
    p = tmp_path / "data_CNA.txt"
    p.write_text("Hugo_Symbol\tEntrez_Gene_Id\tS1\tS2\tS3\n"
                 "MDM2\t4193\t 2\tNA\t0\n"
                 "TP53\t7157\t-1.5\tamp\t0\n")
    cohort, problems = read_cna_matrix(p, genes=["MDM2", "TP53"])
    assert cohort.alterations[["sample_id", "gene", "cna_value"]].values.tolist() == [
        ["S1", "MDM2", 2.0], ["S1", "TP53", -1.5]]
    bad = [x for x in problems if x.severity == "error"]
    assert len(bad) == 1 and bad[0].line == 3 and bad[0].column == "S2" and "'amp'" in bad[0].message
    assert cohort.meta["genomics"]["copy_number_missing"] == {"MDM2": ["S2"], "TP53": ["S2"]}
