"""VCF reader (single- or multi-sample), with or without VEP ``CSQ`` / SnpEff ``ANN`` annotation.

Parsing uses cyvcf2 (Pedersen & Quinlan 2017, doi:10.1093/bioinformatics/btw829). The gene
and protein change come from, in order: VEP ``CSQ`` (``SYMBOL``, ``HGVSp``, ``Consequence``;
the ``CANONICAL=YES`` transcript when flagged, else the first for the allele), SnpEff ``ANN``
(``Gene_Name``, ``HGVS.p``, ``Annotation``), or INFO ``GENE``/``SYMBOL`` without a protein
change. The fields used are recorded in ``meta["vcf_fields"]`` and on every row's ``rule``.
A sample carries a variant when its genotype holds the alternate allele.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ._common import MISSING, ReadResult, cohort_from_parts, open_text
from .maf import consequence_to_class

__all__ = ["read_vcf"]

#: Absent annotation values: the shared missing spellings plus ".", the VCF specification's
#: missing value (VCF 4.3, section 1.6.1), which VEP/SnpEff also write in empty CSQ/ANN fields.
_VCF_MISSING = MISSING | {"."}


def _check_text(path: Path) -> tuple[int, list[str]]:
    """Validate the VCF layout line by line (cyvcf2 does not name lines); return header lines and samples."""
    fname = str(path)
    header = None
    n_meta = 0
    with open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\r\n")
            if line.startswith("##"):
                n_meta += 1
                continue
            if line.startswith("#"):
                header = line[1:].split("\t")
                if header[:8] != ["CHROM", "POS", "ID", "REF", "ALT", "QUAL", "FILTER", "INFO"]:
                    raise InputError("the #CHROM header line is not a VCF header", file=fname, line=lineno,
                                     expected="#CHROM POS ID REF ALT QUAL FILTER INFO [FORMAT samples...] separated by tabs",
                                     fix="write the header with tabs, as in the VCF 4.x specification")
                continue
            if not line.strip():
                continue
            if header is None:
                raise InputError("data line before the #CHROM header", file=fname, line=lineno,
                                 expected="##meta lines, then #CHROM..., then records",
                                 fix="add the #CHROM header line (is this a VCF?)")
            f = line.split("\t")
            if len(f) != len(header):
                raise InputError(f"record has {len(f)} fields but the header has {len(header)}", file=fname,
                                 line=lineno, expected=f"{len(header)} tab-separated fields",
                                 fix="check for missing or extra tabs on that line")
            if not f[1].isdigit():
                raise InputError(f"POS {f[1]!r} is not a whole number", file=fname, line=lineno, column="POS",
                                 expected="a 1-based position such as 7674220", fix="correct the position")
            if not re.fullmatch(r"[ACGTNacgtn*]+|<[^>]+>|[ACGTNacgtn]*[\[\]].*|\.", f[4]):
                raise InputError(f"ALT {f[4]!r} is not an allele", file=fname, line=lineno, column="ALT",
                                 expected="bases such as T or a symbolic allele such as <DEL>",
                                 fix="correct the ALT column")
    if header is None:
        raise InputError("no #CHROM header line", file=fname, expected="a VCF file", fix="check the file is a VCF")
    return n_meta + 1, header[9:]


def _ann_format(vcf, key: str) -> list[str] | None:
    try:
        desc = vcf.get_header_type(key)["Description"]
    except KeyError:
        return None
    # VEP: "... Format: Allele|Consequence|..."; SnpEff: "Functional annotations: 'Allele | Annotation | ...'"
    m = re.search(r"'([^']*\|[^']*)'", desc) or re.search(r"Format:\s*([^\"']+)", desc)
    if not m:
        return None
    return [x.strip() for x in m.group(1).split("|")]


def _protein(hgvsp: str) -> str:
    from ..genomics.tp53 import protein_to_short

    hgvsp = hgvsp.replace("%3D", "=")
    return protein_to_short(hgvsp.split(":", 1)[1] if ":" in hgvsp else hgvsp) if hgvsp else ""


def read_vcf(path: str | Path, *, samples=None, normal: str | None = None, pass_only: bool = True) -> ReadResult:
    """Read a VCF into mutation calls per sample.

    Parameters
    ----------
    path : str or Path
        VCF or bgzipped VCF.
    samples : list of str, optional
        Samples to read (default: all, except ``normal``).
    normal : str, optional
        The matched-normal sample of a tumour/normal VCF; its genotypes are not read.
    pass_only : bool
        Use only records whose FILTER is PASS or ``.``; the others are counted in a warning.

    Returns
    -------
    ReadResult
        ``kind="mutation"`` alterations with ``gene``, ``protein_change``,
        ``variant_classification`` (MAF class from the consequence) and ``vaf`` (from AF or
        AD when present); ``meta["vcf_fields"]`` names the fields used.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.vcf"
    >>> _ = p.write_text('##fileformat=VCFv4.2\\n##INFO=<ID=CSQ,Number=.,Type=String,Description="Consequence annotations from Ensembl VEP. Format: Allele|Consequence|SYMBOL|HGVSp">\\n'
    ...                  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">\\n'
    ...                  '#CHROM\\tPOS\\tID\\tREF\\tALT\\tQUAL\\tFILTER\\tINFO\\tFORMAT\\tT1\\tT2\\n'
    ...                  '17\\t7674220\\t.\\tC\\tT\\t.\\tPASS\\tCSQ=T|missense_variant|TP53|ENSP00000269305.4:p.Arg248Gln\\tGT\\t0/1\\t0/0\\n')
    >>> cohort, problems = read_vcf(p)
    >>> cohort.alterations[["sample_id", "gene", "protein_change", "variant_classification"]].values.tolist()
    [['T1', 'TP53', 'p.R248Q', 'Missense_Mutation']]
    >>> cohort.samples.sample_id.tolist()
    ['T1', 'T2']
    """
    from cyvcf2 import VCF

    path = Path(path)
    fname = str(path)
    first_data_line, all_samples = _check_text(path)
    if not all_samples:  # a sites-only VCF: no genotypes, so no sample to give the variants to
        raise InputError("VCF has no sample columns", file=fname, line=first_data_line,
                         expected="#CHROM ... INFO, FORMAT and one column per sample",
                         fix="use the VCF with genotype columns (a sites-only VCF names no sample), "
                             "or write the calls as a MAF with Tumor_Sample_Barcode")
    use = [s for s in (samples or all_samples) if s != normal]
    unknown = [s for s in use if s not in all_samples]
    if unknown:
        raise InputError(f"sample {unknown[0]!r} is not in the VCF", file=fname,
                         expected=f"one of {', '.join(all_samples) or '(no sample columns)'}", fix="check the sample name")
    vcf = VCF(fname, gts012=False, lazy=True)
    csq, ann = _ann_format(vcf, "CSQ"), _ann_format(vcf, "ANN")
    if csq:
        src, fmt = "CSQ", csq
        gi, pi, ci = (fmt.index(x) if x in fmt else None for x in ("SYMBOL", "HGVSp", "Consequence"))
        cani = fmt.index("CANONICAL") if "CANONICAL" in fmt else None
        fields = {"gene": "CSQ/SYMBOL", "protein_change": "CSQ/HGVSp" if pi is not None else "none",
                  "variant_classification": "CSQ/Consequence"}
    elif ann:
        src, fmt = "ANN", ann
        gi, pi, ci = (fmt.index(x) if x in fmt else None for x in ("Gene_Name", "HGVS.p", "Annotation"))
        cani = None
        fields = {"gene": "ANN/Gene_Name", "protein_change": "ANN/HGVS.p" if pi is not None else "none",
                  "variant_classification": "ANN/Annotation"}
    else:
        src, fmt, gi, pi, ci, cani = None, None, None, None, None, None
        fields = {"gene": "INFO/GENE or INFO/SYMBOL", "protein_change": "none", "variant_classification": "none"}
    idx = [all_samples.index(s) for s in use]
    rows, problems = [], []
    filtered: list[int] = []
    rule = f"vcf:{path.name} gene={fields['gene']} protein={fields['protein_change']}"
    for k, v in enumerate(vcf):
        lineno = first_data_line + 1 + k
        if pass_only and v.FILTER not in (None, "PASS"):
            filtered.append(lineno)
            continue
        alt = v.ALT[0] if v.ALT else ""
        gene = prot = cons = ""
        if src:
            entries = [e.split("|") for e in str(v.INFO.get(src) or "").split(",") if e]
            entries = [e for e in entries if len(e) == len(fmt)] or entries
            mine = [e for e in entries if e and e[0] in (alt, "-", alt[1:] or "-")] or entries
            if cani is not None:
                mine = [e for e in mine if len(e) > cani and e[cani] == "YES"] or mine
            if mine:
                e = mine[0]
                gene = e[gi] if gi is not None and gi < len(e) else ""
                prot = e[pi] if pi is not None and pi < len(e) else ""
                cons = e[ci] if ci is not None and ci < len(e) else ""
        else:
            gene = str(v.INFO.get("GENE") or v.INFO.get("SYMBOL") or "")
        gene, prot, cons = ("" if x.strip() in _VCF_MISSING else x.strip() for x in (gene, prot, cons))
        if not gene:
            problems.append(Problem(f"variant {v.CHROM}:{v.POS} {v.REF}>{alt} has no gene annotation; not used",
                                    file=fname, line=lineno, column="INFO", expected=f"a gene in {fields['gene']}",
                                    fix="annotate the VCF with VEP or SnpEff (or add INFO/GENE)"))
            continue
        if len(v.ALT) > 1:
            problems.append(Problem(f"multi-allelic record {v.CHROM}:{v.POS}; only the first ALT {alt} is read",
                                    file=fname, line=lineno, column="ALT", severity="warning",
                                    fix="split multi-allelic records (bcftools norm -m-)"))
        vc = consequence_to_class(cons, v.REF, alt) if cons else None
        gts = v.genotypes
        af = None
        try:
            af = v.format("AF")
        except KeyError:
            af = None
        for j, s in zip(idx, use):
            g = gts[j]
            if not any(a == 1 for a in g[:-1] if isinstance(a, int)):
                continue
            vaf = float(af[j][0]) if af is not None and af[j][0] == af[j][0] else None
            rows.append({"sample_id": s, "gene": gene, "kind": "mutation", "protein_change": _protein(prot) or None,
                         "variant_classification": vc, "vaf": vaf,
                         "details": f"{v.CHROM}:{v.POS} {v.REF}>{alt}" + (f" {cons}" if cons else ""),
                         "rule": rule, "source_line": lineno})
    if filtered:
        problems.append(Problem(f"{len(filtered)} record(s) with a FILTER other than PASS not used "
                                f"(first on line {filtered[0]})", file=fname, line=filtered[0], column="FILTER",
                                severity="warning", fix="pass pass_only=False to read them"))
    alt_df = pd.DataFrame(rows, columns=["sample_id", "gene", "kind", "protein_change", "variant_classification", "vaf",
                                         "details", "rule", "source_line"])
    samp = pd.DataFrame({"sample_id": use, "patient_id": use})
    meta = {"name": path.stem, "path": fname, "vcf_fields": fields,
            "genomics": {"mutations_profiled": True}}
    return ReadResult(cohort_from_parts(samp, alt_df, meta=meta), problems)
