"""Report section: tumour kinetics and hyperprogression (RECIST/iRECIST, TGR/TGK, HPD under every definition)."""

from __future__ import annotations

import pandas as pd

from ..context import Section

TITLE = "Tumour kinetics and hyperprogression"


def _amplification_groups(cohort, ctx) -> tuple[pd.Series, str]:
    """Per patient "MDM2/MDM4 amplified" / "not amplified" / "not sequenced", from the report's biomarker calls
    (:meth:`~mdm2io.report.context.ReportContext.biomarkers`); the source's own calls
    (:func:`mdm2io.kinetics.amplification_groups`) when the rule-based calls cannot be made."""
    from ...errors import Mdm2ioError
    from ...kinetics import amplification_groups
    from ...survival import patient_biomarker

    try:
        calls = ctx.biomarkers(cohort)
    except Mdm2ioError:
        return amplification_groups(cohort), "MDM2/MDM4 amplification (source calls)"
    groups = amplification_groups(cohort)  # labels and "not sequenced" patients as the kinetics stage names them
    amp = pd.Series(False, index=groups.index)
    for gene in ("MDM2", "MDM4"):
        b = patient_biomarker(cohort, f"{gene}_amplified", calls=calls)
        if b is not None:
            hit = set(b.loc[b[f"{gene}_amplified"].astype(bool), "patient_id"].astype(str))
            amp |= amp.index.isin(hit)
    seq = groups != "not sequenced"
    groups = groups.where(~seq, "not amplified").where(~(seq & amp), "MDM2/MDM4 amplified")
    return groups, f"MDM2/MDM4 amplification (preset {ctx.genomics_preset} calls)"


def build(cohort, ctx) -> Section | None:
    """Incidence of HPD under every registered definition (with why patients are not evaluable),
    pairwise concordance, waterfall and spider plots, growth-model summary.

    The numbers come from the report's one :func:`mdm2io.kinetics.run_kinetics` call
    (:meth:`~mdm2io.report.context.ReportContext.kinetics`, options ``ctx.options["kinetics"]``),
    so they are those of ``mdm2io kinetics`` with the same options."""
    if len(cohort.scans) == 0:
        return None
    from ...kinetics import (HPD_DEFINITIONS, concordance_heatmap, hpd_by_group, hpd_concordance, hpd_incidence,
                             recist_timepoints, spider_plot, swimmer_plot, waterfall_plot)

    opts = dict(ctx.options.get("kinetics") or {})
    res = ctx.kinetics(cohort)
    k = res.kinetics  # one row per patient: metrics and best overall response (the CLI's kinetics.tsv)
    labels = res.hpd
    fits = res.growth_fits
    problems = res.lesion_problems
    # treatment windows and scan days, for the swimmer plot and the non-ICI caution (descriptive, not recomputed metrics)
    s = res.series
    inc = hpd_incidence(labels)
    inc.insert(1, "citation", inc["definition"].map(lambda d: HPD_DEFINITIONS[d].citation))
    conc = hpd_concordance(labels)
    resp = k[["patient_id", "best_overall_response", "best_overall_iresponse", "best_pct_change", "first_pd_day",
              "recist_basis"]]
    # per-scan responses for the spider plot, with the options of the kinetics run (same baseline rule)
    tp = recist_timepoints(cohort, value=opts.get("value"), measurability=opts.get("measurability", "report"),
                           max_baseline_days_before=opts.get("max_baseline_days_before"))
    parts = [f"<p class='note'>Tumour size measure: <code>{ctx.escape(s.measure)}</code>. Baseline = last scan on or "
             "before ICI start, pre-baseline = the scan before it, first evaluation = first scan after start. "
             f"{len(res.unused_rows)} scan rows were not used (reasons in <code>tables/kinetics_unused_scan_rows.tsv</code>). "
             + ("TGR linearised (100·TG, option linear_tgr); " if opts.get("linear_tgr")
                else "TGR as in Ferté 2014 (exact exponential form); ")
             + (f"RECIST 1.1 / iRECIST from lesion-level data ({len(problems)} lesion rows break the RECIST 1.1 "
                "target rules, kept as given and listed in <code>tables/kinetics_lesion_problems.tsv</code>)"
                if problems is not None else "RECIST from the target sum only (sum-based subset: no lesion-level data)")
             + ".</p>"]
    non_ici = int((s.patients["start_source"] != "treatments (ICI rows)").sum())
    if non_ici:
        parts.append(f"<p class='note'><strong>Caution:</strong> for {non_ici} of {len(s.patients)} patients the "
                     "treatment is not recorded as an immune checkpoint inhibitor (drug class missing or not an ICI "
                     "class); the HPD definitions were made for ICI, so their labels describe growth patterns, not "
                     "ICI-specific hyperprogression, for these patients.</p>")
    parts.append("<h3>HPD incidence under each published definition</h3>"
                 "<p class='note'>Incidence among evaluable patients. A patient is <em>not evaluable</em> when an input "
                 "the definition's original study required is missing; the commonest reason is shown.</p>"
                 + ctx.table_html(inc))
    none_eval = inc.loc[inc["n_hpd"] + inc["n_not_hpd"] == 0, "definition"].tolist()
    if none_eval:
        parts.append("<p class='note'>Not evaluable for any patient: "
                     + ", ".join(f"{ctx.escape(d)} ({ctx.escape(r)})" for d, r in
                                 inc.loc[inc["definition"].isin(none_eval), ["definition", "main_reason_not_evaluable"]]
                                 .itertuples(index=False)) + ".</p>")
    evaluable = inc.loc[inc["n_hpd"] + inc["n_not_hpd"] > 0, "definition"].tolist()
    parts.append("<h3>Concordance between definitions</h3>"
                 + ctx.figure(concordance_heatmap(conc), "hpd_concordance", "Jaccard index between HPD definitions",
                              "Jaccard index of HPD patients between definitions, on patients evaluable under both "
                              "(Kas 2020); n/a = no patient evaluable under both, or no HPD under either."))
    if len(evaluable) < 2:
        parts.append("<p class='note'>Only " + (", ".join(map(ctx.escape, evaluable)) or "no definition")
                     + " could be evaluated on these data, so no pair of definitions can be compared; "
                     "the heat-map shows n/a for every other pair.</p>")
    pairs = conc[(conc["definition_a"] < conc["definition_b"]) & (conc["n_both_evaluable"] > 0)]
    if len(pairs):
        parts.append(ctx.table_html(pairs))
    fig = waterfall_plot(resp, title=None)
    parts.append("<h3>Best response</h3>" + ctx.figure(fig, "waterfall", "Waterfall plot of best % change",
                                                      "Best % change of the target sum from baseline (RECIST 1.1 thresholds +20 % / -30 % dashed), coloured by best overall response."))
    bor = resp["best_overall_response"].value_counts().reindex(["CR", "PR", "SD", "PD", "NE"], fill_value=0)
    parts.append(ctx.table_html(pd.DataFrame({"best_overall_response": bor.index, "patients": bor.to_numpy()})))
    n_pat = tp["patient_id"].nunique()
    cap = (f"% change of the target sum over time; {min(n_pat, 300)} of {n_pat} patients drawn at random"
           if n_pat > 300 else "% change of the target sum over time")
    by_biomarker = False
    if cohort.n_samples > 0:
        amp, amp_what = _amplification_groups(cohort, ctx)
        by_biomarker = amp[amp.index.isin(tp["patient_id"])].ne("not sequenced").any()
    if by_biomarker:
        groups, what = amp, amp_what
    else:
        groups, what = resp.set_index("patient_id")["best_overall_response"], "best overall response"
    parts.append(ctx.figure(spider_plot(tp, groups=groups, max_patients=300), "spider", "Spider plot", f"{cap}, coloured by {what}."))
    tables = {}
    if by_biomarker:
        bg = hpd_by_group(labels, amp)
        tables["hpd_by_mdm2_mdm4"] = bg
        parts.append("<h3>HPD by MDM2/MDM4 amplification</h3><p class='note'>Kato 2017 reported that all six "
                     "MDM2/MDM4-amplified patients failed ICI within 2 months. Counts among patients evaluable under "
                     "each definition; small groups give unstable percentages.</p>" + ctx.table_html(bg))
    # swimmer: time on treatment = ICI stop, else last scan; HPD = HPD under any definition
    last = s.scans[s.scans["day"] > 0].groupby("patient_id")["day"].max()
    stop = (s.patients.set_index("patient_id")["stop_day"] - s.patients.set_index("patient_id")["start_day"])
    sw = resp[["patient_id", "best_overall_response", "first_pd_day"]].copy()
    sw["time_on_treatment_days"] = sw["patient_id"].map(stop).fillna(sw["patient_id"].map(last))
    sw["hpd"] = sw["patient_id"].isin(labels.loc[labels["label"] == "HPD", "patient_id"])
    parts.append(ctx.figure(swimmer_plot(sw, max_patients=60), "swimmer", "Swimmer plot",
                            "The 60 longest times on treatment (treatment stop, or last scan when no stop is recorded); "
                            "x = first RECIST PD, star = HPD under any definition; colour = best overall response."))
    fm = fits["selected_model"].value_counts().rename_axis("selected_model").reset_index(name="patients")
    parts.append("<h3>Growth-model fits (Stein/Wilkerson, tumgr rules)</h3>" + ctx.table_html(fm)
                 + ctx.table_html(fits[fits["status"] == "included"][["g_per_day", "d_per_day"]].describe().T.reset_index()
                                  .rename(columns={"index": "parameter"}), float_format="{:.4g}"))
    summary = {"measure": s.measure, "n_unused_scan_rows": int(len(res.unused_rows)),
               "hpd_incidence": {r.definition: {"n_hpd": r.n_hpd, "n_not_hpd": r.n_not_hpd,
                                                "n_not_evaluable": r.n_not_evaluable,
                                                "incidence_pct": r.incidence_pct} for r in inc.itertuples()},
               "best_overall_response": {k: int(v) for k, v in bor.items()},
               "growth_models": {str(k): int(v) for k, v in fits["selected_model"].value_counts().items()}}
    return Section("kinetics", TITLE, html="\n".join(parts), summary=summary,
                   tables={**tables, "hpd_incidence": inc, "hpd_concordance": conc, "hpd_labels": labels, "per_patient": k,
                           "growth_metrics": res.growth_metrics, "responses": res.responses, "growth_fits": fits, "unused_scan_rows": res.unused_rows,
                           **({"lesion_problems": problems} if problems is not None else {})})
