"""The biomarker report section on IMvigor210 (counts as in the issue's acceptance test)."""

from mdm2io.datasets import load_imvigor210
from mdm2io.report.context import ReportContext
from mdm2io.report.sections import biomarkers


def test_biomarker_section(tmp_path):
    sec = biomarkers.build(load_imvigor210(), ReportContext(out_dir=tmp_path))
    assert sec.status == "ok"
    assert sec.summary["amplified"]["MDM2"] == 25 and sec.summary["amplified"]["MDM4"] == 0
    assert sec.summary["mdm2_amplified_with_frs2"] == 23
    co = sec.tables["coamplification"].set_index("group")
    assert co.loc["MDM2 amplified", "FRS2_pct"] == 92.0
    assert (tmp_path / "figures" / "mdm2_copy_number.png").exists()
    assert "MANTRA-2" in sec.html and "Co-amplification" in sec.html
