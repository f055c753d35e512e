"""The :class:`KnowledgeBase` container: validated records plus lookups used by annotation."""

from __future__ import annotations

from dataclasses import dataclass, field

from .schema import Drug, Evidence, HpdCase, KBMeta, Mechanism, OncoTreeCode, Source, Trial

__all__ = ["KnowledgeBase"]


@dataclass(frozen=True)
class KnowledgeBase:
    """Cited evidence, HPD cases, drugs, trials, mechanism graph and OncoTree subset.

    Load it with :func:`mdm2io.knowledge.load_knowledge`.

    Examples
    --------
    >>> from mdm2io.knowledge import load_knowledge
    >>> kb = load_knowledge()
    >>> sorted(kb.resolve_tumour_type("urothelial carcinoma"))
    ['BLCA', 'UTUC']
    >>> "SKCM" in kb.expand_codes(["MEL"])
    True
    """

    meta: KBMeta
    sources: dict[str, Source]
    evidence: list[Evidence]
    hpd_cases: list[HpdCase]
    drugs: dict[str, Drug]
    trials: dict[str, Trial]
    mechanism: Mechanism
    oncotree: dict[str, OncoTreeCode]
    path: str = ""
    _synonyms: dict = field(default_factory=dict, repr=False, compare=False)
    _expanded: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self):
        syn = {}
        for c in self.oncotree.values():
            target = frozenset(c.ambiguous) if c.ambiguous else frozenset({c.code})
            for s in [c.code.lower(), c.name.lower(), *c.synonyms]:
                syn[s.strip().lower()] = target
        object.__setattr__(self, "_synonyms", syn)

    # ------------------------------------------------------------------ provenance
    @property
    def version(self) -> str:
        """``"<version> (<date>)"``, written into every output."""
        return f"{self.meta.version} ({self.meta.date})"

    def cite(self, source_ids) -> str:
        """``"PMID:28351930; PMC6106866"`` for a list of source ids; unverified ones are marked.

        Examples
        --------
        >>> from mdm2io.knowledge import load_knowledge
        >>> load_knowledge().cite(["kato2017", "nct04785196"])
        'PMID:28351930; NCT04785196 [UNVERIFIED]'
        """
        out = []
        for sid in source_ids:
            s = self.sources[sid]
            out.append(s.label() + (" [UNVERIFIED]" if s.status != "verified" else ""))
        return "; ".join(dict.fromkeys(out))

    # ------------------------------------------------------------------ tumour types
    def resolve_tumour_type(self, value) -> frozenset:
        """OncoTree codes a code or free-text cancer type may denote (empty if unknown or missing)."""
        if value is None or (isinstance(value, float) and value != value):
            return frozenset()
        text = str(value).strip()
        if not text:
            return frozenset()
        if text.upper() in self.oncotree:
            c = self.oncotree[text.upper()]
            return frozenset(c.ambiguous) if c.ambiguous else frozenset({c.code})
        return self._synonyms.get(text.lower(), frozenset())

    def expand_codes(self, codes) -> frozenset:
        """``codes`` plus all their OncoTree descendants."""
        key = frozenset(codes)
        if key in self._expanded:
            return self._expanded[key]
        out = set(codes)
        changed = True
        while changed:
            changed = False
            for c in self.oncotree.values():
                if c.parent in out and c.code not in out:
                    out.add(c.code)
                    changed = True
        self._expanded[key] = frozenset(out)
        return self._expanded[key]

    def applies_to(self, evidence: Evidence, tumour_codes) -> bool:
        """Whether an evidence record applies to a tumour (pan-cancer records always do)."""
        if "any" in evidence.tumour_types:
            return True
        return bool(set(tumour_codes) & self.expand_codes(evidence.tumour_types))

    def evidence_for(self, gene: str, alteration: str, tumour_codes=frozenset(), context: str | None = None) -> list[Evidence]:
        """Evidence records matching a gene alteration (and tumour type, when the record is type-specific)."""
        out = []
        for ev in self.evidence:
            if gene not in ev.biomarker.genes:
                continue
            if ev.biomarker.alteration not in (alteration, "any_alteration"):
                continue
            if context and ev.context != context:
                continue
            if not self.applies_to(ev, tumour_codes):
                continue
            out.append(ev)
        return out

    def summary(self) -> dict:
        """Record counts and verification counts, for reports.

        Examples
        --------
        >>> from mdm2io.knowledge import load_knowledge
        >>> s = load_knowledge().summary()
        >>> s["n_trials"] >= 5 and s["n_edges"] >= 20
        True
        """
        def n_ver(recs):
            return sum(r.verification == "verified" for r in recs)
        return {
            "version": self.meta.version, "date": self.meta.date,
            "n_sources": len(self.sources), "n_sources_verified": sum(s.status == "verified" for s in self.sources.values()),
            "n_evidence": len(self.evidence), "n_evidence_verified": n_ver(self.evidence),
            "n_hpd_cases": len(self.hpd_cases), "n_drugs": len(self.drugs),
            "n_trials": len(self.trials), "n_trials_verified": n_ver(self.trials.values()),
            "n_edges": len(self.mechanism.edges), "n_edges_verified": n_ver(self.mechanism.edges),
        }
