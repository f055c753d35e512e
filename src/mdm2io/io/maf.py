"""MAF (Mutation Annotation Format) reader, with the header aliases labs really use.

Accepted headers (case-insensitive): sample ``Tumor_Sample_Barcode`` / ``Sample_ID`` /
``Tumor_Sample``; gene ``Hugo_Symbol`` / ``Gene`` / ``Hugo_Gene_Symbol`` / ``SYMBOL``; protein
change ``HGVSp_Short`` / ``Protein_Change`` / ``HGVSp`` / ``Amino_Acid_Change``; class
``Variant_Classification`` / ``Mutation_Type`` (or VEP ``Consequence``, mapped to MAF
classes). Near-miss headers get a "did you mean" fix. Formats: GDC MAF specification and
cBioPortal's ``data_mutations.txt`` (https://docs.cbioportal.org/file-formats/).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ._common import MISSING, ReadResult, cohort_from_parts, open_table, paused_gc, table_rows

__all__ = ["read_maf", "MAF_COLUMNS", "VARIANT_CLASSES", "consequence_to_class"]

MAF_COLUMNS = {
    "sample": ("Tumor_Sample_Barcode", "Sample_ID", "Tumor_Sample", "SampleID", "sample"),
    "gene": ("Hugo_Symbol", "Gene", "Hugo_Gene_Symbol", "Gene_Symbol", "SYMBOL"),
    "protein": ("HGVSp_Short", "Protein_Change", "HGVSp", "Amino_Acid_Change", "AAChange", "protein_change"),
    "vc": ("Variant_Classification", "Mutation_Type", "variant_classification"),
    "consequence": ("Consequence", "One_Consequence"),
    "patient": ("Patient_ID", "PATIENT_ID"),
    "alt_count": ("t_alt_count",),
    "depth": ("t_depth",),
    "build": ("NCBI_Build",),
}

#: MAF Variant_Classification values of the GDC MAF specification.
VARIANT_CLASSES = frozenset({
    "Frame_Shift_Del", "Frame_Shift_Ins", "In_Frame_Del", "In_Frame_Ins", "Missense_Mutation", "Nonsense_Mutation",
    "Silent", "Splice_Site", "Translation_Start_Site", "Nonstop_Mutation", "3'UTR", "3'Flank", "5'UTR", "5'Flank",
    "IGR", "Intron", "RNA", "Targeted_Region", "De_novo_Start_InFrame", "De_novo_Start_OutOfFrame", "Splice_Region",
    "Unknown", "lincRNA",
})

# Sequence Ontology terms (VEP/SnpEff consequences) -> MAF class, most severe first (as vcf2maf orders them).
_SO_TO_MAF = (
    ("transcript_ablation", "Splice_Site"), ("splice_acceptor_variant", "Splice_Site"),
    ("splice_donor_variant", "Splice_Site"), ("stop_gained", "Nonsense_Mutation"),
    ("frameshift_variant", "Frame_Shift"), ("stop_lost", "Nonstop_Mutation"), ("start_lost", "Translation_Start_Site"),
    ("initiator_codon_variant", "Translation_Start_Site"), ("inframe_insertion", "In_Frame_Ins"),
    ("disruptive_inframe_insertion", "In_Frame_Ins"), ("inframe_deletion", "In_Frame_Del"),
    ("disruptive_inframe_deletion", "In_Frame_Del"), ("missense_variant", "Missense_Mutation"),
    ("protein_altering_variant", "Missense_Mutation"), ("splice_region_variant", "Splice_Region"),
    ("synonymous_variant", "Silent"), ("stop_retained_variant", "Silent"), ("5_prime_UTR_variant", "5'UTR"),
    ("3_prime_UTR_variant", "3'UTR"), ("intron_variant", "Intron"), ("upstream_gene_variant", "5'Flank"),
    ("downstream_gene_variant", "3'Flank"), ("non_coding_transcript_exon_variant", "RNA"),
    ("intergenic_variant", "IGR"),
)


def consequence_to_class(consequence: str, ref: str = "", alt: str = "") -> str:
    """MAF Variant_Classification for a VEP/SnpEff consequence string (``&`` or ``,`` separated).

    Frameshifts become ``Frame_Shift_Del`` or ``Frame_Shift_Ins`` from the allele lengths.

    Examples
    --------
    >>> consequence_to_class("missense_variant&splice_region_variant")
    'Missense_Mutation'
    >>> consequence_to_class("frameshift_variant", "AT", "A")
    'Frame_Shift_Del'
    """
    terms = set(str(consequence).replace(",", "&").split("&"))
    for so, cls in _SO_TO_MAF:
        if so in terms:
            if cls == "Frame_Shift":
                return "Frame_Shift_Ins" if len(alt) > len(ref) else "Frame_Shift_Del"
            return cls
    return "Unknown"


def read_maf(path: str | Path, *, samples=None, require_rows: bool = False) -> ReadResult:
    """Read a MAF (or cBioPortal ``data_mutations.txt``) into a Cohort of mutation calls.

    Parameters
    ----------
    path : str or Path
        Tab-separated MAF, optionally gzipped; ``#`` lines (``#version 2.4``) are skipped.
    samples : iterable of str, optional
        All samples that were sequenced, including those without any mutation (a MAF lists
        only samples with at least one call). Default: the samples in the MAF.
    require_rows : bool
        Raise :class:`~mdm2io.errors.InputError` when no row is usable and ``samples`` is not
        given (``mdm2io call`` on a header-only MAF: nothing to call). Off for a cBioPortal study,
        whose ``data_mutations.txt`` may rightly hold no variant.

    Returns
    -------
    ReadResult
        ``(cohort, problems)``. ``cohort.alterations`` has one ``kind="mutation"`` row per
        used MAF row (silent variants included, flagged by ``variant_classification``);
        ``cohort.meta["genomics"]`` says mutations were profiled in those samples.
        ``problems`` lists every row not used, with file, line, column and reason.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "calls.maf"
    >>> _ = p.write_text("Gene\\tSample_ID\\tProtein_Change\\tVariant_Classification\\n"
    ...                  "TP53\\tS1\\tp.R248Q\\tMissense_Mutation\\n\\tS2\\tp.G12D\\tMissense_Mutation\\n")
    >>> cohort, problems = read_maf(p)
    >>> cohort.alterations[["sample_id", "gene", "protein_change"]].values.tolist()
    [['S1', 'TP53', 'p.R248Q']]
    >>> problems[0].line, problems[0].column, problems[0].message
    (3, 'Gene', 'empty gene symbol; row not used')
    """
    path = Path(path)
    fname = str(path)
    lines, hline, header, col, names = open_table(path, MAF_COLUMNS, ("sample", "gene"), what="MAF",
                                              one_of=("vc", "protein", "consequence"),
                                              expected="a header line and one row per variant")
    problems: list[Problem] = []
    rows = []
    builds: set[str] = set()
    with paused_gc():
        _parse_maf_rows(lines, header, col, names, fname, path, problems, rows, builds)
    if require_rows and not rows and not samples:  # nothing to call: no sample is known either
        errors = [p for p in problems if p.severity == "error"]
        if not errors:
            raise InputError("the MAF has no variant rows (only a header)", file=fname, line=hline,
                             expected="one row per variant after the header",
                             fix="check the file was exported completely (with samples=[...] a MAF without "
                                 "variants still lists the sequenced samples)")
        more = f"; {len(errors) - 1} more row(s) not used" if len(errors) > 1 else ""
        raise InputError(f"no usable variant row in the MAF: {errors[0].message}{more}", file=fname,
                         line=errors[0].line, column=errors[0].column, expected=errors[0].expected,
                         fix=errors[0].fix)
    alt = pd.DataFrame(rows, columns=["sample_id", "patient_id", "gene", "kind", "protein_change",
                                      "variant_classification", "details", "vaf", "rule", "source_line"])
    return _maf_result(path, fname, alt, samples, builds, problems)


def _parse_maf_rows(lines, header, col, names, fname, path, problems, rows, builds) -> None:
    rule = f"maf:{path.name}"
    for lineno, f in table_rows(lines, len(header), file=fname, problems=problems):
        get = {k: "" if (v := f[i].strip()) in MISSING else v for k, i in col.items()}  # "NA", "nan" ...: absent
        if not get["sample"]:
            raw = f[col["sample"]].strip()
            problems.append(Problem(f"{'empty' if not raw else repr(raw)} sample identifier; "
                                    "row not used", file=fname, line=lineno,
                                    column=names["sample"], expected="a sample id",
                                    fix="fill in the sample or remove the row"))
            continue
        if not get["gene"] or get["gene"] == "Unknown":  # GDC MAF writes "Unknown" for variants outside genes
            raw = f[col["gene"]].strip()
            problems.append(Problem(f"{'empty' if not raw else repr(raw)} gene symbol; row not used",
                                    file=fname, line=lineno, column=names["gene"],
                                    expected="a HUGO symbol such as TP53", fix="fill in the gene or remove the row"))
            continue
        if get.get("build"):
            builds.add(get["build"])
        vc = get.get("vc", "")
        if not vc and get.get("consequence"):
            vc = consequence_to_class(get["consequence"])
        if vc and vc not in VARIANT_CLASSES:
            problems.append(Problem(f"unknown Variant_Classification {vc!r}; row used, class treated as unknown",
                                    file=fname, line=lineno, column=names.get("vc"), severity="warning",
                                    expected="a GDC MAF class such as Missense_Mutation",
                                    fix="use the GDC MAF vocabulary (see docs/genomics.md)"))
        vaf = None
        if "alt_count" in get and "depth" in get:
            try:
                vaf = float(get["alt_count"]) / float(get["depth"]) if float(get["depth"]) > 0 else None
            except ValueError:
                vaf = None
        protein = get.get("protein", "")
        # tuples, not dicts: a 300,000-row MAF would otherwise hold 300,000 dicts at once
        rows.append((get["sample"], get.get("patient") or get["sample"], get["gene"], "mutation", _short(protein),
                     vc or None, "; ".join(f"{names[k]}={get[k]}" for k in ("protein", "vc", "consequence") if get.get(k)),
                     vaf, rule, lineno))


def _maf_result(path, fname, alt, samples, builds, problems) -> ReadResult:
    sample_ids = list(dict.fromkeys(list(alt["sample_id"]) + [str(s) for s in (samples or [])]))
    pat = dict(zip(alt["sample_id"], alt["patient_id"]))
    samp = pd.DataFrame({"sample_id": sample_ids, "patient_id": [pat.get(s, s) for s in sample_ids]})
    meta = {"name": path.stem, "path": fname,
            "genomics": {"mutations_profiled": True, "mutations_samples": sample_ids}}
    if builds:
        meta["genome_build"] = ",".join(sorted(builds))
    return ReadResult(cohort_from_parts(samp, alt.drop(columns="patient_id"), meta=meta), problems)


@lru_cache(maxsize=65536)
def _short(protein: str) -> str | None:
    from ..genomics.tp53 import protein_to_short

    return protein_to_short(protein) or None
