"""Self-contained per-patient HTML page (inline CSS, no scripts, fonts or images loaded from elsewhere)."""

from __future__ import annotations

import datetime as _dt
import html as _html
import re

import pandas as pd

from .. import __version__

__all__ = ["patient_page", "patient_pages", "page_filename"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:1.5em auto;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;font-size:.88em;margin:.5em 0}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.disclaimer{background:#fff4e5;border:1px solid #f0b35b;padding:.6em .9em;border-radius:4px}
.meta{color:#555;font-size:.85em}.unv{color:#a00;font-weight:bold}.ok{color:#06702b;font-weight:bold}.no{color:#a00;font-weight:bold}
.maybe{color:#8a5a00;font-weight:bold}code{background:#f5f5f5;padding:0 3px}
"""


def page_filename(sample_id) -> str:
    """File name of a sample's page: unsafe characters replaced, e.g. ``'S 1/a' -> 'S_1_a.html'``.

    Examples
    --------
    >>> page_filename("S 1/a")
    'S_1_a.html'
    """
    return re.sub(r"[^A-Za-z0-9._-]+", "_", str(sample_id)) + ".html"


def _e(x) -> str:
    if x is None or (isinstance(x, float) and x != x):
        return ""
    return _html.escape(str(x))


def _link(source) -> str:
    """An HTML citation with a hyperlink (links are navigation only; nothing is loaded)."""
    if source.pmid:
        href = f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"
    elif source.doi:
        href = f"https://doi.org/{source.doi}"
    elif source.nct:
        href = f"https://clinicaltrials.gov/study/{source.nct}"
    else:
        href = source.url
    label = _e(source.label())
    tag = f'<a href="{_e(href)}">{label}</a>' if href else label
    return tag + (' <span class="unv">UNVERIFIED</span>' if source.status != "verified" else "")


def _cites(kb, ids) -> str:
    return "; ".join(_link(kb.sources[i]) for i in dict.fromkeys(ids))


def patient_page(result, sample_id: str) -> str:
    """The HTML page of one sample: findings, evidence with citations, MDM2i eligibility, trials with reasons.

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.knowledge import annotate
    >>> res = annotate(pd.DataFrame({"sample_id": ["s1"], "TP53_status": ["wild_type"],
    ...                              "MDM2_status": ["amplified"], "MDM2_cn": [20.0]}), tumour_type="BLCA")
    >>> page = patient_page(res, "s1")
    >>> "research use only" in page.lower() and "<script" not in page and "EUCTR2022-001500-18" in page
    True
    """
    t = result.table[result.table["SAMPLE_ID"] == sample_id]
    if t.empty:
        raise KeyError(f"sample {sample_id!r} is not in the annotation")
    facts = result.facts.set_index("sample_id").loc[sample_id]
    return _page(result, sample_id, t, facts, result.matches[result.matches["sample_id"] == sample_id])


def patient_pages(result, sample_ids):
    """Yield ``(sample_id, html)`` for many samples, splitting the result tables once (not once per page).

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.knowledge import annotate
    >>> res = annotate(pd.DataFrame({"sample_id": ["s1", "s2"], "TP53_status": ["wild_type", "mutated"],
    ...                              "MDM2_status": ["amplified", "neutral"], "MDM2_cn": [20.0, None]}))
    >>> [sid for sid, page in patient_pages(res, ["s1", "s2"])] == ["s1", "s2"]
    True
    """
    rows = dict(tuple(result.table.groupby("SAMPLE_ID", sort=False)))
    matches = dict(tuple(result.matches.groupby("sample_id", sort=False)))
    facts = result.facts.set_index("sample_id")
    empty = result.matches.iloc[0:0]
    for sid in sample_ids:
        if sid not in rows:
            raise KeyError(f"sample {sid!r} is not in the annotation")
        yield sid, _page(result, sid, rows[sid], facts.loc[sid], matches.get(sid, empty))


def _page(result, sample_id, t, facts, m) -> str:
    """One page from this sample's annotation rows ``t``, facts row and trial-match rows ``m``."""
    kb = result.kb
    first = t.iloc[0]
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>mdm2io annotation: {_e(sample_id)}</title>"
             f"<style>{_CSS}</style></head><body>"]
    parts.append(f"<h1>Sample {_e(sample_id)}</h1><p class='meta'>Patient {_e(first.PATIENT_ID)} &middot; tumour type "
                 f"{_e(first.ONCOTREE_CODE) or 'not recorded'} &middot; knowledge base {_e(kb.version)} &middot; mdm2io {_e(__version__)}"
                 f" &middot; generated {_dt.datetime.now(_dt.timezone.utc):%Y-%m-%d %H:%M} UTC</p>")
    parts.append(f"<div class='disclaimer'><strong>Research use only.</strong> {_e(kb.meta.disclaimer)}</div>")

    # Findings
    parts.append("<h2>Biomarker findings</h2><table><tr><th>Gene</th><th>Status</th><th>Copy number</th><th>Detail</th></tr>")
    for col in [c for c in result.facts.columns if re.match(r"^[A-Z0-9]+_status$", str(c))]:
        gene = col[:-7]
        st = facts.get(col)
        if not isinstance(st, str):
            continue
        cn = facts.get(f"{gene}_cn")
        det = facts.get(f"{gene}_detail")
        parts.append(f"<tr><td>{_e(gene)}</td><td>{_e(st.replace('_', ' '))}</td><td>{_e(cn)}</td><td>{_e(det)}</td></tr>")
    rule = facts.get("rule")
    parts.append(f"</table><p class='meta'>Calls: {_e(rule if isinstance(rule, str) else result.provenance.get('biomarker_source'))}</p>")

    # Clinical facts the trial checks used
    from .eligibility import FIELDS

    shown = []
    for name, spec in FIELDS.items():
        if name.endswith("_cn") or name in ("tumour_type", "TP53_status"):
            continue
        v = facts.get(name)
        missing = v is None or (not isinstance(v, str) and pd.isna(v))
        shown.append(f"<tr><td>{_e(spec.description)}</td><td>{'not recorded' if missing else _e(v)}</td></tr>")
    parts.append("<h2>Clinical facts used for trial matching</h2><table><tr><th>Fact</th><th>Value</th></tr>"
                 + "".join(shown) + "</table>")

    # MDM2 inhibitor
    cls = {"candidate": "ok", "no": "no", "tp53_wild_type_only": "maybe"}.get(first.MDM2I_ELIGIBLE, "maybe")
    parts.append(f"<h2>MDM2-inhibitor eligibility (mechanism)</h2><p><span class='{cls}'>{_e(first.MDM2I_ELIGIBLE.replace('_', ' '))}</span>"
                 f": {_e(first.MDM2I_REASON)}</p>")

    # Evidence
    parts.append("<h2>What the findings mean for immune checkpoint inhibitors</h2>")
    ev_rows = []
    for r in t.itertuples():
        if r.HUGO_SYMBOL == "TP53":
            continue
        kind = {"Amplification": "amplification", "Deletion": "deletion"}.get(r.ALTERATION, "mutation")
        for ev in kb.evidence_for(r.HUGO_SYMBOL, kind, facts["tumour_codes"]):
            ev_rows.append((r.HUGO_SYMBOL, r.ALTERATION, ev))
    if ev_rows:
        parts.append("<table><tr><th>Alteration</th><th>Context</th><th>Direction</th><th>Level</th><th>Evidence</th><th>Sources</th></tr>")
        for gene, alt, ev in ev_rows:
            ver = "" if ev.verification == "verified" else " <span class='unv'>UNVERIFIED</span>"
            parts.append(f"<tr><td>{_e(gene)} {_e(alt)}</td><td>{_e(ev.context)}</td><td>{_e(ev.direction.replace('_', ' '))}</td>"
                         f"<td>{_e(ev.level)}</td><td>{_e(ev.statement)}<br><span class='meta'>Why level {_e(ev.level)}: "
                         f"{_e(ev.level_rationale)}</span>{ver}</td><td>{_cites(kb, ev.sources)}</td></tr>")
        parts.append(f"</table><p class='meta'>Levels: {_e(kb.meta.levels_scheme)}. "
                     + " ".join(f"<b>{k}</b>: {_e(v)}" for k, v in kb.meta.levels.items()) + "</p>")
    else:
        parts.append("<p>No alteration of this sample has ICI evidence in the knowledge base.</p>")
    if any(g in ("MDM2", "MDM4") and ev.direction == "resistance" for g, _, ev in ev_rows):
        parts.append("<h3>Reported hyperprogression cases with MDM2-family amplification</h3><table><tr><th>Cancer type</th>"
                     "<th>Alteration</th><th>ICI</th><th>Line</th><th>Outcome</th><th>Source</th></tr>")
        for c in kb.hpd_cases:
            parts.append(f"<tr><td>{_e(c.cancer_type) or 'not retrieved'}</td><td>{_e(c.alteration)}</td><td>{_e(c.ici)}</td>"
                         f"<td>{_e(c.line) or 'not retrieved'}</td><td>{_e(c.outcome)}</td><td>{_cites(kb, c.sources)}</td></tr>")
        parts.append("</table>")

    # Trials
    parts.append("<h2>MDM2-inhibitor trials: does this sample match?</h2><p class='meta'>+ met &middot; - not met &middot; "
                 "? not recorded. Historical = cohort only in an older registry version. Manual criteria must be checked by a person.</p>")
    parts.append("<table><tr><th>Trial / cohort</th><th>Drugs</th><th>Status</th><th>Decision</th><th>Why</th><th>Check manually</th></tr>")
    from .match import MATCH_ORDER as order
    for r in m.assign(_o=m["match"].map(order)).sort_values(["_o", "trial_id"]).itertuples():
        trial = kb.trials[r.trial_id]
        cls = {"eligible": "ok", "possibly_eligible": "maybe", "not_eligible": "no"}.get(r.match, "unv")
        parts.append(f"<tr><td><strong>{_e(trial.id)}</strong> {_e(r.cohort_id)}<br>{_e(trial.title)}<br>{_cites(kb, trial.sources)}</td><td>{_e(r.drugs)}"
                     f"{' (+ ICI)' if r.with_ici else ''}</td><td>{_e(r.trial_status)}</td>"
                     f"<td><span class='{cls}'>{_e(r.match.replace('_', ' '))}</span></td>"
                     f"<td>{'<br>'.join(_e(x) for x in r.reasons.split('; ')) if r.reasons else 'no machine-readable criteria'}</td>"
                     f"<td>{_e(r.manual_checks)}</td></tr>")
    parts.append("</table>")
    parts.append(f"<h2>Provenance</h2><p class='meta'>mdm2io {_e(__version__)}; knowledge base {_e(kb.version)} "
                 f"({_e(kb.meta.levels_scheme)}); biomarkers: {_e(result.provenance.get('biomarker_source'))}. "
                 f"{_e(kb.meta.verification_policy)}</p></body></html>")
    return "\n".join(parts)
