"""Report section: frequencies of the source's own alteration calls for the MDM2-axis genes."""

from __future__ import annotations

import pandas as pd

from ..context import Section
from ..figures import PALETTE, new_figure

#: Genes shown by default: the MDM2/MDM4 axis, the 12q15 amplicon neighbours and EGFR
#: (Kato et al. 2017, doi:10.1158/1078-0432.CCR-16-2133).
REPORT_GENES = ("MDM2", "MDM4", "TP53", "CDK4", "FRS2", "EGFR")
KINDS = ("amplification", "gain", "deletion", "loss", "mutation", "fusion")


def alteration_frequencies(cohort, genes=REPORT_GENES) -> pd.DataFrame:
    """Samples with each kind of alteration per gene, as called by the source, among sequenced samples.

    Parameters
    ----------
    cohort : Cohort
    genes : sequence of str

    Returns
    -------
    DataFrame
        One row per gene: ``n_samples``, one count column per alteration kind,
        ``any_altered`` and ``pct_any_altered``.

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> f = alteration_frequencies(load_imvigor210()).set_index("gene")
    >>> int(f.loc["MDM2", "amplification"]), int(f.loc["MDM4", "amplification"])
    (25, 0)
    """
    n = cohort.n_samples
    a = cohort.alterations
    a = a[a["gene"].isin(genes)]
    counts = (a.groupby(["gene", "kind"])["sample_id"].nunique().unstack(fill_value=0)
              .reindex(index=list(genes), columns=list(KINDS), fill_value=0))
    anyalt = a.groupby("gene")["sample_id"].nunique().reindex(list(genes), fill_value=0)
    out = counts.reset_index().rename(columns={"index": "gene"})
    out.insert(1, "n_samples", n)
    out["any_altered"] = anyalt.to_numpy()
    out["pct_any_altered"] = (100.0 * out["any_altered"] / n).round(1) if n else float("nan")
    return out


def build(cohort, ctx) -> Section | None:
    if cohort.n_samples == 0:
        return None
    freq = alteration_frequencies(cohort)
    kinds = [k for k in KINDS if freq[k].sum() > 0]
    fig, ax = new_figure(6.4, 3.2)
    left = pd.Series(0.0, index=freq.index)
    for i, k in enumerate(kinds):
        pct = 100.0 * freq[k] / cohort.n_samples
        ax.barh(freq["gene"], pct, left=left, color=PALETTE[i % len(PALETTE)], label=k)
        left += pct
    ax.invert_yaxis()
    ax.set_xlabel(f"% of {cohort.n_samples} sequenced samples")
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    img = ctx.figure(fig, "alteration_frequencies", "Alteration frequencies of MDM2-axis genes",
                     "Samples with each alteration kind as called by the source assay (a sample may have several kinds).")
    key = freq.set_index("gene")
    lead = ""
    if "MDM2" in key.index:
        n_mdm2, n_mdm4 = int(key.loc["MDM2", "amplification"]), int(key.loc["MDM4", "amplification"])
        lead = (f"<p><strong>MDM2 amplified in {n_mdm2} of {cohort.n_samples} samples "
                f"({100 * n_mdm2 / cohort.n_samples:.1f} %); MDM4 amplified in {n_mdm4}</strong> "
                "(source assay calls).</p>")
    html = (lead + "<p class='note'>Counts of samples carrying each alteration kind as called by the source "
            "(for FoundationOne data: the assay's own amplification/gain/deletion and short-variant calls). "
            "Rule-based biomarker calls are in the biomarker section.</p>" + ctx.table_html(freq) + img)
    summary = {r.gene: {k: int(getattr(r, k)) for k in kinds} | {"any_altered": int(r.any_altered)}
               for r in freq.itertuples()}
    return Section("alterations", "Alteration frequencies (source calls)", html=html, summary=summary,
                   tables={"frequencies": freq})
