"""Detect the format of an input path and read it with the right reader.

:func:`read_inputs` is what ``mdm2io call INPUT...`` uses: several inputs (e.g. a CNA
matrix and a MAF) are combined into one Cohort, with each input's coverage kept.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..genomics.genes import CN_GENES
from ._cn import DISCRETE_VALUES, cna_gene_columns
from ._common import ReadResult, merge_results, open_text

__all__ = ["detect_format", "read_input", "read_inputs", "FORMATS"]

FORMATS = ("cohort_folder", "cbioportal_study", "vcf", "maf", "seg", "cna_discrete", "cna_log2", "sv", "fusions",
           "long_table")


def _first_lines(path: Path, n: int = 6) -> list[str]:
    out = []
    with open_text(path) as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            line = line.rstrip("\r\n")
            if len(line) > 20000:  # keep whole fields only: a cut token would look like a bad value
                line = line[:20000].rsplit("\t", 1)[0]
            out.append(line)
            if len(out) >= n:
                break
    return out


def detect_format(path: str | Path) -> str:
    """The format of ``path``, one of :data:`FORMATS`, from its name and first lines.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> _ = p.write_text("Hugo_Symbol\\tS1\\tS2\\nMDM2\\t2\\t0\\n")
    >>> detect_format(p)
    'cna_discrete'
    """
    path = Path(path)
    if not path.exists():
        raise InputError("input does not exist", file=str(path), fix="check the path")
    if path.is_dir():
        names = {p.name for p in path.iterdir()}
        if any(n.startswith("patients.") for n in names):
            return "cohort_folder"
        if any(n.startswith("data_") or n.endswith(".seg") for n in names):
            return "cbioportal_study"
        raise InputError("folder is neither a cohort folder nor a cBioPortal study", file=str(path),
                         expected="patients.tsv ... or data_clinical_sample.txt, data_CNA.txt ...",
                         fix="pass the files themselves, or a folder in one of these layouts")
    name = path.name.lower()
    if name.endswith((".vcf", ".vcf.gz", ".vcf.bgz")):
        return "vcf"
    lines = _first_lines(path)
    if not lines:
        raise InputError("file is empty", file=str(path), fix="check the file was exported completely")
    header = [h.strip().lower() for h in lines[0].split("\t")]
    hs = set(header)
    if {"site1_hugo_symbol", "site2_hugo_symbol", "site1_entrez_gene_id", "sv_status"} & hs:
        return "sv"
    if "fusion" in hs and ({"tumor_sample_barcode", "sample_id"} & hs):
        return "fusions"
    if name.endswith(".maf") or name.endswith(".maf.gz") or ("variant_classification" in hs and
                                                            ("hugo_symbol" in hs or "gene" in hs)):
        return "maf"
    if name.endswith((".seg", ".cns")) or {"loc.start", "loc.end"} <= hs or {"nmajor", "nminor"} <= hs or \
            ({"chromosome", "start", "end"} <= hs and ("segment_mean" in hs or "seg.mean" in hs)):
        return "seg"
    if header[0] in ("hugo_symbol", "entrez_gene_id") and not ({"tumor_sample_barcode", "sample_id"} & hs):
        # Discrete when every sample cell is a value the CNA-matrix reader accepts as discrete
        # (one definition: mdm2io.io._cn.DISCRETE_VALUES, missing spellings included).
        first = cna_gene_columns(lines[0].split("\t"))[2]
        values = {v.strip() for line in lines[1:] for v in line.split("\t")[first:]}
        return "cna_discrete" if values <= DISCRETE_VALUES.keys() else "cna_log2"
    if ({"sample_id", "tumor_sample_barcode", "sample"} & hs) and ({"gene", "hugo_symbol", "symbol"} & hs):
        return "long_table"
    raise InputError("cannot tell the format of this file", file=str(path), line=1,
                     expected="a VCF, MAF, .seg, cBioPortal CNA matrix, or a long table (sample_id, gene, alteration)",
                     fix="check the header row (see docs/genomics.md for accepted headers)")


def read_input(path: str | Path, *, genes=CN_GENES, seg_units: str | None = None, genome: str | None = None,
               purity: float | None = None, ploidy: float | None = None, assay: str | None = None) -> ReadResult:
    """Read one input with the reader for its detected format.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "data_CNA.txt"
    >>> _ = p.write_text("Hugo_Symbol\\tS1\\tS2\\nMDM2\\t2\\t0\\n")
    >>> read_input(p).cohort.alterations.kind.tolist()
    ['amplification']
    """
    fmt = detect_format(path)
    if fmt == "cohort_folder":
        from .cohort_folder import read_cohort

        c = read_cohort(path)
        return ReadResult(c, [])
    if fmt == "cbioportal_study":
        from .cbioportal import read_cbioportal_study

        return read_cbioportal_study(path, genes, seg_units=seg_units, genome=genome)
    if fmt == "vcf":
        from .vcf import read_vcf

        return read_vcf(path)
    if fmt == "maf":
        from .maf import read_maf

        return read_maf(path, require_rows=True)  # a MAF given alone must hold a variant row
    if fmt == "seg":
        from .seg import read_seg

        return read_seg(path, units=seg_units, genome=genome, genes=genes, purity=purity, ploidy=ploidy)
    if fmt == "sv":
        from .sv import read_sv

        return read_sv(path)
    if fmt == "fusions":
        from .sv import read_fusions

        return read_fusions(path)
    if fmt in ("cna_discrete", "cna_log2"):
        from .cbioportal import read_cna_matrix

        return read_cna_matrix(path, genes, units="discrete" if fmt == "cna_discrete" else "log2")
    from .long_table import read_long_table

    return read_long_table(path, assay=assay)


def read_inputs(paths, **options) -> ReadResult:
    """Read and combine several inputs (see :func:`read_input` for ``options``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "data_CNA.txt").write_text("Hugo_Symbol\\tS1\\tS2\\nMDM2\\t2\\t0\\n")
    >>> _ = (d / "m.maf").write_text("Hugo_Symbol\\tTumor_Sample_Barcode\\tHGVSp_Short\\tVariant_Classification\\n"
    ...                              "TP53\\tS2\\tp.R175H\\tMissense_Mutation\\n")
    >>> cohort, problems = read_inputs([d / "data_CNA.txt", d / "m.maf"])
    >>> sorted(cohort.alterations.kind)
    ['amplification', 'mutation']
    """
    paths = list(paths)
    if not paths:
        raise InputError("no input given", expected="at least one file or folder", fix="pass INPUT paths")
    return merge_results([read_input(p, **options) for p in paths])
