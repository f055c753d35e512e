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
