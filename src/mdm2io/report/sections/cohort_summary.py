"""Report section: what is in the cohort (patients, samples, scans, treatments, outcomes, response)."""

from __future__ import annotations

import pandas as pd

from ..context import Section


def cohort_overview(cohort) -> pd.DataFrame:
    """One row per kind of record with its count.

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> t = cohort_overview(load_imvigor210()).set_index("item")
    >>> int(t.loc["sequenced samples", "n"])
    293
    """
    s = cohort.summary()
    rows = [("patients", s["n_patients"]), ("sequenced samples", s["n_samples"]),
            ("alteration calls", s["n_alterations"]), ("patients with scans", s["n_scanned_patients"]),
            ("tumour assessments (scans)", s["n_scans"]), ("lesion measurements", s["n_lesion_rows"]),
            ("treatment records", s["n_treatments"])]
    for ep, v in s["endpoints"].items():
        rows.append((f"patients with {ep}", v["n"]))
        rows.append((f"{ep} events", v["events"]))
    return pd.DataFrame(rows, columns=["item", "n"])


def build(cohort, ctx) -> Section:
    overview = cohort_overview(cohort)
    parts = []
    meta = cohort.meta
    if meta.get("title"):
        parts.append(f"<p><strong>{ctx.escape(meta['title'])}</strong></p>")
    if meta.get("citation"):
        parts.append(f"<p class='note'>Source: {ctx.escape(meta['citation'])}"
                     + (f" doi:{ctx.escape(meta['doi'])}" if meta.get("doi") else "")
                     + (f" &middot; licence {ctx.escape(meta['licence'])}" if meta.get("licence") else "") + "</p>")
    parts.append(ctx.table_html(overview))
    tables = {"overview": overview}
    summary = {r.item: int(r.n) for r in overview.itertuples()}
    t = cohort.treatments
    if len(t):
        tx = (t.groupby(["drug_class", "agent"], dropna=False)["patient_id"].nunique()
              .reset_index(name="patients").sort_values("patients", ascending=False))
        parts.append("<h3>Treatments</h3>" + ctx.table_html(tx))
        tables["treatments"] = tx
    p = cohort.patients
    if "cancer_type" in p and p["cancer_type"].notna().any():
        ct = p["cancer_type"].fillna("not recorded").value_counts().rename_axis("cancer_type").reset_index(name="patients")
        parts.append("<h3>Cancer types</h3>" + ctx.table_html(ct))
        tables["cancer_types"] = ct
    if "best_overall_response" in p and p["best_overall_response"].notna().any():
        order = ["CR", "PR", "SD", "PD", "NE"]
        bor = p["best_overall_response"].value_counts().reindex(order, fill_value=0)
        n_eval = int(p["best_overall_response"].notna().sum())
        br = pd.DataFrame({"best_overall_response": order, "patients": bor.to_numpy(),
                           "percent": (100 * bor.to_numpy() / max(n_eval, 1)).round(1)})
        parts.append(f"<h3>Best overall response</h3><p class='note'>{n_eval} patients with a recorded response "
                     "(as reported by the source).</p>" + ctx.table_html(br))
        tables["best_overall_response"] = br
        summary["best_overall_response"] = dict(zip(order, map(int, bor.to_numpy())))
    return Section("summary", "Cohort summary", html="\n".join(parts), summary=summary, tables=tables)
