"""Report section: survival by biomarker (KM with risk table, Cox HR, response rates, forest plot).

Options (``ctx.options``): ``survival_endpoint`` (default ``"OS"``), ``survival_group``
(default ``"MDM2_amplified"``), ``survival_treatment`` (two-arm column; adds the interaction
forest plot), ``survival_conf_type`` (default ``"log-log"``), ``survival_adjust`` (list),
``survival_entry`` (delayed-entry column, months from the endpoint's origin, e.g. the time of
sequencing; see :func:`mdm2io.survival.survival_data`).
A biomarker grouping uses the report's calls (:meth:`~mdm2io.report.context.ReportContext.biomarkers`,
option ``genomics_preset``); HPD rates use the report's kinetics run
(:meth:`~mdm2io.report.context.ReportContext.kinetics`, option ``kinetics``).
"""

from __future__ import annotations

import pandas as pd

from ...errors import Mdm2ioError
from ..context import Section

TITLE = "Survival by biomarker"


def _group_spec(cohort, name: str, ctx):
    """The grouping and a note on where it came from (the report's biomarker calls, or the source's own calls)."""
    from ...genomics import BIOMARKER_COLUMNS
    from ...survival import patient_biomarker, source_amplification_status

    if name in cohort.patients.columns:
        return name, f"clinical column <code>{ctx.escape(name)}</code>"
    if name in BIOMARKER_COLUMNS and len(cohort.samples):
        try:
            calls = ctx.biomarkers(cohort)
        except Mdm2ioError as exc:
            if name != "MDM2_amplified":
                raise
            # fallback when the rule-based calls cannot be made: the source assay's own MDM2 calls
            return (source_amplification_status(cohort, "MDM2"),
                    f"MDM2 amplification as called by the source assay (rule-based calls failed: {ctx.escape(exc)})")
        preset = ctx.genomics_preset
        what = ": the assay's own amplification calls" if preset == "foundation" else ""
        return (patient_biomarker(cohort, name, calls=calls),
                f"<code>{ctx.escape(name)}</code> from <code>mdm2io.genomics.call_biomarkers</code> "
                f"(preset <code>{ctx.escape(preset)}</code>{what}; the calls of the biomarker section)")
    return name, f"column <code>{ctx.escape(name)}</code>"


def build(cohort, ctx) -> Section:
    from ...survival import compare_survival, forest_table, response_table, survival_data

    opts = ctx.options
    endpoint = opts.get("survival_endpoint", "OS")
    group = opts.get("survival_group", "MDM2_amplified")
    treatment = opts.get("survival_treatment")
    if cohort.outcomes.empty or endpoint not in set(cohort.outcomes["endpoint"]):
        return Section("survival", TITLE, status="not_run",
                       html=f"<p class='note'>No {ctx.escape(endpoint)} outcomes in this cohort.</p>")
    try:
        spec, source_note = _group_spec(cohort, group, ctx)
        data = survival_data(cohort, spec, endpoint=endpoint, treatment=treatment,
                             covariates=list(opts.get("survival_adjust", [])), preset=ctx.genomics_preset,
                             entry=opts.get("survival_entry"))
    except Mdm2ioError as exc:
        return Section("survival", TITLE, status="not_run",
                       html=f"<p class='note'>Survival by {ctx.escape(group)} could not be analysed: {ctx.escape(exc)}. "
                            "Use <code>mdm2io survival --group COLUMN</code> for another grouping.</p>")
    analysis = compare_survival(data, conf_type=opts.get("survival_conf_type", "log-log"))
    res = analysis.to_dict()
    flagged = bool(analysis.small_groups or analysis.cox.ph_violated or not analysis.cox.estimable)
    parts = [f"<p{' class=warn' if flagged else ''}>{ctx.escape(res['summary'])}</p>",
             f"<p class='note'>Grouping: {source_note}. Hazard ratios compare {ctx.escape(res['hr_compares'])}; "
             f"Cox model with Efron ties, Wald 95% CI; KM bands use the {ctx.escape(analysis.km.conf_type)} transform "
             "(R's survfit default is 'log'; medians are unaffected).</p>"]
    if data.treatment_name is None:
        parts.append("<p class='note'>This cohort has a single treatment arm, so it can show whether the biomarker is "
                     "<em>prognostic</em> under this treatment, not whether it is <em>predictive</em> of benefit; that needs "
                     "a comparator arm and a biomarker × treatment interaction test.</p>")
    parts.append(ctx.figure(analysis.km_figure(), f"survival_km_{endpoint}",
                            f"Kaplan-Meier {endpoint} by {group} with number at risk",
                            f"{endpoint} by {group}; number at risk under the plot; tick marks are censored patients."))
    km = analysis.km.summary.reset_index()
    km.insert(0, "label", [analysis.label(g) for g in km["group"]])
    cols = ["label", "n", "events", "median", "median_ci_low", "median_ci_high"] + \
           [c for c in km.columns if c.startswith("surv_") and not c.endswith(("ci_low", "ci_high"))]
    parts.append("<h3>Median and landmark survival (months)</h3>" + ctx.table_html(km[cols]))
    cox = analysis.cox.table.reset_index()
    p_lr = "not computable" if res["p_logrank"] is None else f"{res['p_logrank']:.3g}"
    parts.append("<h3>Cox proportional hazards</h3>" + ctx.table_html(cox[["term", "hr", "hr_ci_low", "hr_ci_high", "p", "ph_p"]])
                 + f"<p class='note'>Log-rank p = {p_lr}. ph_p: scaled-Schoenfeld test "
                   "(Grambsch &amp; Therneau 1994); p &lt; 0.05 flags non-proportional hazards.</p>")
    tables = {"km": km, "cox": cox, "not_analysed": data.dropped}
    if "best_overall_response" in cohort.patients and cohort.patients["best_overall_response"].notna().any():
        g = data.table.set_index("patient_id")["group"]
        pts = cohort.patients[cohort.patients["patient_id"].astype(str).isin(g.index)]
        rt = response_table(pts, g, reference=data.reference)
        rows = []
        for k in ("ORR", "DCR"):
            for lv, r in rt[k]["table"].iterrows():
                rows.append({"rate": k, "group": analysis.label(lv), "n": int(r.n), "patients": int(r.x),
                             "percent": 100 * r.rate, "ci_low_pct": 100 * r.ci_low, "ci_high_pct": 100 * r.ci_high,
                             "fisher_p": rt[k]["fisher_p"], "fisher_test": rt[k]["fisher_test"]})
        resp = pd.DataFrame(rows)
        parts.append("<h3>Response (RECIST best overall response)</h3>" + ctx.table_html(resp) +
                     f"<p class='note'>ORR = CR+PR, DCR = CR+PR+SD; {rt['n_not_evaluable']} not-evaluable patients "
                     "count as non-responders; exact Clopper–Pearson 95% CIs; the <code>fisher_test</code> column names the test "
                     "(Fisher's exact test when two groups have assessable patients, Freeman–Halton when more do).</p>")
        tables["response"] = resp
        res["response"] = resp.to_dict(orient="records")
    hpd = _hpd_rates(cohort, data, ctx)
    if hpd is not None and len(hpd):
        parts.append("<h3>Hyperprogression by group</h3>" + ctx.table_html(hpd) +
                     "<p class='note'>HPD labels of the kinetics section (<code>mdm2io.kinetics.run_kinetics</code>), one block per published "
                     "definition; not-evaluable patients are outside the denominator; exact 95% CIs; the <code>fisher_test</code> "
                     "column names the test.</p>")
        tables["hpd"] = hpd
        res["hpd_rates"] = hpd.to_dict(orient="records")
    if analysis.interaction is not None:
        ft = forest_table(analysis)
        parts.append(ctx.figure(analysis.forest_figure(ft), f"survival_forest_{endpoint}",
                                "Forest plot of the treatment effect by biomarker group",
                                "Treatment hazard ratio overall and within each group, with the interaction p-value."))
        tables["forest"] = ft.reset_index()
    return Section("survival", TITLE, html="\n".join(parts), summary=res, tables=tables)


def _hpd_rates(cohort, data, ctx):
    """HPD rate per group when the cohort has scans (else None), from the report's one kinetics run."""
    if cohort.scans.empty:
        return None
    from ...survival import hpd_rate_table

    try:
        labels = ctx.kinetics(cohort).hpd
    except Mdm2ioError:
        return None
    return hpd_rate_table(labels, data.table.set_index("patient_id")["group"], reference=data.reference)
