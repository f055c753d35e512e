"""Per-sample annotation: what each biomarker call means for ICI, MDM2-inhibitor eligibility and trials.

Input is the genomics stage's biomarker table (one row per sample: ``sample_id``,
``patient_id``, ``<GENE>_status``, ``<GENE>_cn``, ``TP53_status``, ``TP53_detail``, ``rule``),
given directly, read from a TSV, or computed from a :class:`~mdm2io.cohort.Cohort`.

Output (:class:`AnnotationResult`):

* ``table`` - OncoKB-annotator-style rows, one per sample and relevant alteration, always
  including the sample's TP53 row, so every input sample appears:
  ``SAMPLE_ID, PATIENT_ID, ONCOTREE_CODE, HUGO_SYMBOL, ALTERATION, COPY_NUMBER, RULE,
  ICI_IMPLICATION, HPD_RISK_EVIDENCE, LEVEL, CITATIONS, MDM2I_ELIGIBLE, MDM2I_REASON,
  TRIAL_MATCHES, KB_VERSION``;
* ``matches`` - every sample x trial cohort with the decision and the reason for it;
* ``facts`` - the per-sample fact table the decisions were made from.

MDM2-inhibitor eligibility (``MDM2I_ELIGIBLE``) follows the mechanism, not a trial:
``no`` when TP53 is mutated or deleted (MDM2 inhibitors need wild-type p53; see evidence
``tp53_mut_mdm2i_resistance``), ``candidate`` when TP53 is wild-type and MDM2 or MDM4 is
amplified, ``tp53_wild_type_only`` when TP53 is wild-type without amplification, and
``unknown`` when TP53 was not assessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import __version__
from ..errors import InputError, Problem, ValidationError
from .eligibility import STATUS_VALUES, TP53_VALUES
from .load import load_knowledge
from .match import MATCH_ORDER, match_trials

__all__ = ["annotate", "annotate_files", "facts_table", "AnnotationResult", "write_annotations", "read_biomarker_table",
           "biomarkers_for_cohort", "TABLE_COLUMNS"]

TABLE_COLUMNS = ["SAMPLE_ID", "PATIENT_ID", "ONCOTREE_CODE", "HUGO_SYMBOL", "ALTERATION", "COPY_NUMBER", "RULE",
                 "ICI_IMPLICATION", "HPD_RISK_EVIDENCE", "LEVEL", "CITATIONS", "MDM2I_ELIGIBLE", "MDM2I_REASON",
                 "TRIAL_MATCHES", "KB_VERSION"]
_STATUS_COL = re.compile(r"^([A-Z0-9]+)_status$")
_FLAG_COL = re.compile(r"^([A-Z0-9]+)_(mutated|fusion)$")
_STATUS_TO_ALT = {"amplified": "amplification", "deleted": "deletion", "mutated": "mutation"}
_LEVEL_RANK = {"A": 0, "B": 1, "C": 2, "D": 3}


@dataclass
class AnnotationResult:
    """Annotation table, trial matches and facts for a set of samples (see module docstring)."""

    table: pd.DataFrame
    matches: pd.DataFrame
    facts: pd.DataFrame
    kb: object = field(repr=False)
    provenance: dict = field(default_factory=dict)

    def summary(self) -> dict:
        """Counts for reports: samples, ICI-resistance markers, MDM2i candidates, trial matches.

        Examples
        --------
        >>> import pandas as pd
        >>> bm = pd.DataFrame({"sample_id": ["s1", "s2"], "TP53_status": ["wild_type", "mutated"],
        ...                    "TP53_detail": [None, "p.R248Q"], "MDM2_status": ["amplified", "neutral"]})
        >>> annotate(bm, tumour_type="BLCA").summary()["n_mdm2i_candidates"]
        1
        """
        t = self.table
        per_sample = t.groupby("SAMPLE_ID")
        resist = t[t["ICI_IMPLICATION"].str.startswith("possible resistance", na=False)]
        best = self.matches[self.matches["match"].isin(["eligible", "possibly_eligible"])]
        return {
            "kb_version": self.kb.version,
            "n_samples": int(per_sample.ngroups),
            "n_samples_with_ici_resistance_marker": int(resist["SAMPLE_ID"].nunique()),
            "n_samples_with_verified_ici_resistance_marker": int(
                resist.loc[~resist["ICI_IMPLICATION"].str.contains("UNVERIFIED", regex=False), "SAMPLE_ID"].nunique()),
            "ici_resistance_levels": sorted(set(resist["LEVEL"])),
            "ici_resistance_markers": {str(k): int(v) for k, v in
                                       resist.groupby("HUGO_SYMBOL")["SAMPLE_ID"].nunique().items()},
            "mdm2i_eligibility": {str(k): int(v) for k, v in
                                  t.drop_duplicates("SAMPLE_ID")["MDM2I_ELIGIBLE"].value_counts().items()},
            "n_mdm2i_candidates": int((t.drop_duplicates("SAMPLE_ID")["MDM2I_ELIGIBLE"] == "candidate").sum()),
            "trial_matches": {f"{r.trial_id}:{r.cohort_id}:{r.match}": int(r.n) for r in
                              best.groupby(["trial_id", "cohort_id", "match"]).size().reset_index(name="n").itertuples()},
            "n_samples_with_trial_match": int(best["sample_id"].nunique()),
        }


# ---------------------------------------------------------------------------------- input
def read_biomarker_table(path: str | Path) -> pd.DataFrame:
    """Read a biomarker TSV/CSV (as written by ``mdm2io call``) and validate its values.

    Raises :class:`~mdm2io.errors.ValidationError` naming file, line and column of every bad value.
    """
    from ..io.cohort_folder import read_table_file

    df, src = read_table_file(path)
    _validate_biomarkers(df, src)
    df = df.where(df.ne(""), np.nan)
    for c in df.columns:
        if c.endswith("_cn") or c == "tmb_per_mb":
            df[c] = pd.to_numeric(df[c], errors="coerce")
        elif _FLAG_COL.match(c) or c.endswith("_amplified") or c.endswith("_coamplified") or c == "TP53_wild_type":
            low = df[c].astype(str).str.lower()
            df[c] = pd.array([True if v in ("true", "1", "yes") else False if v in ("false", "0", "no") else pd.NA
                              for v in low], dtype="boolean")
    return df


def _validate_biomarkers(df: pd.DataFrame, src: dict | None = None) -> None:
    fname = (src or {}).get("file", "biomarker table")
    lines = (src or {}).get("lines")
    problems = []
    if "sample_id" not in df.columns:
        raise InputError("column 'sample_id' is missing", file=fname, line=1, column="sample_id",
                         expected="a biomarker table with sample_id, TP53_status, MDM2_status ...",
                         fix="pass the table written by `mdm2io call` or the output of mdm2io.genomics.call_biomarkers")
    dup = df["sample_id"].astype(str).duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        problems.append(Problem(f"duplicated sample_id {df['sample_id'].iloc[i]!r}", file=fname,
                                line=lines[i] if lines else None, column="sample_id",
                                expected="one row per sample", fix="keep one row per sample"))
    for col in df.columns:
        m = _STATUS_COL.match(str(col))
        if not m:
            continue
        allowed = TP53_VALUES if col == "TP53_status" else STATUS_VALUES
        vals = df[col].astype(object)
        bad = np.flatnonzero((vals.notna() & (vals != "") & ~vals.isin(allowed)).to_numpy())
        if len(bad):
            i = int(bad[0])
            problems.append(Problem(f"unknown status {vals.iloc[i]!r} ({len(bad)} row(s))", file=fname,
                                    line=lines[i] if lines else None, column=col,
                                    expected=f"one of {', '.join(allowed)}",
                                    fix="use the statuses written by mdm2io.genomics.call_biomarkers"))
    if problems:
        raise ValidationError(problems, header=f"{fname}: {len(problems)} problem(s) in the biomarker table")


def biomarkers_for_cohort(cohort, preset: str = "foundation") -> tuple[pd.DataFrame, str]:
    """Biomarker table for a cohort from the genomics stage, and a provenance string naming the preset."""
    from ..genomics import call_biomarkers

    return call_biomarkers(cohort, preset=preset), f"mdm2io.genomics.call_biomarkers(preset={preset!r})"


# ---------------------------------------------------------------------------------- facts
def _clinical_from_cohort(cohort) -> pd.DataFrame:
    """Per-patient clinical facts derivable from a Cohort (tumour type, ECOG, age, anti-PD-(L)1 history)."""
    p = cohort.patients.copy()
    out = pd.DataFrame({"patient_id": p["patient_id"].astype(str)})
    out["oncotree_code"] = p["oncotree_code"] if "oncotree_code" in p else np.nan
    out["cancer_type"] = p["cancer_type"] if "cancer_type" in p else np.nan
    # cBioPortal attribute IDs are upper case (AGE, ECOG); cohort folders use snake case.
    lower = {str(c).lower(): c for c in p.columns}
    for src, dst in (("age_years", "age_years"), ("age", "age_years"), ("ecog", "ecog"), ("ecog_baseline", "ecog"),
                     ("ecog_ps", "ecog")):
        if src in lower and dst not in out:
            out[dst] = pd.to_numeric(p[lower[src]], errors="coerce").to_numpy()
    tx = cohort.treatments
    if len(tx) and "drug_class" in tx:
        io = set(tx.loc[tx["drug_class"].isin(["PD-1", "PD-L1"]), "patient_id"].astype(str))
        treated = out["patient_id"].isin(io)
        out["anti_pd1_naive"] = ~treated
        bor = p["best_overall_response"].astype(object).to_numpy() if "best_overall_response" in p else np.full(len(p), None)
        # Refractory = progressed on anti-PD-(L)1 (best response PD). A responder may relapse later,
        # which these data cannot show, so CR/PR/SD/NE stay unknown rather than False.
        refr = pd.Series(np.where(treated & (bor == "PD"), True, None), index=out.index, dtype=object)
        refr[~treated] = False
        out["anti_pd1_refractory"] = refr
    return out


def facts_table(biomarkers: pd.DataFrame, kb=None, *, cohort=None, tumour_type=None,
                clinical: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per sample with every fact the eligibility checks may use.

    Tumour type comes from (first found): ``tumour_type`` (applies to all samples), the
    biomarker table's ``oncotree_code`` / ``cancer_type``, then the cohort's patients
    (``oncotree_code``, else ``cancer_type`` mapped through the OncoTree synonyms).
    ``clinical`` (columns ``sample_id`` or ``patient_id`` plus any field of
    :data:`~mdm2io.knowledge.eligibility.FIELDS`) overrides what the cohort implies.

    Examples
    --------
    >>> import pandas as pd
    >>> f = facts_table(pd.DataFrame({"sample_id": ["s1"], "TP53_status": ["wild_type"]}), tumour_type="bladder cancer")
    >>> sorted(f.loc[0, "tumour_codes"]), bool(f.loc[0, "solid_tumour"])
    (['BLCA'], True)
    """
    kb = kb or load_knowledge()
    f = biomarkers.copy()
    f["sample_id"] = f["sample_id"].astype(str)
    if "patient_id" not in f:
        f["patient_id"] = f["sample_id"]
    f["patient_id"] = f["patient_id"].astype(str)
    if cohort is not None:
        clin = _clinical_from_cohort(cohort)
        # Tumour type is a property of the sample (cBioPortal keeps ONCOTREE_CODE in the sample
        # file; a patient may have a primary and a metastasis of different codes), so the
        # sample's own code/type comes before the patient's.
        smp = cohort.samples
        tcols = [c for c in ("oncotree_code", "cancer_type") if c in smp.columns and smp[c].notna().any()]
        if tcols:
            st = smp[["sample_id", *tcols]].copy()
            st["sample_id"] = st["sample_id"].astype(str)
            st = st.drop_duplicates("sample_id").rename(columns={c: f"{c}_sample" for c in tcols})
            f = f.merge(st, on="sample_id", how="left")
        f = f.merge(clin, on="patient_id", how="left", suffixes=("", "_cohort"))
        for c in ("oncotree_code", "cancer_type"):
            for src in (f"{c}_sample", f"{c}_cohort"):
                if src in f:
                    f[c] = f[c].where(f[c].notna(), f[src]) if c in f else f[src]
                    f = f.drop(columns=src)
    if clinical is not None:
        key = "sample_id" if "sample_id" in clinical else "patient_id"
        if key not in clinical:
            raise InputError("clinical table needs a sample_id or patient_id column", column="sample_id",
                             fix="add a sample_id (or patient_id) column")
        cl = clinical.copy()
        cl[key] = cl[key].astype(str)
        f = f.merge(cl, on=key, how="left", suffixes=("_old", ""))
        for c in [c for c in f.columns if c.endswith("_old")]:
            base = c[:-4]
            f[base] = f[base].where(f[base].notna(), f[c])
            f = f.drop(columns=c)
    if tumour_type is not None:
        fixed = kb.resolve_tumour_type(tumour_type)
        if not fixed:
            raise InputError(f"tumour type {tumour_type!r} is not a known OncoTree code or synonym",
                             column="tumour_type", expected=f"an OncoTree code such as {', '.join(list(kb.oncotree)[:6])}",
                             fix="give an OncoTree code (see mdm2io/knowledge/data/oncotree.yaml)")
        codes = [fixed] * len(f)
    else:
        codes = [frozenset()] * len(f)
        for col in ("oncotree_code", "cancer_type"):  # first found wins
            if col in f:
                mapped = f[col].map(lambda v: kb.resolve_tumour_type(v)).tolist()
                codes = [c if c else m for c, m in zip(codes, mapped)]
    f["tumour_codes"] = codes
    f["ONCOTREE_CODE"] = ["/".join(sorted(c)) for c in codes]
    if "solid_tumour" not in f:
        f["solid_tumour"] = [True if c else None for c in codes]
    return f


# ---------------------------------------------------------------------------------- rows
def _mdm2i(rec: dict) -> tuple[str, str]:
    tp53 = rec.get("TP53_status")
    if tp53 == "mutated":
        d = rec.get("TP53_detail")
        return "no", f"TP53 {d if isinstance(d, str) and d else 'mutated'} (MDM2 inhibitors need wild-type p53)"
    if tp53 == "deleted":
        return "no", "TP53 deleted (MDM2 inhibitors need wild-type p53)"
    if tp53 != "wild_type":
        return "unknown", "TP53 not assessed"
    amps = []
    for g in ("MDM2", "MDM4"):
        if rec.get(f"{g}_status") == "amplified":
            cn = rec.get(f"{g}_cn")
            amps.append(f"{g} amplified" + (f" (CN {cn:g})" if isinstance(cn, (int, float)) and cn == cn else ""))
    if amps:
        return "candidate", "TP53 wild-type, " + ", ".join(amps)
    return "tp53_wild_type_only", "TP53 wild-type; MDM2/MDM4 not amplified"


def _implication(evs) -> tuple[str, str, str]:
    ici = [e for e in evs if e.context == "ICI"]
    if not ici:
        return "", "", ""
    dirs = {e.direction for e in ici}
    best = min(ici, key=lambda e: _LEVEL_RANK[e.level]).level
    if "resistance" in dirs:
        text = "possible resistance / hyperprogression risk"
        if "no_association" in dirs:
            text += "; conflicting evidence"
    elif dirs == {"no_association"}:
        text = "no association reported"
    else:
        text = "context only"
    if all(e.verification != "verified" for e in ici):
        text += " [UNVERIFIED]"
    hpd = "; ".join(f"{e.effect} ({e.direction}, level {e.level}{', UNVERIFIED' if e.verification != 'verified' else ''})"
                    for e in ici)
    return f"{text} (level {best})", hpd, best


def _alterations(rec: dict, gene_cols) -> list[tuple[str, str, str, float]]:
    """(gene, kind, label, copy_number) for every altered gene of a sample (TP53 handled separately)."""
    out = []
    seen = set()
    # Boolean flags from the genomics stage (EGFR_mutated + EGFR_detail, ALK_fusion ...).
    for col, val in rec.items():
        m = _FLAG_COL.match(str(col))
        if not m or m.group(1) == "TP53" or not _true(val):
            continue
        gene, what = m.groups()
        detail = rec.get(f"{gene}_detail")
        label = detail if isinstance(detail, str) and detail else ("Fusion" if what == "fusion" else "Mutation")
        out.append((gene, "fusion" if what == "fusion" else "mutation", label, np.nan))
        seen.add((gene, "mutation" if what == "mutated" else "fusion"))
    for gene in gene_cols:
        if gene == "TP53":
            continue
        st = rec.get(f"{gene}_status")
        kind = _STATUS_TO_ALT.get(st)
        if kind is None:
            continue
        if (gene, kind) in seen:
            continue
        cn = rec.get(f"{gene}_cn")
        detail = rec.get(f"{gene}_detail")
        label = {"amplification": "Amplification", "deletion": "Deletion"}.get(kind) or (
            detail if isinstance(detail, str) and detail else "Mutation")
        out.append((gene, kind, label, cn))
    return out


def _true(v) -> bool:
    if isinstance(v, str):
        return v.strip().lower() in ("true", "1", "yes")
    try:
        return bool(v) and not pd.isna(v)
    except (TypeError, ValueError):
        return False


def _is_biomarker_table(path: Path) -> bool:
    """A TSV/CSV whose header has sample_id and at least one <GENE>_status column."""
    if path.is_dir() or path.suffix.lower() not in (".tsv", ".csv", ".txt", ".gz"):
        return False
    import gzip
    import zlib

    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8-sig") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    cols = [c.strip() for c in re.split(r"[\t,]", line.rstrip("\n"))]
                    return "sample_id" in cols and any(_STATUS_COL.match(c) for c in cols)
    except (OSError, UnicodeDecodeError, EOFError, zlib.error):  # the genomics reader then names the problem
        return False
    return False


def annotate_files(paths, *, preset: str = "foundation", tumour_type=None, clinical=None, kb=None,
                   **reader_options) -> AnnotationResult:
    """Annotate from files: biomarker tables are used as they are; anything else (cohort or
    cBioPortal folders, MAF, VCF, .seg, CNA matrices; several combined) goes through
    :func:`mdm2io.genomics.call_inputs` first.

    The genomics readers' problems (rows not used, warnings) are kept in
    ``result.provenance["input_problems"]``.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise InputError("no input given", expected="a cohort folder, genomic files or biomarker tables",
                         fix="name at least one input")
    for p in paths:
        if not p.exists():
            raise InputError("file or folder does not exist", file=str(p), fix="check the path")
    flags = [_is_biomarker_table(p) for p in paths]
    if all(flags):
        data = pd.concat([read_biomarker_table(p) for p in paths], ignore_index=True)
        _validate_biomarkers(data)
        res = annotate(data, tumour_type=tumour_type, clinical=clinical, kb=kb)
        res.provenance["biomarker_source"] = "biomarker table(s) " + ", ".join(map(str, paths))
        return res
    if any(flags):
        raise InputError("biomarker tables cannot be mixed with raw genomic inputs",
                         file=str(paths[flags.index(True)]),
                         fix="annotate the biomarker tables on their own, or give only raw inputs")
    from ..genomics import call_inputs

    called = call_inputs(paths, preset, **reader_options)
    res = annotate(called.biomarkers, tumour_type=tumour_type, clinical=clinical, kb=kb, cohort=called.cohort)
    res.provenance["biomarker_source"] = (f"mdm2io.genomics.call_inputs(preset={preset!r}) on "
                                          + ", ".join(map(str, paths)))
    res.provenance["input_problems"] = [p.to_dict() for p in called.problems]
    return res


def annotate(data, *, tumour_type=None, clinical: pd.DataFrame | None = None, kb=None,
             preset: str = "foundation", cohort=None) -> AnnotationResult:
    """Annotate samples with cited ICI evidence, MDM2-inhibitor eligibility and trial matches.

    Parameters
    ----------
    data
        A biomarker table (DataFrame as from :func:`mdm2io.genomics.call_biomarkers`), a
        path to one (TSV/CSV), or a :class:`~mdm2io.cohort.Cohort` (biomarkers are then
        called with ``preset``; clinical facts come from the cohort).
    tumour_type
        OncoTree code or free text applied to every sample (overrides the cohort's).
    clinical
        Optional per-sample/patient facts (``age_years``, ``ecog``, ``platelets_10e9_per_l``,
        ``anti_pd1_naive``, ``anti_pd1_refractory`` ...).
    kb
        A :class:`~mdm2io.knowledge.KnowledgeBase` (default: the bundled one).
    cohort
        With a biomarker table, the cohort it came from (for clinical facts).

    Returns
    -------
    AnnotationResult

    Examples
    --------
    >>> import pandas as pd
    >>> bm = pd.DataFrame({"sample_id": ["s1"], "TP53_status": ["mutated"], "TP53_detail": ["p.R248Q"],
    ...                    "MDM2_status": ["amplified"], "MDM2_cn": [14.0]})
    >>> res = annotate(bm, tumour_type="BLCA")
    >>> row = res.table.set_index("HUGO_SYMBOL").loc["MDM2"]
    >>> row.MDM2I_ELIGIBLE, row.MDM2I_REASON
    ('no', 'TP53 p.R248Q (MDM2 inhibitors need wild-type p53)')
    >>> row.ICI_IMPLICATION
    'possible resistance / hyperprogression risk; conflicting evidence (level D)'
    """
    from ..cohort import Cohort

    kb = kb or load_knowledge()
    biomarker_source = "biomarker table"
    if isinstance(data, Cohort):
        cohort = data
        biomarkers, biomarker_source = biomarkers_for_cohort(data, preset=preset)
    elif isinstance(data, (str, Path)):
        biomarkers = read_biomarker_table(data)
        biomarker_source = f"biomarker table {data}"
    elif isinstance(data, pd.DataFrame):
        _validate_biomarkers(data)
        biomarkers = data
    else:
        raise InputError(f"cannot annotate a {type(data).__name__}",
                         expected="a biomarker DataFrame, a path to a biomarker TSV, or a Cohort",
                         fix="pass mdm2io.genomics.call_biomarkers(cohort) or the cohort itself")
    if len(biomarkers) == 0:
        where = f"cohort {cohort.name!r}" if cohort is not None else "the biomarker table"
        raise InputError(f"no samples to annotate in {where}",
                         expected="at least one sequenced sample (samples table / biomarker rows)",
                         fix="give a cohort with a samples table and alterations, or a non-empty biomarker table")
    facts = facts_table(biomarkers, kb, cohort=cohort, tumour_type=tumour_type, clinical=clinical)
    matches = match_trials(facts, kb)
    gene_cols = [m.group(1) for c in facts.columns if (m := _STATUS_COL.match(str(c)))]
    best = (matches[matches["match"].isin(["eligible", "possibly_eligible"])]
            .assign(_o=lambda d: d["match"].map(MATCH_ORDER)).sort_values(["sample_id", "_o", "trial_id"]))
    labels = best["trial_id"] + ":" + best["cohort_id"] + " (" + best["match"].str.replace("_", " ") + ")"
    trial_text = labels.groupby(best["sample_id"]).agg("; ".join) if len(best) else pd.Series(dtype=object)
    rows = []
    version = kb.version
    for rec in facts.to_dict("records"):
        codes = rec["tumour_codes"]
        elig, why = _mdm2i(rec)
        trials = trial_text.get(rec["sample_id"], "")
        rule = rec.get("rule") if isinstance(rec.get("rule"), str) else biomarker_source
        base = {"SAMPLE_ID": rec["sample_id"], "PATIENT_ID": rec["patient_id"], "ONCOTREE_CODE": rec["ONCOTREE_CODE"],
                "RULE": rule, "MDM2I_ELIGIBLE": elig, "MDM2I_REASON": why, "TRIAL_MATCHES": trials,
                "KB_VERSION": version}
        tp53 = rec.get("TP53_status") if isinstance(rec.get("TP53_status"), str) else "not_assessed"
        tp53_label = {"wild_type": "wild-type", "deleted": "Deletion", "not_assessed": "not assessed"}.get(
            tp53, rec.get("TP53_detail") if isinstance(rec.get("TP53_detail"), str) else "Mutation")
        tp53_ev = kb.evidence_for("TP53", _STATUS_TO_ALT.get(tp53, "none"), codes, context="MDM2i")
        rows.append({**base, "HUGO_SYMBOL": "TP53", "ALTERATION": tp53_label, "COPY_NUMBER": rec.get("TP53_cn"),
                     "ICI_IMPLICATION": "", "HPD_RISK_EVIDENCE": "",
                     "LEVEL": min((e.level for e in tp53_ev), key=_LEVEL_RANK.get, default=""),
                     "CITATIONS": kb.cite([s for e in tp53_ev for s in e.sources])})
        for gene, kind, label, cn in _alterations(rec, gene_cols):
            evs = kb.evidence_for(gene, kind, codes)
            if not evs:
                continue
            implication, hpd, level = _implication(evs)
            rows.append({**base, "HUGO_SYMBOL": gene, "ALTERATION": label, "COPY_NUMBER": cn,
                         "ICI_IMPLICATION": implication, "HPD_RISK_EVIDENCE": hpd,
                         "LEVEL": level or min((e.level for e in evs), key=_LEVEL_RANK.get),
                         "CITATIONS": kb.cite([s for e in evs for s in e.sources])})
    table = pd.DataFrame(rows, columns=TABLE_COLUMNS)
    provenance = {"mdm2io_version": __version__, "kb_version": kb.meta.version, "kb_date": kb.meta.date,
                  "levels_scheme": kb.meta.levels_scheme, "biomarker_source": biomarker_source,
                  "n_input_samples": int(len(biomarkers)), "disclaimer": kb.meta.disclaimer}
    if cohort is not None:
        provenance["cohort"] = cohort.name
    return AnnotationResult(table=table, matches=matches, facts=facts, kb=kb, provenance=provenance)


# ---------------------------------------------------------------------------------- output
def write_annotations(result: AnnotationResult, out_dir: str | Path, *, pages: str = "all") -> dict:
    """Write ``annotations.tsv``, ``trial_matches.tsv``, ``annotations.json`` and ``patients/*.html``.

    Parameters
    ----------
    pages
        ``"all"`` (one page per sample), ``"relevant"`` (samples with an ICI-resistance
        marker or an MDM2-inhibitor trial match) or ``"none"``.

    Returns
    -------
    dict
        Output name -> path (``pages`` -> list of paths).
    """
    from .html import page_filename, patient_pages

    out = Path(out_dir)
    (out / "patients").mkdir(parents=True, exist_ok=True)
    header = f"# mdm2io {__version__}; knowledge base {result.kb.version}; {result.kb.meta.levels_scheme}\n"
    tsv = out / "annotations.tsv"
    tsv.write_text(header + result.table.to_csv(sep="\t", index=False, na_rep=""), encoding="utf-8")
    mt = out / "trial_matches.tsv"
    mt.write_text(header + result.matches.to_csv(sep="\t", index=False, na_rep=""), encoding="utf-8")
    probs = result.provenance.get("input_problems")
    if probs:
        (out / "input_problems.tsv").write_text(header + pd.DataFrame(
            probs, columns=["severity", "file", "line", "column", "message", "expected", "fix"]).to_csv(
            sep="\t", index=False, na_rep=""), encoding="utf-8")
    js = out / "annotations.json"
    js.write_text(json.dumps({"provenance": result.provenance, "summary": result.summary()}, indent=2) + "\n")
    written = []
    if pages != "none":
        keep = set(result.table["SAMPLE_ID"])
        if pages == "relevant":
            t = result.table
            keep = set(t.loc[t["ICI_IMPLICATION"].ne("") | t["TRIAL_MATCHES"].ne(""), "SAMPLE_ID"])
        wanted = [sid for sid in result.table["SAMPLE_ID"].drop_duplicates() if sid in keep]
        for sid, page in patient_pages(result, wanted):
            p = out / "patients" / page_filename(sid)
            p.write_text(page, encoding="utf-8")
            written.append(p)
    return {"annotations": tsv, "trial_matches": mt, "json": js, "pages": written}
