"""The main job: `mdm2io report --demo` builds a self-contained report; the CLI lists its commands."""

import json
import re

import pytest

from mdm2io.cli import main


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert main(["report", "--demo", "--out", str(out)]) == 0
    return out


def test_demo_report_is_self_contained(demo_report):
    html = (demo_report / "index.html").read_text()
    # no external CSS/JS/fonts/images: every src/href is a data URI or an in-page anchor
    for attr in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert attr.startswith(("data:", "#")), attr
    assert "<script src" not in html and "<link" not in html and "@import" not in html


def test_demo_report_shows_imvigor210_summary(demo_report):
    rep = json.loads((demo_report / "report.json").read_text())
    summary = rep["sections"]["summary"]["summary"]
    assert summary["sequenced samples"] == 293
    assert rep["sections"]["alterations"]["summary"]["MDM2"]["amplification"] == 25
    assert rep["provenance"]["input_checksums_sha256"]
    html = (demo_report / "index.html").read_text()
    assert "IMvigor210" in html and "293" in html
    assert (demo_report / "tables" / "alterations_frequencies.tsv").exists()
    assert (demo_report / "figures" / "alteration_frequencies.png").exists()


def test_report_on_user_folder(tmp_path, capsys):
    assert main(["datasets", "export", "inspire", str(tmp_path / "c")]) == 0
    assert main(["report", str(tmp_path / "c"), "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "index.html").exists()


def test_report_needs_folder_or_demo(capsys):
    assert main(["report"]) == 1
    assert "--demo" in capsys.readouterr().err


def test_help_lists_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for cmd in ("datasets", "validate", "report"):
        assert re.search(rf"^\s+{cmd}\s+\S", out, re.M), cmd


def test_datasets_lists_licences(capsys):
    assert main(["datasets"]) == 0
    out = capsys.readouterr().out
    assert "CC BY 3.0" in out and "CC BY 4.0" in out and "MIT" in out and "10.1038/nature25501" in out


def test_datasets_export_unknown_name(capsys, tmp_path):
    assert main(["datasets", "export", "imvigor", str(tmp_path)]) == 1
    assert "did you mean 'imvigor210'" in capsys.readouterr().err


def test_version_and_usage_errors_without_traceback(capsys):
    from mdm2io import __version__

    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"mdm2io {__version__}"
    assert main(["no-such-command"]) == 2
    err = capsys.readouterr().err
    assert "No such command 'no-such-command'" in err and "Traceback" not in err and "internal error" not in err
    assert main(["survival"]) == 2
    assert "Missing argument" in capsys.readouterr().err


def test_report_preset_option(tmp_path):
    """--preset reaches the report's biomarker calls (MANTRA-2 CN >= 12: 22 of the 25 FoundationOne MDM2 amplifications)."""
    assert main(["report", "--demo", "--preset", "mantra2", "--out", str(tmp_path)]) == 0
    rep = json.loads((tmp_path / "report.json").read_text())
    assert rep["sections"]["biomarkers"]["summary"]["amplified"]["MDM2"] == 22
    assert rep["sections"]["alterations"]["summary"]["MDM2"]["amplification"] == 25  # source calls, preset-free
    assert main(["report", "--demo", "--preset", "mantra", "--out", str(tmp_path / "x")]) == 1


def test_report_cli_survival_options_reach_the_section(tmp_path):
    """--group and --entry-col reach the survival section: the KM then uses delayed-entry risk sets.

    The entry column is made up for the test (every patient enters at 1 month; patients followed
    for less are left out), so only the plumbing is checked, against mdm2io.survival directly.
    """
    import json

    from mdm2io.cli import main
    from mdm2io.datasets import load_imvigor210
    from mdm2io.survival import compare_survival, survival_data

    c = load_imvigor210()
    c.patients["seq_months"] = 1.0
    folder = c.write(tmp_path / "cohort")
    assert main(["report", str(folder), "--out", str(tmp_path / "rep"), "--group", "MDM2_or_MDM4_amplified",
                 "--entry-col", "seq_months"]) == 0
    surv = json.loads((tmp_path / "rep" / "report.json").read_text())["sections"]["survival"]["summary"]
    direct = compare_survival(survival_data(c, "MDM2_or_MDM4_amplified", entry="seq_months")).to_dict()
    assert surv["group"] == "MDM2_or_MDM4_amplified" and surv["entry"] == "seq_months"
    assert surv["n"] == direct["n"] and abs(surv["hr"] - direct["hr"]) < 1e-9
    assert direct["n"] < compare_survival(survival_data(c, "MDM2_or_MDM4_amplified")).to_dict()["n"]


@pytest.fixture(scope="module")
def imv_folder(tmp_path_factory):
    d = tmp_path_factory.mktemp("imv") / "imv"
    assert main(["datasets", "export", "imvigor210", str(d)]) == 0
    return d


@pytest.mark.parametrize("args, what", [
    (["--group", "MDM2_amp"], "no column 'MDM2_amp'"),
    (["--endpoint", "PFS"], "endpoint 'PFS' is not in the outcomes table"),  # IMvigor210 has OS only
])
def test_report_survival_options_that_cannot_be_used_exit_1(imv_folder, tmp_path, capsys, args, what):
    rc = main(["report", str(imv_folder), "--out", str(tmp_path / "r"), *args])
    err = capsys.readouterr().err
    assert rc == 1 and "the survival section could not be run with " + " ".join(args) in err
    assert what in err and "Fix:" in err and "internal error" not in err
    assert (tmp_path / "r" / "index.html").exists()  # the rest of the report is still written


def test_report_folder_and_demo_together(imv_folder, capsys):
    assert main(["report", str(imv_folder), "--demo"]) == 1
    assert "drop one of them" in capsys.readouterr().err
