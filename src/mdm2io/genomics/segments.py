"""Segment -> gene copy number with the bundled gene coordinates.

A gene takes the segments that overlap it: its value is the overlap-length-weighted mean
of the segments' values, and ``overlap_fraction`` says how much of the gene the segments
cover (PCGR counts a gene as affected when segment-transcript overlap is >= 50%,
Nakken 2018, doi:10.1093/bioinformatics/btx817; we report the fraction and let the caller
decide via ``min_overlap``). Genes with no covering segment are returned in ``missing``,
never dropped silently.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .genes import CN_GENES, gene_coordinates

__all__ = ["segments_to_genes", "normalise_chrom"]


def normalise_chrom(chrom: pd.Series) -> pd.Series:
    """``chr12`` -> ``12``, ``23`` -> ``X``, ``24`` -> ``Y`` (as strings).

    Examples
    --------
    >>> normalise_chrom(pd.Series(["chr12", "23", "X", 7])).tolist()
    ['12', 'X', 'X', '7']
    """
    s = chrom.astype(str).str.strip().str.replace(r"^chr", "", regex=True, case=False)
    return s.replace({"23": "X", "24": "Y", "x": "X", "y": "Y"})


def segments_to_genes(segments: pd.DataFrame, build: str = "GRCh38", genes=CN_GENES, *,
                      value_columns=("value",), min_overlap: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Gene-level values from segments.

    Parameters
    ----------
    segments : DataFrame
        ``sample_id, chrom, start, end`` (1-based, inclusive) and the value columns.
    build : {"GRCh38", "GRCh37"}
    genes : sequence of str
    value_columns : sequence of str
        Columns averaged (overlap-weighted) per gene.
    min_overlap : float
        Genes whose covered fraction is below this are reported as missing.

    Returns
    -------
    genes_df : DataFrame
        ``sample_id, gene, overlap_fraction, n_segments`` and the averaged value columns.
    missing : DataFrame
        ``sample_id, gene, overlap_fraction`` of genes not (sufficiently) covered.

    Examples
    --------
    >>> seg = pd.DataFrame({"sample_id": ["S1", "S1"], "chrom": ["12", "12"],
    ...                     "start": [60_000_000, 68_830_001], "end": [68_830_000, 75_000_000], "value": [3.0, 20.0]})
    >>> g, missing = segments_to_genes(seg, "GRCh38", ["MDM2", "TP53"])
    >>> g.round(2).values.tolist()
    [['S1', 'MDM2', 1.0, 2, 11.27]]
    >>> missing.values.tolist()
    [['S1', 'TP53', 0.0]]
    """
    coords = gene_coordinates(build).set_index("gene")
    unknown = [g for g in genes if g not in coords.index]
    if unknown:
        from ..errors import InputError

        raise InputError(f"no bundled coordinates for {', '.join(unknown)}", expected=f"genes among {', '.join(coords.index)}",
                         fix="call only the bundled genes (mdm2io.genomics.CN_GENES)")
    seg = segments.copy()
    seg["chrom"] = normalise_chrom(seg["chrom"])
    starts = seg["start"].to_numpy(dtype=float)
    ends = seg["end"].to_numpy(dtype=float)
    sids = seg["sample_id"].astype(str).to_numpy()
    all_samples = pd.unique(sids)
    out, miss = [], []
    for g in genes:
        c = coords.loc[g]
        gs, ge = float(c["start"]), float(c["end"])
        length = ge - gs + 1
        m = (seg["chrom"].to_numpy() == str(c["chrom"])) & (starts <= ge) & (ends >= gs)
        ov = np.minimum(ends[m], ge) - np.maximum(starts[m], gs) + 1
        sub = pd.DataFrame({"sample_id": sids[m], "w": ov})
        for vc in value_columns:
            sub[vc] = seg.loc[m, vc].to_numpy(dtype=float) * ov
        agg = sub.groupby("sample_id", sort=False).agg(**{"w": ("w", "sum"), "n_segments": ("w", "size")},
                                                       **{vc: (vc, "sum") for vc in value_columns})
        for vc in value_columns:
            agg[vc] = agg[vc] / agg["w"]
        agg["overlap_fraction"] = np.minimum(agg["w"] / length, 1.0)
        agg = agg.reset_index()
        agg.insert(1, "gene", g)
        low = agg["overlap_fraction"] < min_overlap if min_overlap > 0 else np.zeros(len(agg), dtype=bool)
        # pandas hashing: numpy's isin/setdiff1d compare str objects pairwise (O(samples^2))
        absent = all_samples[~pd.Index(all_samples).isin(agg["sample_id"])]
        miss.append(pd.DataFrame({"sample_id": absent, "gene": g, "overlap_fraction": 0.0}))
        if np.any(low):
            miss.append(agg.loc[low, ["sample_id", "gene", "overlap_fraction"]])
        out.append(agg.loc[~low, ["sample_id", "gene", "overlap_fraction", "n_segments", *value_columns]])
    genes_df = pd.concat(out, ignore_index=True)
    missing = pd.concat(miss, ignore_index=True)
    return genes_df, missing
