"""Damaged or wrong inputs give a plain error (file, what is wrong, the fix) and exit 1, never exit 0 or 70.

Cases from the CLI fuzzing run of session 2 (/tmp/clifuzz).
"""

import gzip
import shutil

import pytest

from mdm2io.cli import main
from mdm2io.datasets import load_imvigor210
from mdm2io.io import write_cohort


@pytest.fixture(scope="module")
def imv(tmp_path_factory):
    return write_cohort(load_imvigor210(), tmp_path_factory.mktemp("imv") / "imv")


def _copy(imv, tmp_path, name="c"):
    return shutil.copytree(imv, tmp_path / name)


def run(capsys, *argv):
    rc = main([str(a) for a in argv])
    out = capsys.readouterr()
    return rc, out.out, out.err


# 1. empty table files ---------------------------------------------------------------------------------
@pytest.mark.parametrize("table", ["samples", "patients", "outcomes"])
def test_zero_byte_table_is_an_error_and_references_still_checked(imv, tmp_path, capsys, table):
    d = _copy(imv, tmp_path)
    (d / f"{table}.tsv").write_bytes(b"")
    rc, out, err = run(capsys, "validate", d)
    assert rc == 1 and "OK" not in out
    assert f"{table}.tsv: file is empty (0 bytes)" in err
    assert "Fix: re-export the file, or delete it if the cohort has none" in err
    if table == "samples":  # the cross-table check still runs: alterations name samples that are not listed
        assert "alterations.tsv, line 2, column 'sample_id'" in err and "is not in" in err
    if table == "patients":
        assert "samples.tsv, line 2, column 'patient_id'" in err


def test_whitespace_only_table_is_an_error(imv, tmp_path, capsys):
    d = _copy(imv, tmp_path)
    (d / "samples.tsv").write_text(" \n\n\t\n")
    rc, _, err = run(capsys, "validate", d)
    assert rc == 1 and "samples.tsv: file is empty (only blank lines)" in err


def test_read_table_file_rejects_empty_file(tmp_path):
    from mdm2io.errors import InputError
    from mdm2io.io.cohort_folder import read_table_file

    p = tmp_path / "patients.tsv"
    p.write_bytes(b"")
    with pytest.raises(InputError, match=r"patients.tsv: file is empty \(0 bytes\)"):
        read_table_file(p)


# 2. truncated gzip --------------------------------------------------------------------------------------
def _truncate_gz(d, table):
    data = gzip.compress((d / f"{table}.tsv").read_bytes())
    (d / f"{table}.tsv.gz").write_bytes(data[:2000])
    (d / f"{table}.tsv").unlink()


@pytest.mark.parametrize("argv", [["validate"], ["survival", "-g", "sex", "-e", "OS", "--out", "{tmp}/s"],
                                  ["call", "--out", "{tmp}/o"]])
def test_truncated_gzip_in_cohort_folder(imv, tmp_path, capsys, argv):
    d = _copy(imv, tmp_path)
    _truncate_gz(d, "patients")
    rc, _, err = run(capsys, argv[0], d, *[a.format(tmp=tmp_path) for a in argv[1:]])
    assert rc == 1, err
    assert "patients.tsv.gz: gzip file is truncated or corrupt" in err
    assert "Fix: re-download or re-compress the file" in err and "Aborted" not in err


def test_truncated_gzip_genomic_input(imv, tmp_path, capsys):
    d = _copy(imv, tmp_path)
    data = gzip.compress((d / "alterations.tsv").read_bytes())
    (tmp_path / "alts.tsv.gz").write_bytes(data[:2000])
    rc, _, err = run(capsys, "call", tmp_path / "alts.tsv.gz", "--out", tmp_path / "o")
    assert rc == 1 and "alts.tsv.gz: gzip file is truncated or corrupt" in err


def test_not_gzip_at_all(tmp_path, capsys):
    p = tmp_path / "m.maf.gz"
    p.write_text("Hugo_Symbol\tTumor_Sample_Barcode\n")
    rc, _, err = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 1 and "m.maf.gz: gzip file is truncated or corrupt" in err


# 3. not UTF-8 ---------------------------------------------------------------------------------------
def test_random_bytes_maf(tmp_path, capsys):
    p = tmp_path / "garbage.maf"
    p.write_bytes(bytes(range(128, 256)) * 20)
    rc, _, err = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 1, err
    assert "garbage.maf: file is not UTF-8 text" in err and "Fix: save the file as UTF-8" in err


def test_utf16_cna_matrix(tmp_path, capsys):
    p = tmp_path / "data_CNA.txt"
    p.write_text("Hugo_Symbol\tS1\nMDM2\t2\n", encoding="utf-16")
    rc, _, err = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 1 and "data_CNA.txt: file is not UTF-8 text" in err


@pytest.mark.parametrize("name,magic", [("book.xlsx", b"PK\x03\x04\x14\x00\x06\x00\xff\xfe"),
                                        ("book.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\xff\xfe")])
def test_excel_workbook(tmp_path, capsys, name, magic):
    p = tmp_path / name
    p.write_bytes(magic + bytes(range(128, 256)))
    rc, _, err = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 1, err
    assert f"{name}: this is an Excel workbook" in err and "save each sheet as tab-separated text" in err


def test_excel_workbook_in_cohort_folder(imv, tmp_path, capsys):
    d = _copy(imv, tmp_path)
    (d / "samples.tsv").write_bytes(b"PK\x03\x04\x14\x00\x06\x00\xff\xfe" + bytes(range(128, 256)))
    rc, _, err = run(capsys, "validate", d)
    assert rc == 1 and "samples.tsv: this is an Excel workbook" in err


def test_excel_patients_named_when_patients_table_missing(imv, tmp_path, capsys):
    d = _copy(imv, tmp_path)
    (d / "patients.tsv").rename(d / "patients.xlsx")
    rc, _, err = run(capsys, "validate", d)
    assert rc == 1 and "patients table is missing" in err and "patients.xlsx is an Excel workbook" in err


# 4. output/input paths that are not what the command needs -------------------------------------------------
@pytest.mark.parametrize("argv", [["survival", "{imv}", "-g", "sex", "-e", "OS", "--out", "{afile}"],
                                  ["report", "{imv}", "--out", "{afile}"],
                                  ["datasets", "export", "imvigor210", "{afile}"],
                                  ["simulate", "--n", "4", "-o", "{afile}"],
                                  ["model", "parameters", "-o", "{adir}"]])
def test_output_path_is_an_existing_file_or_folder(imv, tmp_path, capsys, argv):
    afile, adir = tmp_path / "afile", tmp_path / "adir"
    afile.touch()
    adir.mkdir()
    rc, _, err = run(capsys, *[a.format(imv=imv, afile=afile, adir=adir) for a in argv])
    assert rc == 1, err
    assert "internal error" not in err
    # the generic OSError message, or the up-front check of commands that would compute first (simulate)
    if "the output path is an existing file" in err:
        assert "afile" in err and "Fix: choose another --out path or remove the file" in err
    else:
        assert ("afile: File exists" in err) or ("adir: Is a directory" in err), err
        assert "Fix: check the path: an output folder must not be an existing file" in err


@pytest.mark.parametrize("argv", [["kinetics", "{imv}/patients.tsv", "--treatments", "{nope}"],
                                  ["annotate", "{imv}/alterations.tsv", "--clinical", "{nope}"]])
def test_missing_input_file(imv, tmp_path, capsys, argv):
    rc, _, err = run(capsys, *[a.format(imv=imv, nope=tmp_path / "nope.tsv") for a in argv],
                     "--out", tmp_path / "o")
    assert rc == 1 and "nope.tsv" in err and "internal error" not in err and "Fix:" in err


def test_os_error_from_a_command_is_plain(monkeypatch, capsys):
    def boom(*a, **k):
        raise PermissionError(13, "Permission denied", "/root/secret.tsv")

    monkeypatch.setattr("mdm2io.io.cohort_folder.validate_cohort_folder", boom)
    rc, _, err = run(capsys, "validate", "x")
    assert rc == 1
    assert "error: /root/secret.tsv: Permission denied. Fix: check the path" in err


# 5. unknown genes -------------------------------------------------------------------------------------
def _cna(tmp_path):
    p = tmp_path / "data_CNA.txt"
    p.write_text("Hugo_Symbol\tS1\tS2\nMDM2\t2\t0\nCDK4\t0\t0\n")
    return p


def test_unknown_genes_are_an_error(tmp_path, capsys):
    rc, _, err = run(capsys, "call", _cna(tmp_path), "--genes", "FOO,BAR", "--out", tmp_path / "o")
    assert rc == 1 and not (tmp_path / "o").exists()
    assert "unknown genes 'FOO', 'BAR' (option --genes)" in err
    assert "MDM2, MDM4, CDK4" in err and "Fix: use gene symbols from the accepted list" in err


def test_known_genes_any_case(tmp_path, capsys):
    rc, out, _ = run(capsys, "call", _cna(tmp_path), "--genes", "mdm2,CDK4", "--preset", "cbioportal",
                     "--out", tmp_path / "o")
    assert rc == 0 and "MDM2: amplified 1" in out


# 6. problems.tsv line numbers -------------------------------------------------------------------------------
def test_problems_tsv_has_whole_line_numbers(tmp_path, capsys):
    p = tmp_path / "m.maf"
    p.write_text("Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tVariant_Classification\n"
                 "TP53\tS1\tp.R175H\tMissense_Mutation\nTP53\tS2\n")
    rc, _, _ = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 0
    rows = [line.split("\t") for line in (tmp_path / "o" / "problems.tsv").read_text().splitlines()]
    assert rows[0][:3] == ["severity", "file", "line"] and rows[1][2] == "3"  # the short row is the file's line 3
    # no problems at all: a header only
    rc, _, _ = run(capsys, "call", _cna(tmp_path), "--preset", "cbioportal", "--genes", "MDM2", "--out", tmp_path / "o2")
    assert rc == 0 and (tmp_path / "o2" / "problems.tsv").read_text().startswith("severity\tfile\tline")


# 7. .seg with decimal commas ------------------------------------------------------------------------------
def test_seg_comma_decimal(tmp_path, capsys):
    p = tmp_path / "comma.seg"
    p.write_text("ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\nS1\tchr12\t68800000\t69300000\t100\t2,5\n")
    rc, _, err = run(capsys, "call", p, "--genome", "GRCh38", "--out", tmp_path / "o")
    assert rc == 1 and "--verbose" not in err
    assert "comma.seg, line 2, column 'seg.mean'" in err and "not a number: '2,5'" in err
    assert "Fix: use '.' as the decimal separator" in err


def test_seg_comma_decimal_row_in_problems_tsv(tmp_path, capsys):
    p = tmp_path / "mixed.seg"
    p.write_text("ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\n"
                 "S1\tchr12\t68800000\t69300000\t100\t2.5\nS1\tchr17\t7000000\t8000000\t80\t-0,4\n")
    rc, out, _ = run(capsys, "call", p, "--genome", "GRCh38", "--seg-units", "log2", "--preset", "cnvkit", "--out", tmp_path / "o")
    assert rc == 0 and "see problems.tsv" in out
    text = (tmp_path / "o" / "problems.tsv").read_text()
    assert "\t3\tseg.mean\tnot a number: '-0,4'" in text and "use '.' as the decimal separator" in text


def test_seg_header_only(tmp_path, capsys):
    p = tmp_path / "hdr.seg"
    p.write_text("ID\tchrom\tloc.start\tloc.end\tnum.mark\tseg.mean\n")
    rc, _, err = run(capsys, "call", p, "--genome", "GRCh38", "--out", tmp_path / "o")
    assert rc == 1 and "hdr.seg, line 1: no segment rows in the file" in err


# 8. VCF without samples; MAF without variant rows ------------------------------------------------------------
def test_vcf_without_sample_columns(tmp_path, capsys):
    p = tmp_path / "nosample.vcf"
    p.write_text("##fileformat=VCFv4.2\n##contig=<ID=17>\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
                 "17\t7577120\t.\tC\tT\t50\tPASS\t.\n")
    rc, _, err = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 1 and "nosample.vcf, line 3: VCF has no sample columns" in err and "Fix:" in err


def test_maf_header_only(tmp_path, capsys):
    p = tmp_path / "hdr.maf"
    p.write_text("Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tVariant_Classification\n")
    rc, _, err = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 1 and "hdr.maf, line 1: the MAF has no variant rows" in err and "Fix:" in err


def test_maf_no_usable_row(tmp_path, capsys):
    p = tmp_path / "bad.maf"
    p.write_text("Hugo_Symbol\tTumor_Sample_Barcode\tVariant_Classification\n\tS1\tMissense_Mutation\n")
    rc, _, err = run(capsys, "call", p, "--out", tmp_path / "o")
    assert rc == 1 and "bad.maf, line 2, column 'Hugo_Symbol': no usable variant row" in err


def test_header_only_maf_in_api_is_allowed_with_samples(tmp_path):
    from mdm2io.io import read_maf

    p = tmp_path / "hdr.maf"
    p.write_text("Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tVariant_Classification\n")
    assert read_maf(p).cohort.samples.empty  # a cBioPortal study's data_mutations.txt may hold no variant
    assert read_maf(p, samples=["S1"], require_rows=True).cohort.samples.sample_id.tolist() == ["S1"]


@pytest.mark.parametrize("command", [["annotate"], ["kinetics"], ["survival", "-g", "x", "-e", "OS"]])
def test_gzip_truncated_in_the_first_bytes(imv, tmp_path, capsys, command):
    p = tmp_path / "t.tsv.gz"
    p.write_bytes(gzip.compress((imv / "alterations.tsv").read_bytes())[:15])
    rc, _, err = run(capsys, command[0], p, *command[1:], "--out", tmp_path / "o")
    assert rc == 1 and "t.tsv.gz: gzip file is truncated or corrupt" in err and "Aborted" not in err


def test_datasets_export_refuses_a_non_empty_folder(tmp_path, capsys):
    """Exporting replaces table files: an existing cohort folder is not overwritten without --force."""
    target = tmp_path / "mine"
    target.mkdir()
    (target / "patients.tsv").write_text("patient_id\nP1\n")
    rc, _, err = run(capsys, "datasets", "export", "inspire", target)
    assert rc == 1 and "the output folder is not empty" in err and "--force" in err
    assert (target / "patients.tsv").read_text() == "patient_id\nP1\n"
    rc, _, _ = run(capsys, "datasets", "export", "inspire", target, "--force")
    assert rc == 0 and (target / "patients.tsv").read_text().count("\n") == 95


def test_semicolon_separated_table_is_named(tmp_path, capsys):
    """A ';'-separated table (Excel, comma-decimal locale) gets a message that says so, not 'rename column a;b;c'."""
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "patients.tsv").write_text("patient_id;age_years\nP1;61,5\n")
    rc, _, err = run(capsys, "validate", folder)
    assert rc == 1 and "looks semicolon-separated" in err and "patients.tsv, line 1" in err
    assert "Fix: save the table as tab-separated text" in err
