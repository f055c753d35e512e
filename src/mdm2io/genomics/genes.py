"""Genes mdm2io calls, and why each one matters for MDM2-driven ICI resistance.

Gene sets are data with their sources; bundled coordinates (GRCh37 and GRCh38) for
segment -> gene mapping are in ``genomics/data/genes.tsv`` (see :func:`gene_coordinates`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from ..errors import InputError

__all__ = ["ENTREZ_IDS", "CN_GENES", "MUTATION_GENES", "FUSION_GENES", "AMP_11Q13", "GENE_NOTES", "gene_coordinates",
           "GENOME_BUILDS"]

#: Genes whose copy-number status is called (one ``<gene>_status`` / ``<gene>_cn`` column each).
#: MDM2/MDM4 amplification and EGFR alterations: Kato 2017 (doi:10.1158/1078-0432.CCR-16-3133);
#: CDK4 and FRS2 share the 12q13-15 amplicon with MDM2; 11q13 (CCND1/FGF3/FGF4/FGF19):
#: Singavi 2017 (Ann Oncol 28 suppl 5, ESMO abstract) and Yan 2023 (doi:10.3389/fimmu.2023.1116057);
#: CDKN2A deletion and TP53 copy number (deep deletion) for completeness of the p53/RB axis.
CN_GENES = ("MDM2", "MDM4", "CDK4", "FRS2", "EGFR", "CDKN2A", "CCND1", "FGF3", "FGF4", "FGF19", "TP53")
#: Genes whose short variants are summarised: TP53 (MDM2-inhibitor eligibility), EGFR and DNMT3A (Kato 2017).
MUTATION_GENES = ("TP53", "EGFR", "DNMT3A")
#: Fusions summarised: ALK (Kato 2017 list of genomic correlates reviewed by Adashek 2020, doi:10.1634/theoncologist.2019-0636).
FUSION_GENES = ("ALK",)
#: The 11q13 amplicon genes.
AMP_11Q13 = ("CCND1", "FGF3", "FGF4", "FGF19")

GENE_NOTES = {
    "MDM2": "12q15; amplification associated with hyperprogression on ICI (Kato 2017); MDM2-inhibitor target",
    "MDM4": "1q32; amplification associated with hyperprogression on ICI (Kato 2017)",
    "CDK4": "12q14; often co-amplified with MDM2 (12q13-15 amplicon)",
    "FRS2": "12q15; often co-amplified with MDM2",
    "TP53": "17p13; wild-type TP53 required by MDM2-inhibitor trials",
    "EGFR": "7p11; alterations associated with hyperprogression (Kato 2017)",
    "DNMT3A": "2p23; alterations associated with TTF < 2 months on ICI (Kato 2017)",
    "ALK": "2p23; fusions associated with poor ICI benefit",
    "CDKN2A": "9p21; deletion",
    "CCND1": "11q13 amplicon", "FGF3": "11q13 amplicon", "FGF4": "11q13 amplicon", "FGF19": "11q13 amplicon",
}

GENOME_BUILDS = ("GRCh37", "GRCh38")
_BUILD_ALIASES = {"grch37": "GRCh37", "hg19": "GRCh37", "37": "GRCh37", "grch38": "GRCh38", "hg38": "GRCh38",
                  "38": "GRCh38"}


@lru_cache(maxsize=None)
def _coordinates() -> pd.DataFrame:
    text = resources.files(__package__).joinpath("data", "genes.tsv").read_text()
    from io import StringIO

    df = pd.read_csv(StringIO(text), sep="\t", comment="#", dtype={"chrom": str})
    return df


def gene_coordinates(build: str = "GRCh38") -> pd.DataFrame:
    """Bundled gene coordinates (1-based, inclusive) for the genes mdm2io calls.

    Parameters
    ----------
    build : {"GRCh38", "GRCh37"} (aliases hg38, hg19)

    Returns
    -------
    DataFrame
        ``gene, chrom, start, end, build, check`` (``chrom`` without ``chr``).

    Examples
    --------
    >>> c = gene_coordinates("hg19").set_index("gene")
    >>> c.loc["MDM2", "chrom"], bool(c.loc["MDM2", "start"] < c.loc["MDM2", "end"])
    ('12', True)
    """
    b = _BUILD_ALIASES.get(str(build).lower())
    if b is None:
        raise InputError(f"unknown genome build {build!r}", expected="GRCh37 (hg19) or GRCh38 (hg38)",
                         fix="pass build='GRCh37' or 'GRCh38' (--genome on the command line)")
    df = _coordinates()
    return df[df["build"] == b].reset_index(drop=True)

#: NCBI Entrez Gene ids of the genes above (for CNA matrices that carry only Entrez_Gene_Id).
ENTREZ_IDS = {"4193": "MDM2", "4194": "MDM4", "1019": "CDK4", "10818": "FRS2", "7157": "TP53", "1956": "EGFR",
              "1029": "CDKN2A", "595": "CCND1", "2248": "FGF3", "2249": "FGF4", "9965": "FGF19", "238": "ALK",
              "1788": "DNMT3A"}
