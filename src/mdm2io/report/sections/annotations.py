"""Report section: cited ICI evidence, MDM2-inhibitor eligibility and trial matches (mdm2io.knowledge).

:func:`mdm2io.knowledge.annotate` gets the report's one set of biomarker calls
(:meth:`~mdm2io.report.context.ReportContext.biomarkers`), so its MDM2/MDM4 statuses are those of
the biomarker and survival sections.
"""

from __future__ import annotations

import pandas as pd

from ..context import Section

TITLE = "Annotations: evidence, MDM2-inhibitor eligibility, trial matches"


def build(cohort, ctx) -> Section | None:
    if cohort.meta.get("simulated"):
        # virtual patients have no real tumour type, history or labs: trial matching would be meaningless
        return None
    if cohort.n_samples == 0 or len(cohort.alterations) == 0:
        return Section("annotations", TITLE, status="not_run",
                       html="<p class='note'>No sequenced samples in this cohort, so there is nothing to annotate.</p>")
    from ...knowledge import annotate, draw_mechanism_graph, page_filename, patient_pages

    from ...errors import Mdm2ioError

    try:  # the report's one set of calls (same preset as the biomarker and survival sections)
        calls = ctx.biomarkers(cohort)
    except Mdm2ioError as exc:
        return Section("annotations", TITLE, status="not_run",
                       html=f"<p class='note'>Not annotated: biomarkers were not called ({ctx.escape(exc)}).</p>")
    res = annotate(calls, cohort=cohort)
    # what annotate(cohort, preset=...) would name as the source of the calls
    res.provenance["biomarker_source"] = f"mdm2io.genomics.call_biomarkers(preset={ctx.genomics_preset!r})"
    kb = res.kb
    s = res.summary()
    first = res.table.drop_duplicates("SAMPLE_ID")
    markers = pd.DataFrame(sorted(s["ici_resistance_markers"].items(), key=lambda kv: -kv[1]),
                           columns=["gene", "samples_with_marker"])
    level = (res.table[res.table["ICI_IMPLICATION"] != ""].drop_duplicates("HUGO_SYMBOL")
             .set_index("HUGO_SYMBOL")["ICI_IMPLICATION"])
    markers["implication"] = markers["gene"].map(level)
    elig = first["MDM2I_ELIGIBLE"].value_counts().rename_axis("mdm2i_eligible").reset_index(name="samples")
    m = res.matches
    counts = (m.groupby(["trial_id", "cohort_id", "match"]).size().unstack(fill_value=0).reset_index())
    cols = ["eligible", "possibly_eligible", "not_eligible", "historical", "insufficient_data", "unverified"]
    for col in cols:
        if col not in counts:
            counts[col] = 0
    counts = counts[["trial_id", "cohort_id", *cols]]
    cand = res.table[(res.table["MDM2I_ELIGIBLE"] == "candidate") & (res.table["HUGO_SYMBOL"].isin(["MDM2", "MDM4"]))]
    cand = cand[["SAMPLE_ID", "PATIENT_ID", "ONCOTREE_CODE", "HUGO_SYMBOL", "COPY_NUMBER", "MDM2I_REASON", "TRIAL_MATCHES"]]
    pages_dir = ctx.out_dir / "patients"
    pages_dir.mkdir(parents=True, exist_ok=True)
    links = []
    for sid, page in patient_pages(res, list(cand["SAMPLE_ID"])):
        (pages_dir / page_filename(sid)).write_text(page, encoding="utf-8")
        links.append(f"<a href='patients/{ctx.escape(page_filename(sid))}'>{ctx.escape(sid)}</a>")
    html = [f"<p>Knowledge base <strong>{ctx.escape(kb.version)}</strong> ({ctx.escape(kb.meta.levels_scheme)}); "
            f"biomarkers: {ctx.escape(res.provenance['biomarker_source'])}.</p>",
            f"<p class='note'>{ctx.escape(kb.meta.disclaimer)}</p>",
            f"<p>{s['n_samples']} samples annotated: <strong>{s['n_samples_with_ici_resistance_marker']}</strong> carry a "
            f"marker with reported ICI resistance/hyperprogression evidence ({s['n_samples_with_verified_ici_resistance_marker']} "
            f"backed by a verified record; levels {', '.join(s['ici_resistance_levels']) or 'none'} of A-D, i.e. "
            f"small studies or case reports, several contested - see the contrary records); "
            f"<strong>{s['n_mdm2i_candidates']}</strong> are MDM2-inhibitor candidates "
            f"(TP53 wild-type with MDM2/MDM4 amplification); {s['n_samples_with_trial_match']} match at least one "
            f"trial cohort (eligible or possibly eligible).</p>",
            "<h3>ICI-resistance markers</h3>" + ctx.table_html(markers),
            "<h3>MDM2-inhibitor eligibility (mechanism: needs wild-type TP53)</h3>" + ctx.table_html(elig),
            "<h3>Trial-cohort matches (samples)</h3>" + ctx.table_html(counts),
            "<h3>MDM2-inhibitor candidates</h3>" + ctx.table_html(cand)]
    if links:
        html.append("<p>Patient pages: " + ", ".join(links) + "</p>")
    fig = draw_mechanism_graph(kb)
    html.append(ctx.figure(fig, "mechanism_graph", "MDM2-p53-immune mechanism graph",
                           "Signed, cited interactions from the knowledge base (dashed: unverified)."))
    return Section("annotations", TITLE, html="\n".join(html), summary=s,
                   tables={"markers": markers, "mdm2i_eligibility": elig, "trial_matches": counts, "candidates": cand})
