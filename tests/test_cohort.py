"""Cohort validation: every documented error names the file, line and column and exits non-zero."""

import json

import pandas as pd
import pytest

from mdm2io import Cohort
from mdm2io.cli import main
from mdm2io.errors import ValidationError
from mdm2io.io import read_cohort, validate_cohort_folder


def _write(folder, name, text):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


@pytest.fixture
def good(tmp_path):
    d = tmp_path / "good"
    _write(d, "patients.tsv", "patient_id\tcancer_type\tsex\tage_years\nP1\tbladder\tmale\t64\nP2\tbladder\tfemale\t71\n")
    _write(d, "samples.tsv", "sample_id\tpatient_id\tassay\nS1\tP1\tFoundationOne\nS2\tP2\tFoundationOne\n")
    _write(d, "alterations.tsv", "sample_id\tgene\tkind\tcopy_number\nS1\tMDM2\tamplification\t15\n")
    _write(d, "outcomes.tsv", "patient_id\tendpoint\ttime_months\tevent\nP1\tOS\t3.2\t1\nP2\tOS\t14.0\t0\n")
    return d


def test_valid_folder_loads(good):
    c = read_cohort(good)
    assert c.n_patients == 2 and c.alterations.copy_number.tolist() == [15.0]
    assert c.outcomes.event.dtype.name == "Int64"


def _only_error(folder):
    cohort, problems = validate_cohort_folder(folder)
    errors = [p for p in problems if p.severity == "error"]
    assert cohort is None and len(errors) == 1, errors
    return errors[0]


def test_missing_column(good):
    _write(good, "outcomes.tsv", "patient_id\tendpoint\ttime\tevent\nP1\tOS\t3.2\t1\n")
    p = _only_error(good)
    assert p.file.endswith("outcomes.tsv") and p.line == 1 and p.column == "time_months"
    assert "rename column 'time' to 'time_months'" in p.fix


def test_non_numeric_time(good):
    _write(good, "outcomes.tsv", "patient_id\tendpoint\ttime_months\tevent\nP1\tOS\t3.2\t1\nP2\tOS\tabout 14\t0\n")
    p = _only_error(good)
    assert (p.line, p.column) == (3, "time_months")
    assert "not a number: 'about 14'" in str(p) and "months" in p.expected


def test_duplicated_patient(good):
    _write(good, "patients.tsv", "patient_id\tsex\nP1\tmale\nP2\tfemale\nP1\tmale\n")
    p = _only_error(good)
    assert (p.file.endswith("patients.tsv"), p.line, p.column) == (True, 4, "patient_id")
    assert "first seen on line 2" in p.message


def test_alteration_for_unknown_sample(good):
    _write(good, "alterations.tsv", "sample_id\tgene\tkind\nS1\tMDM2\tamplification\nS9\tTP53\tmutation\n")
    p = _only_error(good)
    assert (p.file.endswith("alterations.tsv"), p.line, p.column) == (True, 3, "sample_id")
    assert "'S9' is not in" in p.message and "samples.tsv" in p.message


def test_line_numbers_skip_comments_and_blank_lines(good):
    _write(good, "outcomes.tsv", "# OS in months\npatient_id\tendpoint\ttime_months\tevent\n\nP1\tOS\t3.2\t2\n")
    p = _only_error(good)
    assert (p.line, p.column) == (4, "event") and "0 or 1" in p.expected


def test_unknown_category_suggests(good):
    _write(good, "alterations.tsv", "sample_id\tgene\tkind\nS1\tMDM2\tamplified\n")
    p = _only_error(good)
    assert p.column == "kind" and "did you mean 'amplification'" in p.fix


def test_ragged_row(good):
    _write(good, "patients.tsv", "patient_id\tsex\nP1\tmale\textra\n")
    p = _only_error(good)
    assert p.line == 2 and "2 tab-separated fields" in p.expected


def test_all_problems_reported_at_once(good):
    _write(good, "patients.tsv", "patient_id\tage_years\nP1\told\nP1\t70\nP2\t300\n")
    with pytest.raises(ValidationError) as err:
        read_cohort(good)
    text = str(err.value)
    assert "not a number: 'old'" in text and "duplicated patient_id 'P1'" in text and "above the allowed maximum 120" in text


@pytest.mark.parametrize("case", ["missing_column", "non_numeric", "duplicate", "unknown_sample"])
def test_cli_validate_reports_and_exits_nonzero(good, case, capsys):
    edits = {
        "missing_column": ("outcomes.tsv", "patient_id\tendpoint\tevent\nP1\tOS\t1\n", "column 'time_months'"),
        "non_numeric": ("outcomes.tsv", "patient_id\tendpoint\ttime_months\tevent\nP1\tOS\tx\t1\n", "line 2, column 'time_months'"),
        "duplicate": ("patients.tsv", "patient_id\nP1\nP2\nP2\n", "line 4, column 'patient_id'"),
        "unknown_sample": ("alterations.tsv", "sample_id\tgene\tkind\nS7\tMDM2\tgain\n", "line 2, column 'sample_id'"),
    }
    fname, text, expected = edits[case]
    _write(good, fname, text)
    assert main(["validate", str(good)]) == 1
    err = capsys.readouterr().err
    assert fname in err and expected in err and "Traceback" not in err


def test_cli_validate_ok_and_json(good, capsys):
    assert main(["validate", str(good)]) == 0
    assert "OK: Cohort" in capsys.readouterr().out
    _write(good, "patients.tsv", "patient_id\nP1\nP1\n")
    assert main(["validate", str(good), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is False and out["problems"][0]["line"] == 3


def test_cli_validate_missing_folder(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "folder does not exist" in capsys.readouterr().err


def test_subset_keeps_tables_consistent(good):
    c = read_cohort(good).subset(["P2"])
    assert c.n_patients == 1 and c.alterations.empty and list(c.outcomes.patient_id) == ["P2"]


def test_cohort_in_code_validates():
    with pytest.raises(ValidationError, match="outcomes table"):
        Cohort(patients=pd.DataFrame({"patient_id": ["a"]}),
               outcomes=pd.DataFrame({"patient_id": ["a"], "endpoint": ["OS"], "time_months": [-1.0], "event": [1]}))


def test_infinite_numbers_are_errors(tmp_path):
    """'inf' parses as a float but is no measurement: validation names file, line and column."""
    from mdm2io.datasets import load_inspire
    from mdm2io.io.cohort_folder import validate_cohort_folder

    folder = load_inspire().write(tmp_path / "c")
    lines = (folder / "outcomes.tsv").read_text().splitlines()
    header = lines[0].split("\t")
    cells = lines[1].split("\t")
    cells[header.index("time_months")] = "inf"
    lines[1] = "\t".join(cells)
    (folder / "outcomes.tsv").write_text("\n".join(lines) + "\n")
    cohort, problems = validate_cohort_folder(folder)
    bad = [p for p in problems if "finite" in p.message]
    assert cohort is None and len(bad) == 1
    assert bad[0].line == 2 and bad[0].column == "time_months" and bad[0].file.endswith("outcomes.tsv")
