"""Report section: rule-based biomarker calls (MDM2/MDM4, 12q15 co-amplification, TP53, TMB).

Built on the report's one set of calls, :meth:`ReportContext.biomarkers
<mdm2io.report.context.ReportContext.biomarkers>` (:func:`mdm2io.genomics.call_biomarkers` with
``ctx.options["genomics_preset"]``, default ``foundation``).
"""

from __future__ import annotations

import numpy as np

from ..context import Section
from ..figures import PALETTE, new_figure

TITLE = "Biomarker calls (MDM2/MDM4, TP53, co-alterations, TMB)"


def build(cohort, ctx) -> Section | None:
    from ...errors import Mdm2ioError
    from ...genomics import biomarker_frequencies, coamplification_table, get_preset

    if cohort.n_samples == 0:
        return None
    preset = get_preset(ctx.genomics_preset)
    try:
        b = ctx.biomarkers(cohort)
    except Mdm2ioError as exc:
        return Section("biomarkers", TITLE, status="not_run",
                       html=f"<p class='note'>Biomarkers were not called: {ctx.escape(exc)}</p>")
    freq = biomarker_frequencies(b)
    co = coamplification_table(b)
    parts = [f"<p class='note'>Preset <code>{ctx.escape(preset.name)}</code>: {ctx.escape(preset.description)} "
             f"[{ctx.escape(preset.citation)}]. Rule on every row of biomarkers.tsv: "
             f"{ctx.escape(b['rule'].iloc[0])}</p>",
             "<h3>Copy-number status per gene</h3>", ctx.table_html(freq),
             "<h3>Co-amplification with MDM2 (12q13-15 amplicon) and TP53 status</h3>",
             "<p class='note'>MDM2 amplification and TP53 mutation are largely mutually exclusive; MDM2-inhibitor "
             "trials require TP53 wild-type tumours.</p>", ctx.table_html(co)]
    tp53 = b["TP53_status"].astype(object).value_counts().to_dict()  # statuses found (a Categorical counts all)
    cn = b.loc[b["MDM2_cn"].notna(), "MDM2_cn"].to_numpy(dtype=float)
    if len(cn):
        fig, ax = new_figure(6.4, 3.2)
        bins = np.logspace(np.log10(2), np.log10(max(cn.max(), 12) * 1.2), 25) if cn.min() >= 1 else 25
        ax.hist(cn, bins=bins, color=PALETTE[0])
        if cn.min() >= 1:
            ax.set_xscale("log")
        for cut, label, colour, y in ((5, "CN 5 (pcgr, facets)", PALETTE[1], 0.97),
                                      (12, "CN 12 (MANTRA-2)", PALETTE[2], 0.85)):
            ax.axvline(cut, color=colour, ls="--", lw=1)
            ax.text(cut, ax.get_ylim()[1] * y, " " + label, color=colour, fontsize=7, va="top")
        ax.set_xlabel("MDM2 copy number reported by the source")
        ax.set_ylabel("samples")
        note = (" FoundationOne reports a copy number only for altered genes, so this shows the amplified/gained samples."
                if preset.name == "foundation" else "")
        parts.append("<h3>MDM2 copy-number distribution</h3>" + ctx.figure(
            fig, "mdm2_copy_number", "Histogram of MDM2 copy number",
            f"MDM2 copy number in the {len(cn)} samples where the source reported one, with the pcgr/facets (5) and "
            f"MANTRA-2 (12) amplification cut-offs.{note}"))
    tmb = b["tmb_per_mb"].dropna()
    if len(tmb):
        parts.append(f"<p>TMB ({ctx.escape(b.loc[tmb.index[0], 'tmb_source'])}): median {tmb.median():.1f} "
                     f"mutations/Mb (IQR {tmb.quantile(.25):.1f}-{tmb.quantile(.75):.1f}) in {len(tmb)} samples.</p>")
    summary = {
        "preset": preset.name, "n_samples": int(len(b)),
        "amplified": {r.gene: int(r.amplified) for r in freq.itertuples()},
        "not_assessed": {r.gene: int(r.not_assessed) for r in freq.itertuples()},
        "tp53_status": {k: int(v) for k, v in tp53.items()},
        "mdm2_amplified_with_frs2": int(b["MDM2_FRS2_coamplified"].sum()),
        "mdm2_amplified_with_cdk4": int(b["MDM2_CDK4_coamplified"].sum()),
    }
    return Section("biomarkers", TITLE, html="".join(parts), summary=summary,
                   tables={"calls": b, "frequencies": freq, "coamplification": co})
