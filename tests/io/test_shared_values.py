"""One definition of the values every reader shares: discrete CNA cells, missing-value
spellings, column suggestions and the direction of a copy number.

Expected values come from the cBioPortal file-format page (discrete values −2, −1.5, −1, 0,
1, 2, NA), from mdm2io.schema.MISSING_STRINGS and from the genomics presets (PRESETS["pcgr"],
PRESETS["cnvkit"]), not from the readers' own output.
"""

import numpy as np
import pytest

from mdm2io.genomics import PRESETS
from mdm2io.io.cbioportal import read_cna_matrix
from mdm2io.io.detect import detect_format, read_input
from mdm2io.schema import MISSING_STRINGS

T = "\t"


def _w(path, rows):
    path.write_text("\n".join(T.join(map(str, r)) for r in rows) + "\n")
    return path


# ----------------------------------------------------------------------------- finding 1: detection
@pytest.mark.parametrize("missing", sorted(MISSING_STRINGS))
def test_discrete_matrix_with_missing_cells_is_discrete(tmp_path, missing):
    p = _w(tmp_path / "cna.txt", [["Hugo_Symbol", "Entrez_Gene_Id", "S1", "S2", "S3", "S4"],
                                  ["MDM2", "4193", "2.0", missing, "-1.5", "0"],
                                  ["TP53", "7157", "-1.0", "", "NaN", "2"]])
    assert detect_format(p) == "cna_discrete"
    cohort, problems = read_input(p)
    assert [x for x in problems if x.severity == "error"] == []
    got = sorted(map(tuple, cohort.alterations[["sample_id", "gene", "kind", "cna_value"]].values.tolist()))
    assert got == [("S1", "MDM2", "amplification", 2.0), ("S1", "TP53", "loss", -1.0),
                   ("S3", "MDM2", "deletion", -1.5), ("S4", "TP53", "amplification", 2.0)]
    assert cohort.meta["genomics"]["copy_number_missing"] == {"MDM2": ["S2"], "TP53": ["S2", "S3"]}


def test_discrete_matrix_with_cytoband_column_is_discrete(tmp_path):
    # the Cytoband text is a gene column, not a sample value
    p = _w(tmp_path / "cna.txt", [["Hugo_Symbol", "Cytoband", "S1", "S2"], ["MDM2", "12q15", "2", "NaN"]])
    assert detect_format(p) == "cna_discrete"


def test_log2_matrix_with_missing_cells_stays_log2(tmp_path):
    p = _w(tmp_path / "cna.txt", [["Hugo_Symbol", "S1", "S2", "S3"], ["MDM2", "1.93", "NaN", ""]])
    assert detect_format(p) == "cna_log2"
    # a value the discrete reader would reject makes the file log2, as the reader would need
    p = _w(tmp_path / "cna2.txt", [["Hugo_Symbol", "S1", "S2"], ["MDM2", "2", "-0.5"]])
    assert detect_format(p) == "cna_log2"
    _, problems = read_cna_matrix(p, units="discrete")
    assert [x.column for x in problems if x.severity == "error"] == ["S2"]


# ----------------------------------------------------------------------------- finding 2: missing spellings
NON_EMPTY_MISSING = sorted(MISSING_STRINGS - {""})


@pytest.mark.parametrize("na", NON_EMPTY_MISSING)
def test_maf_missing_spellings(tmp_path, na):
    from mdm2io.io import read_maf

    p = _w(tmp_path / "m.maf", [["Hugo_Symbol", "Tumor_Sample_Barcode", "HGVSp_Short", "Variant_Classification"],
                                ["TP53", "S1", "p.R175H", "Missense_Mutation"],
                                [na, "S2", "p.G12D", "Missense_Mutation"],       # no gene: reported
                                ["KRAS", na, "p.G12D", "Missense_Mutation"],     # no sample: reported
                                ["TP53", "S3", na, na]])                          # absent protein and class
    cohort, problems = read_maf(p)
    assert [(x.line, x.column) for x in problems] == [(3, "Hugo_Symbol"), (4, "Tumor_Sample_Barcode")]
    a = cohort.alterations.set_index("sample_id")
    assert a.loc["S1", "protein_change"] == "p.R175H"
    assert a.loc["S3", "protein_change"] is None or a["protein_change"].isna()["S3"]  # was 'p.NA' for "NA"
    assert a["variant_classification"].isna()["S3"]


@pytest.mark.parametrize("na", NON_EMPTY_MISSING)
def test_seg_missing_values_are_reported(tmp_path, na):
    from mdm2io.io import read_seg

    p = _w(tmp_path / "t.seg", [["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"],
                                ["S1", "12", "68000000", "69000000", "120", "2.1"],
                                ["S1", "17", "7000000", "8000000", "80", na],     # was read as NaN for "nan"
                                [na, "17", "7000000", "8000000", "80", "-0.4"],
                                ["S2", na, "7000000", "8000000", "80", "-0.4"]])
    cohort, problems = read_seg(p, genome="GRCh38", units="log2")
    errs = [(x.line, x.column) for x in problems if x.severity == "error"]
    assert errs == [(3, "seg.mean"), (4, "ID"), (5, "chrom")]
    assert cohort.samples.sample_id.tolist() == ["S1"]


@pytest.mark.parametrize("na", NON_EMPTY_MISSING)
def test_long_table_missing_spellings(tmp_path, na):
    from mdm2io.io import read_long_table

    p = _w(tmp_path / "calls.tsv", [["sample_id", "gene", "copy_number", "alteration"],
                                    ["S1", "MDM2", "14", na],        # copy number used
                                    ["S2", "MDM2", na, na],          # nothing given: reported
                                    [na, "MDM2", "14", ""],          # no sample: reported
                                    ["S3", "TP53", na, "p.R175H"]])  # call used, no copy number
    cohort, problems = read_long_table(p)
    assert [(x.line, x.column, x.message.split(";")[0]) for x in problems] == [
        (3, "alteration", "neither copy_number nor alteration given"), (4, "sample_id", "empty sample_id")]
    assert sorted(cohort.alterations.sample_id) == ["S1", "S3"]
    assert na not in set(cohort.samples.sample_id)


@pytest.mark.parametrize("na", NON_EMPTY_MISSING + ["."])
def test_sv_missing_spellings(tmp_path, na):
    from mdm2io.io import read_sv

    p = _w(tmp_path / "data_sv.txt", [["Sample_Id", "Site1_Hugo_Symbol", "Site2_Hugo_Symbol", "SV_Status", "Class"],
                                      ["S1", "EML4", "ALK", "SOMATIC", na],
                                      [na if na in MISSING_STRINGS else "", "EML4", "ALK", "SOMATIC", "INVERSION"],
                                      ["S2", na, na, "SOMATIC", "INVERSION"]])
    cohort, problems = read_sv(p)
    assert [(x.line, x.severity) for x in problems] == [(3, "error"), (4, "error")]
    assert cohort.alterations.details.tolist() == ["EML4-ALK fusion"] * 2  # no "Class=NA"


def test_vcf_dot_gene_is_no_gene(tmp_path):
    from mdm2io.io import read_vcf

    p = tmp_path / "t.vcf"
    p.write_text('##fileformat=VCFv4.2\n##INFO=<ID=GENE,Number=1,Type=String,Description="Gene">\n'
                 '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\n'
                 '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tT1\n'
                 '17\t7674220\t.\tC\tT\t.\tPASS\tGENE=TP53\tGT\t0/1\n'
                 '12\t25245350\t.\tC\tT\t.\tPASS\tGENE=.\tGT\t0/1\n')
    cohort, problems = read_vcf(p)
    assert cohort.alterations.gene.tolist() == ["TP53"]  # "." is VCF's missing value, not a gene
    assert [(x.line, x.column) for x in problems] == [(6, "INFO")]


# ----------------------------------------------------------------------------- finding 3: "did you mean"
def test_cbioportal_missing_columns_use_the_shared_message(tmp_path):
    from mdm2io.errors import InputError
    from mdm2io.io import read_cbioportal_clinical, read_maf

    def err(fn, p):
        with pytest.raises(InputError) as e:
            fn(p)
        return str(e.value)

    clin = _w(tmp_path / "data_clinical_sample.txt", [["#a", "b"], ["#a", "b"], ["#STRING", "STRING"], ["#1", "1"],
                                                      ["PATIENT_IDX", "SAMPLE_ID"], ["P1", "S1"]])
    assert err(read_cbioportal_clinical, clin) == (
        f"{clin}, line 5, column 'PATIENT_ID': clinical attribute column 'PATIENT_ID' is missing (expected one of the "
        "headers PATIENT_ID). Fix: did you mean 'PATIENT_IDX'? Rename it to 'PATIENT_ID'")
    cna = _w(tmp_path / "data_CNA.txt", [["Entrez_Gene", "S1"], ["4193", "2"]])
    assert err(read_cna_matrix, cna) == (
        f"{cna}, line 1, column 'Hugo_Symbol': CNA matrix column 'Hugo_Symbol' is missing (expected one of the "
        "headers Hugo_Symbol, Entrez_Gene_Id). Fix: did you mean 'Entrez_Gene'? Rename it to 'Entrez_Gene_Id'")
    # the same wording as the MAF reader's
    maf = _w(tmp_path / "m.maf", [["Hugo_Symbl", "Tumor_Sample_Barcode", "Variant_Classification"]])
    assert err(read_maf, maf) == (
        f"{maf}, line 1, column 'Hugo_Symbol': MAF column 'Hugo_Symbol' is missing (expected one of the headers "
        "Hugo_Symbol, Gene, Hugo_Gene_Symbol, Gene_Symbol, SYMBOL). Fix: did you mean 'Hugo_Symbl'? Rename it to "
        "'Hugo_Symbol'")


# ----------------------------------------------------------------------------- finding 4: one direction rule
# Segments covering one called gene each (GRCh38 spans of genomics/data/genes.tsv).
SEGS = [("12", 68000000, 69000000, "MDM2"), ("1", 204000000, 205000000, "MDM4"), ("12", 57000000, 58000000, "CDK4"),
        ("17", 7000000, 8000000, "TP53"), ("9", 21000000, 22500000, "CDKN2A")]
GENES = [g for *_, g in SEGS]


def _seg(tmp_path, values, name="t.seg"):
    return _w(tmp_path / name, [["ID", "chrom", "loc.start", "loc.end", "num.mark", "seg.mean"]] +
              [["S1", c, s, e, 50, v] for (c, s, e, _), v in zip(SEGS, values)])


def test_direction_thresholds_are_the_presets():
    from mdm2io.io._cn import cn_direction

    amp, dele = PRESETS["pcgr"].amplified, PRESETS["pcgr"].deleted
    assert cn_direction([amp, amp - 0.01, 2.01, 2, 1.99, dele], "absolute").tolist() == [
        "amplification", "gain", "gain", None, "loss", "deletion"]
    amp, dele = PRESETS["cnvkit"].amplified, PRESETS["cnvkit"].deleted
    assert cn_direction([amp, amp - 0.01, 0.01, 0, -0.01, dele + 0.01, dele], "log2").tolist() == [
        "amplification", "gain", "gain", None, "loss", "loss", "deletion"]


def test_log2_matrix_and_segments_give_the_same_kinds(tmp_path):
    from mdm2io.io import read_seg

    values = [2.1, 0.3, 0.0, -0.4, -1.2]  # CNVkit thresholds 0.7 / -1.1: amp, gain, neutral, loss, deletion
    expected = {"MDM2": "amplification", "MDM4": "gain", "TP53": "loss", "CDKN2A": "deletion"}
    seg, _ = read_seg(_seg(tmp_path, values), genome="GRCh38", units="log2", genes=GENES)
    m = _w(tmp_path / "data_log2_cna.txt", [["Hugo_Symbol", "S1"]] + [[g, v] for g, v in zip(GENES, values)])
    assert detect_format(m) == "cna_log2"
    mat, _ = read_cna_matrix(m, GENES, units="log2")
    for c in (seg, mat):
        assert dict(zip(c.alterations.gene, c.alterations.kind)) == expected
        assert c.alterations.provisional_kind.all()
    # the calls read the log2 ratio, not the kind: unchanged by the direction
    from mdm2io.genomics import call_biomarkers

    b = call_biomarkers(mat, preset="cnvkit", genes=GENES).iloc[0]
    assert (b.MDM2_status, b.MDM4_status, b.CDKN2A_status) == ("amplified", "gain", "deleted")


def test_long_table_copy_numbers_and_segments_give_the_same_kinds(tmp_path):
    from mdm2io.io import read_long_table, read_seg

    values = [15, 3, 2, 1, 0]  # pcgr thresholds 5 / 0: amp, gain, neutral, loss, deletion
    expected = {"MDM2": "amplification", "MDM4": "gain", "TP53": "loss", "CDKN2A": "deletion"}
    seg, _ = read_seg(_seg(tmp_path, values), genome="GRCh38", units="absolute", genes=GENES)
    lt = _w(tmp_path / "cn.tsv", [["sample_id", "gene", "copy_number"]] + [["S1", g, v] for g, v in zip(GENES, values)])
    tab, problems = read_long_table(lt)
    assert problems == []
    for c in (seg, tab):
        assert dict(zip(c.alterations.gene, c.alterations.kind)) == expected


def test_seg_copy_number_two_in_a_tetraploid_sample_points_down(tmp_path):
    from mdm2io.io import read_seg

    seg, _ = read_seg(_seg(tmp_path, [8, 4, 2, 1, 0]), genome="GRCh38", units="absolute", genes=GENES, ploidy=4)
    kinds = dict(zip(seg.alterations.gene, seg.alterations.kind))
    assert kinds["CDK4"] == "loss"  # 2 copies < ploidy 4 (was labelled "gain"); kept for ploidy_relative


def test_long_table_discrete_values_as_the_matrix_reader_spells_them(tmp_path):
    from mdm2io.io.long_table import parse_alteration

    for text, kind, value in [("2", "amplification", 2.0), ("2.0", "amplification", 2.0), ("-1.0", "loss", -1.0),
                              ("-1.5", "deletion", -1.5), ("-2.0", "deletion", -2.0), ("1", "gain", 1.0)]:
        (row,) = parse_alteration(text)
        assert (row["kind"], row["cna_value"]) == (kind, value)
    assert parse_alteration("0") is None and parse_alteration("0.5") is None
