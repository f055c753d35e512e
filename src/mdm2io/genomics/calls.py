"""Per-sample biomarker calls: MDM2/MDM4 amplification, TP53 status, co-alterations, TMB.

:func:`call_biomarkers` is the public entry point; :func:`call_genes` gives the long,
one-row-per-(sample, gene) table it is built from. Both record the rule that made every
call.

Which genes were *assessed* in which sample matters as much as what was found (a MAF lists
only mutated samples; a FoundationOne report lists only altered genes). It is read from
``cohort.meta["genomics"]``, which the mdm2io readers fill:

``copy_number_profiled`` / ``mutations_profiled`` / ``fusions_profiled`` (bool)
    that alteration type was profiled;
``copy_number_samples`` / ``mutations_samples`` / ``fusions_samples`` (list, optional)
    the samples profiled for it (default: every sample of the cohort);
``copy_number_genes`` / ``mutations_genes`` (list, optional)
    the genes profiled (default: all);
``copy_number_missing`` (dict gene -> list of sample ids)
    measurements that are missing (NA in a CNA matrix, no covering segment).

When the meta has no such entry: FoundationOne samples (``samples.assay`` starting with
"FoundationOne") are taken as profiled for copy number and short variants of every
gene called here (all are on the FoundationOne panel, Frampton 2013, doi:10.1038/nbt.2696;
checked against the 392 genes of IMvigor210's ``fmone``) and not for fusions (that data
release has no rearrangement calls); otherwise an alteration type counts as profiled when
the cohort has at least one call of that type, and the ``rule`` says it was assumed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._frames import frame_from_columns
from ..errors import InputError
from .copy_number import CN_STATUSES, Preset, classify_copy_number, get_preset
from .genes import AMP_11Q13, CN_GENES, FUSION_GENES, MUTATION_GENES
from .tp53 import TP53_HOTSPOT_CODONS, TP53_STATUSES, classify_variant, protein_to_short

__all__ = ["call_biomarkers", "call_genes", "coverage", "tp53_rule", "BIOMARKER_COLUMNS"]

CN_KINDS = ("amplification", "gain", "loss", "deletion")
_CODE = {s: np.int8(i) for i, s in enumerate(CN_STATUSES)}
#: Status priority when a gene has several measurements in one sample (e.g. two segments).
_PRIORITY = {s: i for i, s in enumerate(("amplified", "deleted", "gain", "loss", "neutral", "not_assessed"))}
_KIND_TO_DISCRETE = {"amplification": 2.0, "gain": 1.0, "loss": -1.0, "deletion": -2.0}
#: Columns of :func:`call_biomarkers` in order (per-gene CN columns come from CN_GENES).
BIOMARKER_COLUMNS = (
    ["sample_id", "patient_id"]
    + [c for g in CN_GENES if g != "TP53" for c in (f"{g}_status", f"{g}_cn")]
    + ["TP53_status", "TP53_detail", "TP53_cn_status", "TP53_cn",
       "MDM2_amplified", "MDM4_amplified", "MDM2_or_MDM4_amplified", "MDM2_CDK4_coamplified",
       "MDM2_FRS2_coamplified", "chr11q13_amplified", "chr11q13_all_amplified", "TP53_wild_type",
       "EGFR_mutated", "EGFR_detail", "DNMT3A_mutated", "DNMT3A_detail", "ALK_fusion",
       "tmb_per_mb", "tmb_source", "preset", "rule"]
)


def _categorical(codes: np.ndarray, categories) -> pd.Categorical:
    """A Categorical with fixed ``categories`` from int8 ``codes``: 1 byte per row instead of an 8-byte reference."""
    return pd.Categorical.from_codes(np.ascontiguousarray(codes, dtype=np.int8), categories=list(categories))


def _text_categorical(arr: np.ndarray) -> pd.Categorical:
    """A Categorical of an object array of texts, "" (most rows) first; only the other cells are hashed."""
    other = np.flatnonzero(arr != "")
    codes, uniques = pd.factorize(arr[other])
    out = np.zeros(len(arr), dtype=np.min_scalar_type(len(uniques)))
    out[other] = codes + 1
    return pd.Categorical.from_codes(out, categories=[""] + list(uniques))


def _object_full(n, value) -> np.ndarray:
    """An object array of ``n`` references to one ``value``.

    ``np.full(n, "text", dtype=object)`` goes through a fixed-width string array and makes one
    new str per cell (12 MB for 200,000 samples); ``fill`` shares the one object.
    """
    arr = np.empty(n, dtype=object)
    arr.fill(value)
    return arr


def _as_str(s: pd.Series) -> pd.Series:
    """``s.astype(str)``, without the copy (1.6 MB per 200,000 rows) when every value is already a str."""
    if s.dtype == object and pd.api.types.infer_dtype(s, skipna=False) in ("string", "empty"):
        return s
    return s.astype(str)


def coverage(cohort, preset: str | Preset = "foundation", *, copy_number_assessed: bool | None = None,
             mutations_assessed: bool | None = None, fusions_assessed: bool | None = None) -> dict:
    """What was profiled in ``cohort`` (see the module text), with how each answer was reached.

    Returns
    -------
    dict
        ``copy_number``, ``mutations``, ``fusions`` (bool), ``copy_number_samples``,
        ``mutations_samples``, ``fusions_samples``, ``copy_number_genes``,
        ``mutations_genes`` (set, or None = all), ``copy_number_missing`` (dict gene ->
        sample ids; ``[sample_id, gene]`` pairs are accepted too) and ``notes`` (list of str, for the rule text).

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> cov = coverage(load_imvigor210())
    >>> cov["copy_number"], cov["mutations"], cov["fusions"]
    (True, True, False)
    """
    p = get_preset(preset)
    meta = dict(cohort.meta.get("genomics") or {})
    a = cohort.alterations
    notes: list[str] = []
    assay = cohort.samples["assay"].astype(str) if "assay" in cohort.samples.columns else pd.Series([], dtype=str)
    # The panel assumption rests on the assay named in the data, not on the preset chosen: a MAF read
    # with the default preset must not have its copy number declared "profiled".
    foundation = len(assay) > 0 and bool(assay.str.startswith("FoundationOne").all())

    overrides = {"copy_number": copy_number_assessed, "mutations": mutations_assessed, "fusions": fusions_assessed}

    def override_none(kind):
        return overrides[kind] is None

    def decide(key, override, kinds, label):
        if override is not None:
            notes.append(f"{label} profiled={override} (set by caller)")
            return bool(override)
        if key in meta:
            return bool(meta[key])
        if foundation and label != "fusions":
            notes.append(f"{label}: FoundationOne panel covers the genes called here")
            return True
        if foundation and label == "fusions":
            return bool(a["kind"].isin(kinds).any())
        has = bool(a["kind"].isin(kinds).any())
        if has:
            notes.append(f"{label}: assumed profiled in every sample (no coverage given)")
        return has

    cov = {
        "copy_number": decide("copy_number_profiled", copy_number_assessed, CN_KINDS, "copy number"),
        "mutations": decide("mutations_profiled", mutations_assessed, ("mutation",), "short variants"),
        "fusions": decide("fusions_profiled", fusions_assessed, ("fusion",), "fusions"),
        "copy_number_genes": set(meta["copy_number_genes"]) if meta.get("copy_number_genes") else None,
        "mutations_genes": set(meta["mutations_genes"]) if meta.get("mutations_genes") else None,
        "copy_number_missing": _missing_by_gene(meta.get("copy_number_missing")),
        "notes": notes,
    }
    for kind in ("copy_number", "mutations", "fusions"):
        given = meta.get(f"{kind}_samples")
        cov[f"{kind}_samples"] = {str(x) for x in given} if (given is not None and override_none(kind)) else None
    return cov


def _missing_by_gene(missing) -> dict:
    if not missing:
        return {}
    if isinstance(missing, dict):
        return {str(g): list(map(str, ids)) for g, ids in missing.items()}
    out: dict[str, list] = {}
    for s, g in missing:
        out.setdefault(str(g), []).append(str(s))
    return out


def _cn_measurements(cohort, genes, preset: Preset) -> pd.DataFrame:
    """Copy-number rows of the alterations table for ``genes``, joined to sample purity/ploidy."""
    a = cohort.alterations
    m = a[a["kind"].isin(CN_KINDS) & a["gene"].isin(genes)].copy()
    s = cohort.samples
    extra = [c for c in ("purity", "ploidy", "wgd") if c in s.columns]
    if extra:
        m = m.merge(s[["sample_id"] + extra], on="sample_id", how="left")
    if preset.measure in ("discrete", "source_call") and len(m) and "provisional_kind" in m.columns:
        # Readers of numbers (segments, log2 matrices, copy-number columns) give only a direction;
        # presets that read the source's own call cannot use those rows.
        prov = m["provisional_kind"].fillna(False).astype(bool)
        if prov.all():
            raise InputError(
                f"preset {preset.name!r} reads the source's own calls, but these copy-number data are numbers "
                f"(log2 ratios or copy numbers) without a call", column="kind", expected="discrete values or assay calls",
                fix="use --preset cnvkit for log2 ratios, or pcgr/facets/ploidy_relative/mantra2 for copy numbers")
        # Mixed inputs: numeric-only rows cannot be read by this preset; their genes become
        # not_assessed in those samples (a real call for the same gene still wins), never neutral.
        m["_unreadable"] = prov.to_numpy()
    if preset.measure == "discrete":
        disc = pd.to_numeric(m["cna_value"], errors="coerce") if "cna_value" in m.columns else pd.Series(np.nan, index=m.index)
        # A source call without a discrete value maps as cBioPortal imports such calls (amp 2, gain 1, loss -1, del -2).
        m["cna_value"] = disc.fillna(m["kind"].map(_KIND_TO_DISCRETE))
    need = {"absolute": ["copy_number"], "relative": ["copy_number"], "log2": ["log2_ratio", "copy_number"]}.get(preset.measure)
    if need and len(m):
        have = [c for c in need if c in m.columns and pd.to_numeric(m[c], errors="coerce").notna().any()]
        if not have:
            raise InputError(
                f"preset {preset.name!r} needs {' or '.join(need)} values, but the copy-number calls in this cohort "
                f"have none (they carry only the source's call)",
                column=need[0], expected=f"a {need[0]} per copy-number call",
                fix="use --preset foundation or cbioportal for call-only data, or read segments/absolute copy numbers")
    return m


def call_genes(cohort, preset: str | Preset = "foundation", *, genes=CN_GENES, amp_factor: float | None = None,
               default_ploidy: float = 2.0, copy_number_assessed: bool | None = None) -> pd.DataFrame:
    """Copy-number status of every (sample, gene) pair: the long table behind :func:`call_biomarkers`.

    Parameters
    ----------
    cohort : Cohort
    preset : str or Preset
        A name from :data:`mdm2io.genomics.PRESETS`.
    genes : sequence of str
        Genes to call (default :data:`~mdm2io.genomics.genes.CN_GENES`).
    amp_factor, default_ploidy
        Passed to :func:`~mdm2io.genomics.copy_number.classify_copy_number`.
    copy_number_assessed : bool, optional
        Override the coverage found by :func:`coverage`.

    Returns
    -------
    DataFrame
        ``sample_id, gene, status, copy_number, value_used, n_measurements, rule``; one row
        per sample of ``cohort.samples`` and gene. ``copy_number`` is the source's value
        (NaN when the source reported none, e.g. FoundationOne reports copy number only
        for altered genes).

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> g = call_genes(load_imvigor210(), "foundation", genes=["MDM2"])
    >>> g.status.astype(str).value_counts().to_dict()
    {'neutral': 268, 'amplified': 25}
    """
    a = _gene_arrays(cohort, get_preset(preset), genes, amp_factor=amp_factor, default_ploidy=default_ploidy,
                     copy_number_assessed=copy_number_assessed)
    return a.table()


class _GeneArrays:
    """Copy-number calls as (sample x gene) arrays; :meth:`table` gives the long DataFrame of :func:`call_genes`.

    :func:`call_biomarkers` reads the arrays directly: on 200,000 samples the long table
    (one row per sample and gene) would cost ~40 MB that the per-sample table does not need.
    """

    def __init__(self, sids, genes, status, copy_number, value_used, n_meas, rule):
        # value_used and n_meas are only for the long table: dense (sample x gene) arrays, or
        # (flat index, values) pairs of the measured cells (12.8 MB less on 200,000 samples x 4 genes)
        self.sids, self.genes, self.status = sids, genes, status
        self.copy_number, self.value_used, self.n_meas, self.rule = copy_number, value_used, n_meas, rule

    def _dense(self, x, fill, dtype) -> np.ndarray:
        if not isinstance(x, tuple):
            return x.ravel()
        out = np.full(self.status.size, fill, dtype=dtype)
        out[x[0]] = x[1]
        return out

    def table(self) -> pd.DataFrame:
        n_s, n_g = self.status.shape
        return pd.DataFrame({
            "sample_id": np.repeat(self.sids, n_g),
            "gene": np.tile(np.asarray(self.genes, dtype=object), n_s),
            "status": pd.Categorical.from_codes(self.status.ravel(), categories=list(CN_STATUSES)),
            "copy_number": self.copy_number.ravel(),
            "value_used": self._dense(self.value_used, np.nan, float),
            "n_measurements": self._dense(self.n_meas, 0, int),
            # one rule for the whole table: a categorical keeps 10^6 rows cheap
            "rule": pd.Categorical.from_codes(np.zeros(n_s * n_g, dtype=np.int8), categories=[self.rule]),
        })

    @classmethod
    def from_table(cls, long: pd.DataFrame, sids, genes) -> "_GeneArrays":
        n, n_g = len(sids), len(genes)
        codes = pd.Categorical(long["status"], categories=list(CN_STATUSES)).codes.astype(np.int8)
        return cls(sids, genes, codes.reshape(n, n_g), long["copy_number"].to_numpy(dtype=float).reshape(n, n_g),
                   long["value_used"].to_numpy(dtype=float).reshape(n, n_g),
                   long["n_measurements"].to_numpy().reshape(n, n_g), str(long["rule"].iloc[0]) if len(long) else "")


def _gene_arrays(cohort, p: Preset, genes, *, amp_factor=None, default_ploidy=2.0,
                 copy_number_assessed=None) -> _GeneArrays:
    genes = list(dict.fromkeys(genes))
    cov = coverage(cohort, p, copy_number_assessed=copy_number_assessed)
    sids = _as_str(cohort.samples["sample_id"]).to_numpy()
    n_s, n_g = len(sids), len(genes)
    # statuses as int8 codes into CN_STATUSES (memory and speed on 10^5-10^6 sample-gene pairs)
    NA, code = _CODE["not_assessed"], _CODE
    status = np.full((n_s, n_g), code["neutral"] if cov["copy_number"] else NA, dtype=np.int8)
    if cov["copy_number_genes"] is not None:
        for j, g in enumerate(genes):
            if g not in cov["copy_number_genes"]:
                status[:, j] = NA
    if cov["copy_number_samples"] is not None:
        status[~pd.Index(sids).isin(cov["copy_number_samples"]), :] = NA  # hash lookup (np.isin on str is O(n*m))
    s_pos = pd.Index(sids)
    g_pos = pd.Index(genes)
    for g, ids in cov["copy_number_missing"].items():
        if g in g_pos:
            i = s_pos.get_indexer(ids)
            status[i[i >= 0], g_pos.get_loc(g)] = NA
    copy_number = np.full((n_s, n_g), np.nan)
    value_used = n_meas = (np.empty(0, dtype=np.intp), np.empty(0))  # sparse: measured cells only
    overrides = {"amp_factor": amp_factor} if (amp_factor is not None and p.measure == "relative") else {}
    m = _cn_measurements(cohort, genes, p) if cov["copy_number"] else pd.DataFrame()
    if len(m):
        m = classify_copy_number(m, p, amp_factor=amp_factor, default_ploidy=default_ploidy)
        if "_unreadable" in m.columns:
            m.loc[m["_unreadable"].to_numpy(dtype=bool), "status"] = "not_assessed"
        # Several measurements of one (sample, gene) cell: the highest-priority status wins (first
        # in file order on ties). Done on integer cell numbers, not by grouping 10^5 sample-id strings.
        i, j = s_pos.get_indexer(m["sample_id"]), g_pos.get_indexer(m["gene"])
        rows = np.flatnonzero((i >= 0) & (j >= 0))
        by_prio = rows[np.argsort(m["status"].map(_PRIORITY).to_numpy()[rows], kind="stable")]
        cells, first, counts = np.unique(i[by_prio] * n_g + j[by_prio], return_index=True, return_counts=True)
        best = by_prio[first]
        status.flat[cells] = m["status"].map(code).to_numpy(dtype=np.int8)[best]
        if "copy_number" in m:
            copy_number.flat[cells] = pd.to_numeric(m["copy_number"], errors="coerce").to_numpy(dtype=float)[best]
        value_used = (cells, m["value_used"].to_numpy(dtype=float)[best])
        n_meas = (cells, counts)
    rule = p.rule(citation=False, short=True, **overrides) + ("; " + "; ".join(cov["notes"]) if cov["notes"] else "")
    if p.measure == "relative" and "ploidy" not in cohort.samples.columns:
        rule += f" (sample ploidy not given: {default_ploidy:g} assumed)"
    return _GeneArrays(sids, genes, status, copy_number, value_used, n_meas, rule)


def tp53_rule(hotspot_codons=TP53_HOTSPOT_CODONS, profiled: bool = True, citation: bool = False) -> str:
    """The TP53 part of the ``rule`` text.

    Examples
    --------
    >>> tp53_rule(profiled=False)
    'TP53: mutated = protein-altering short variant (hotspot codons 175,245,248,249,273,282), deleted = deep deletion, else wild_type; short variants not profiled'
    """
    text = ("TP53: mutated = protein-altering short variant (hotspot codons "
            f"{','.join(map(str, sorted(hotspot_codons)))}), deleted = deep deletion, else wild_type"
            + (" (short variants profiled)" if profiled else "; short variants not profiled"))
    if citation:
        text += " [hotspots: Baugh 2018 doi:10.1038/cdd.2017.180; Bouaoun 2016 doi:10.1002/humu.23035]"
    return text


def _variant_table(cohort, genes) -> pd.DataFrame:
    a = cohort.alterations
    v = a[(a["kind"] == "mutation") & a["gene"].isin(genes)]
    def col(name):
        return v[name] if name in v.columns else pd.Series(None, index=v.index, dtype=object)

    v = pd.DataFrame({"sample_id": v["sample_id"].astype(str), "gene": v["gene"],
                      "protein_change": col("protein_change"), "variant_classification": col("variant_classification")})
    v["protein_short"] = v["protein_change"].map(protein_to_short)
    return v


def _describe(v: pd.DataFrame) -> pd.Series:
    """'p.R248Q (hotspot missense); p.Q192* (truncating)' per sample."""
    label = v["protein_short"].where(v["protein_short"] != "", "protein change not given") + " (" + v["class"] + \
        v["class"].map(lambda c: ", not counted" if c == "silent" else "") + ")"
    return label.groupby(v["sample_id"]).agg("; ".join)


def call_biomarkers(cohort, preset: str | Preset = "foundation", *, amp_factor: float | None = None,
                    default_ploidy: float = 2.0, hotspot_codons=TP53_HOTSPOT_CODONS,
                    copy_number_assessed: bool | None = None, mutations_assessed: bool | None = None,
                    fusions_assessed: bool | None = None, genes=CN_GENES, panel_size_mb: float | None = None,
                    tmb_numerator: str = "coding_non_silent", gene_calls: pd.DataFrame | None = None) -> pd.DataFrame:
    """Biomarker calls per sample: MDM2/MDM4 amplification, TP53 status, co-alterations, TMB.

    Parameters
    ----------
    cohort : Cohort
        Samples and alterations (from a bundled dataset or an :mod:`mdm2io.io` reader).
    preset : str or Preset
        Copy-number rule, one of :data:`mdm2io.genomics.PRESETS`: ``foundation`` (the
        assay's own call), ``cbioportal`` (discrete value 2), ``pcgr`` (CN ≥ 5), ``facets``
        (CN ≥ 5, ≥ 6 after genome doubling), ``ploidy_relative`` (CN ≥ 2.5 × ploidy),
        ``cnvkit`` (log2 ≥ 0.7, purity-aware), ``mantra2`` (CN ≥ 12).
    amp_factor : float, optional
        ``ploidy_relative`` only: amplification at ``amp_factor`` × ploidy (2.0 = GDC).
    default_ploidy : float
        Ploidy assumed for samples without one (relative/log2 presets).
    hotspot_codons : set of int
        TP53 codons whose missense variants are "hotspot missense".
    copy_number_assessed, mutations_assessed, fusions_assessed : bool, optional
        Override what :func:`coverage` infers was profiled.
    genes : sequence of str
        Copy-number genes to call (default all of
        :data:`~mdm2io.genomics.genes.CN_GENES`; the benchmark passes fewer).
    panel_size_mb : float, optional
        Coding territory for TMB computed from the mutation calls
        (:func:`~mdm2io.genomics.tmb.compute_tmb`), used for samples without a reported
        ``samples.tmb_per_mb``; ``samples.panel_size_mb`` is used when present.
    tmb_numerator : str
        Which variants count for a computed TMB (see :mod:`mdm2io.genomics.tmb`).
    gene_calls : DataFrame, optional
        The output of :func:`call_genes` for the same cohort, preset and genes, when already
        computed (saves recomputing it).

    Returns
    -------
    DataFrame
        One row per sample of ``cohort.samples``, columns :data:`BIOMARKER_COLUMNS`:

        - ``<GENE>_status``: ``amplified, gain, neutral, loss, deleted, not_assessed``;
          ``<GENE>_cn``: copy number as reported (NaN if not reported);
        - ``TP53_status``: ``wild_type, mutated, deleted, not_assessed``; ``TP53_detail``
          names the variant(s) and class, e.g. ``p.R248Q (hotspot missense)``; a deep
          deletion is ``deleted`` unless a variant is also called (then ``mutated``);
        - boolean conveniences (nullable ``boolean``, ``<NA>`` when not assessed):
          ``MDM2_amplified`` (``MDM2_status == "amplified"``), ``MDM4_amplified``,
          ``MDM2_or_MDM4_amplified``, ``MDM2_CDK4_coamplified``, ``MDM2_FRS2_coamplified``,
          ``chr11q13_amplified`` (any of CCND1/FGF3/FGF4/FGF19), ``chr11q13_all_amplified``,
          ``TP53_wild_type``, ``EGFR_mutated``, ``DNMT3A_mutated``, ``ALK_fusion``;
        - ``tmb_per_mb`` and ``tmb_source``: the sample's reported TMB, else a TMB computed
          from the mutation calls when a panel size is known (the source names the rule);
        - ``preset`` and ``rule``: the rule text behind every call on the row.

        The status columns (``<GENE>_status``, ``TP53_cn_status``, ``TP53_status``) are
        pandas Categoricals with fixed categories (``CN_STATUSES`` and ``TP53_STATUSES``, in
        that order, every category present even when no sample has it); ``preset`` and
        ``rule`` are one-category Categoricals; ``<GENE>_detail`` and ``tmb_source`` are
        Categoricals of the texts found ("" where there is none). Comparisons (``== "amplified"``), ``isin`` and
        ``str`` methods work as on text; ``value_counts()`` lists zero counts too, and
        ``astype(object)`` gives plain text. (1 byte per row instead of an 8-byte
        reference: 200,000 samples x 12 columns save ≈ 17 MB.)

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> b = call_biomarkers(load_imvigor210(), preset="foundation")
    >>> len(b), int(b.MDM2_amplified.sum()), int((b.MDM4_status == "amplified").sum())
    (293, 25, 0)
    >>> int(b.MDM2_FRS2_coamplified.sum())
    23
    >>> list(b.MDM2_status.cat.categories)
    ['amplified', 'gain', 'neutral', 'loss', 'deleted', 'not_assessed']
    >>> b.set_index("sample_id").loc["SAM0011a04dd0ef", ["TP53_status", "TP53_detail"]].tolist()
    ['mutated', 'p.E285K (other missense); p.E287D (other missense)']
    """
    p = get_preset(preset)
    genes = list(dict.fromkeys(list(genes)))
    cov = coverage(cohort, p, copy_number_assessed=copy_number_assessed, mutations_assessed=mutations_assessed,
                   fusions_assessed=fusions_assessed)
    s = cohort.samples
    sids = _as_str(s["sample_id"])
    n = len(s)
    if isinstance(gene_calls, _GeneArrays):
        arrays = gene_calls
    elif gene_calls is not None:
        arrays = _GeneArrays.from_table(gene_calls, sids.to_numpy(), genes)
    else:
        arrays = _gene_arrays(cohort, p, genes, amp_factor=amp_factor, default_ploidy=default_ploidy,
                              copy_number_assessed=copy_number_assessed)
    # Columns are collected in a dict and the frame built once (inserting 30 columns into a
    # 200,000-row DataFrame one by one copies them again and again).
    out = {"sample_id": sids.to_numpy(), "patient_id": _as_str(s["patient_id"]).to_numpy()}
    s_pos = pd.Index(out["sample_id"])

    def per_sample(text_by_sample: pd.Series) -> np.ndarray:
        """Text per sample ("" where none) from a Series indexed by sample_id."""
        arr = _object_full(n, "")
        if len(text_by_sample):
            i = s_pos.get_indexer(text_by_sample.index)
            arr[i[i >= 0]] = text_by_sample.to_numpy(dtype=object)[i >= 0]
        return arr
    cn = arrays.copy_number
    for j, g in enumerate(genes):
        # statuses as Categoricals with the fixed categories CN_STATUSES (200,000 rows: 0.2 MB, not 1.6 MB)
        out["TP53_cn_status" if g == "TP53" else f"{g}_status"] = _categorical(arrays.status[:, j], CN_STATUSES)
        out[f"{g}_cn"] = cn[:, j]

    def amp(g):
        if g not in genes or g == "TP53":  # gene not called: unknown for every sample
            return pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool))
        codes = arrays.status[:, genes.index(g)]  # int8 codes: cheaper than comparing strings
        return pd.arrays.BooleanArray(codes == _CODE["amplified"], codes == _CODE["not_assessed"])

    # --- TP53 and other short variants
    mut_genes = set(MUTATION_GENES)
    v = _variant_table(cohort, list(mut_genes))
    # the same classes for every gene; "hotspot" codons are TP53's only
    v["class"] = [classify_variant(pc, vc, hotspot_codons if g == "TP53" else frozenset())
                  for pc, vc, g in zip(v["protein_change"], v["variant_classification"], v["gene"])]
    counted = v[v["class"] != "silent"]

    def mut_assessed(g):
        return cov["mutations"] and (cov["mutations_genes"] is None or g in cov["mutations_genes"])

    mut_samples = (sids.isin(cov["mutations_samples"]).to_numpy() if cov["mutations_samples"] is not None
                   else np.ones(n, dtype=bool))

    tp53_mut = sids.isin(set(counted.loc[counted.gene == "TP53", "sample_id"])).to_numpy()
    tp53_del = (arrays.status[:, genes.index("TP53")] == _CODE["deleted"] if "TP53" in genes
                else np.zeros(n, dtype=bool))
    tcode = {s: np.int8(i) for i, s in enumerate(TP53_STATUSES)}
    tp = np.full(n, tcode["wild_type" if mut_assessed("TP53") else "not_assessed"], dtype=np.int8)
    tp[~mut_samples] = tcode["not_assessed"]
    tp[tp53_del] = tcode["deleted"]
    tp[tp53_mut] = tcode["mutated"]
    detail = per_sample(_describe(v[v.gene == "TP53"]))
    tp53_cn_value = out["TP53_cn"] if "TP53_cn" in out else np.full(n, np.nan)
    for i in np.flatnonzero(tp53_del):  # deletions are few: text per deleted sample only
        txt = "deep deletion" + ("" if np.isnan(tp53_cn_value[i]) else f" (copy number {tp53_cn_value[i]:g})")
        detail[i] = f"{detail[i]}; {txt}" if detail[i] else txt
    out["TP53_status"] = _categorical(tp, TP53_STATUSES)
    out["TP53_detail"] = detail

    out["MDM2_amplified"] = amp("MDM2")
    out["MDM4_amplified"] = amp("MDM4")
    out["MDM2_or_MDM4_amplified"] = out["MDM2_amplified"] | out["MDM4_amplified"]
    out["MDM2_CDK4_coamplified"] = out["MDM2_amplified"] & amp("CDK4")
    out["MDM2_FRS2_coamplified"] = out["MDM2_amplified"] & amp("FRS2")
    a11 = [amp(g) for g in AMP_11Q13]
    any11, all11 = a11[0], a11[0]
    for x in a11[1:]:
        any11, all11 = any11 | x, all11 & x
    out["chr11q13_amplified"] = any11
    out["chr11q13_all_amplified"] = all11
    out["TP53_wild_type"] = pd.arrays.BooleanArray(tp == tcode["wild_type"], tp == tcode["not_assessed"])
    for g in ("EGFR", "DNMT3A"):
        has = sids.isin(set(counted.loc[counted.gene == g, "sample_id"])).to_numpy()
        arr = pd.array(has, dtype="boolean")
        if not mut_assessed(g):
            arr[~has] = pd.NA
        arr[~has & ~mut_samples] = pd.NA
        out[f"{g}_mutated"] = arr
        out[f"{g}_detail"] = per_sample(
            v[v.gene == g].assign(l=lambda d: d["protein_short"].where(d["protein_short"] != "", "protein change not given")
                                  + np.where(d["class"] == "silent", " (silent, not counted)", ""))
            .groupby("sample_id")["l"].agg("; ".join))
    a = cohort.alterations
    fus = sids.isin(set(a.loc[(a["kind"] == "fusion") & a["gene"].isin(FUSION_GENES), "sample_id"])).to_numpy()
    arr = pd.array(fus, dtype="boolean")
    if not cov["fusions"]:
        arr[~fus] = pd.NA
    elif cov["fusions_samples"] is not None:
        arr[~fus & ~sids.isin(cov["fusions_samples"]).to_numpy()] = pd.NA
    out["ALK_fusion"] = arr
    reported = pd.to_numeric(s["tmb_per_mb"], errors="coerce").to_numpy(dtype=float) if "tmb_per_mb" in s.columns \
        else np.full(n, np.nan)
    out["tmb_per_mb"] = reported
    # index into shared str objects (np.where on str literals makes a wide fixed-width array)
    out["tmb_source"] = np.array(["", "reported by source (samples.tmb_per_mb)"], dtype=object)[(~np.isnan(reported)).astype(int)]
    has_size = panel_size_mb is not None or ("panel_size_mb" in s.columns and s["panel_size_mb"].notna().any())
    if np.isnan(reported).any() and has_size and cov["mutations"]:
        from .tmb import compute_tmb

        t = compute_tmb(cohort, panel_size_mb, numerator=tmb_numerator, samples=cov["mutations_samples"])
        fill = np.isnan(reported) & ~np.isnan(t["tmb_per_mb"].to_numpy(dtype=float))
        out["tmb_per_mb"] = np.where(fill, t["tmb_per_mb"].to_numpy(dtype=float), reported)
        out["tmb_source"][fill] = ("computed: " + t["n_counted"].astype(str) + " variants / "
                                       + t["panel_size_mb"].map(lambda x: f"{x:g}") + " Mb; " + t["tmb_rule"]).to_numpy()[fill]
    # one value on every row: a one-category Categorical (no 200,000 references)
    out["preset"] = _categorical(np.zeros(n, dtype=np.int8), [p.name])
    out["rule"] = _categorical(np.zeros(n, dtype=np.int8),
                               [(arrays.rule + " | " if n else "") + tp53_rule(hotspot_codons, mut_assessed("TP53"))])
    for c in ("TP53_detail", "EGFR_detail", "DNMT3A_detail", "tmb_source"):
        out[c] = _text_categorical(out[c])  # few distinct texts ("" for most samples): 1 byte per row, not 8
    return frame_from_columns({c: out[c] for c in BIOMARKER_COLUMNS if c in out}, n)
