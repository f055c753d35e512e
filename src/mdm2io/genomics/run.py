"""Files in, biomarker tables out: the Python API behind ``mdm2io call``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem
from .calls import _gene_arrays, call_biomarkers
from .copy_number import Preset, get_preset
from .genes import CN_GENES

__all__ = ["CallResult", "call_inputs", "call_cohort", "checked_genes", "write_tsv"]


@dataclass
class CallResult:
    """Biomarker calls with everything needed to trace them.

    Attributes
    ----------
    biomarkers : DataFrame
        One row per sample (:func:`~mdm2io.genomics.call_biomarkers`).
    gene_calls : DataFrame
        One row per (sample, gene) (:func:`~mdm2io.genomics.call_genes`).
    alterations : DataFrame
        Every alteration read, with the rule (and source line) it came from.
    problems : list of Problem
        Rows or files the readers could not use, and warnings.

    Examples
    --------
    >>> import tempfile
    >>> from mdm2io.datasets import load_imvigor210
    >>> r = call_cohort(load_imvigor210(), "mantra2")
    >>> print(r.summary().splitlines()[1])
      MDM2: amplified 22, not assessed 0
    >>> sorted(r.write(tempfile.mkdtemp(), gene_calls=False))
    ['alterations', 'biomarkers', 'problems', 'rules']
    """

    biomarkers: pd.DataFrame
    _gene_calls: object  # the DataFrame, or a callable building it on first use (it is large and rarely needed)
    alterations: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    cohort: object = None
    rules_text: str = ""

    @property
    def gene_calls(self) -> pd.DataFrame:
        """One row per (sample, gene) (:func:`~mdm2io.genomics.call_genes`), built on first use."""
        if callable(self._gene_calls):
            self._gene_calls = self._gene_calls()
        return self._gene_calls

    def write(self, out_dir: str | Path, gene_calls: bool = True) -> dict[str, Path]:
        """Write ``biomarkers.tsv``, ``alterations.tsv``, ``problems.tsv``, ``rules.txt`` and ``gene_calls.tsv``.

        ``gene_calls.tsv`` (one row per sample and gene; written when ``gene_calls``) leaves out
        the ``rule`` column, the same for every row; ``rules.txt`` holds the full rule text with
        its citations.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = {"biomarkers": out / "biomarkers.tsv", "alterations": out / "alterations.tsv",
                 "problems": out / "problems.tsv", "rules": out / "rules.txt"}
        write_tsv(self.biomarkers, files["biomarkers"])
        if gene_calls:
            files["gene_calls"] = out / "gene_calls.tsv"
            write_tsv(self.gene_calls, files["gene_calls"], columns=[c for c in self.gene_calls.columns if c != "rule"])
        write_tsv(self.alterations, files["alterations"])
        files["rules"].write_text(self.rules_text + "\n")
        problems = pd.DataFrame([p.to_dict() for p in self.problems],
                                columns=["severity", "file", "line", "column", "message", "expected", "fix"])
        # whole line numbers ("3", not "3.0"; a file-wide problem has none): nullable integers
        problems["line"] = pd.to_numeric(problems["line"]).astype("Int64")
        problems.to_csv(files["problems"], sep="\t", index=False, na_rep="")
        return files

    def summary(self) -> str:
        """A few lines for a terminal: samples, MDM2/MDM4 amplified, TP53 status counts, problems."""
        b = self.biomarkers
        n = len(b)
        lines = [f"{n} samples; preset {b['preset'].iloc[0] if n else '-'}"]
        for g in ("MDM2", "MDM4", "CDK4", "FRS2"):
            col = f"{g}_status"
            if col in b:
                vc = b[col].value_counts()  # Categorical columns count every category, found or not
                lines.append(f"  {g}: amplified {int(vc.get('amplified', 0))}, not assessed {int(vc.get('not_assessed', 0))}")
        if "TP53_status" in b:
            vc = b["TP53_status"].astype(object).value_counts()  # statuses found, most frequent first
            lines.append("  TP53: " + ", ".join(f"{k} {v}" for k, v in vc.items()))
        errors = sum(p.severity == "error" for p in self.problems)
        lines.append(f"{errors} input row(s) not used, {len(self.problems) - errors} warning(s) (see problems.tsv)")
        return "\n".join(lines)


def checked_genes(genes) -> tuple[str, ...]:
    """``genes`` as bundled copy-number gene symbols; an unknown symbol is an :class:`~mdm2io.errors.InputError`.

    Accepted: :data:`~mdm2io.genomics.CN_GENES` and the genes of
    :func:`~mdm2io.genomics.gene_coordinates` (the bundled gene list); case is ignored. An unknown
    gene used to be dropped silently (``--genes FOO,BAR`` called nothing and exited 0).

    Examples
    --------
    >>> checked_genes(["mdm2", "CDK4"])
    ('MDM2', 'CDK4')
    >>> checked_genes(["MDM2", "FOO"])
    Traceback (most recent call last):
    ...
    mdm2io.errors.InputError: unknown gene 'FOO' (option --genes) (expected bundled genes: MDM2, MDM4, CDK4, FRS2, EGFR, CDKN2A, CCND1, FGF3, FGF4, FGF19, TP53, ALK, DNMT3A). Fix: use gene symbols from the accepted list (HGNC symbols; see docs/genomics.md)
    """
    from ..errors import InputError
    from .genes import gene_coordinates

    if isinstance(genes, str):
        genes = [genes]
    accepted = list(CN_GENES) + sorted(set(gene_coordinates()["gene"]) - set(CN_GENES))
    by_upper = {g.upper(): g for g in accepted}
    out, unknown = [], []
    for g in genes:
        canon = by_upper.get(str(g).strip().upper())
        if canon is None:
            unknown.append(str(g))
        elif canon not in out:
            out.append(canon)
    if unknown:
        raise InputError(f"unknown gene{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} (option --genes)",
                         expected=f"bundled genes: {', '.join(accepted)}",
                         fix="use gene symbols from the accepted list (HGNC symbols; see docs/genomics.md)")
    if not out:
        raise InputError("no gene given (option --genes)", expected=f"bundled genes: {', '.join(accepted)}",
                         fix="name at least one gene, or leave the option out to call all bundled genes")
    return tuple(out)


def call_cohort(cohort, preset: str | Preset = "foundation", *, problems=None, **options) -> CallResult:
    """:class:`CallResult` for a Cohort (options as :func:`~mdm2io.genomics.call_biomarkers`).

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> r = call_cohort(load_imvigor210(), "foundation")
    >>> int(r.biomarkers.MDM2_amplified.sum()), len(r.gene_calls) == 293 * 11
    (25, True)
    """
    p = get_preset(preset)
    genes = options["genes"] = checked_genes(options.get("genes", CN_GENES))
    keys = ("amp_factor", "default_ploidy", "copy_number_assessed")
    g = _gene_arrays(cohort, p, genes, **{k: options[k] for k in keys if k in options})
    b = call_biomarkers(cohort, p, gene_calls=g, **options)
    from .calls import tp53_rule
    from .tp53 import TP53_HOTSPOT_CODONS

    rules = "\n".join([
        f"copy number: {p.rule(citation=True)}",
        tp53_rule(options.get("hotspot_codons", TP53_HOTSPOT_CODONS), citation=True),
        f"per-row rule text (biomarkers.tsv): {b['rule'].iloc[0] if len(b) else ''}",
    ])
    return CallResult(b, g.table, cohort.alterations, list(problems or []), cohort, rules)


def write_tsv(df: pd.DataFrame, path: Path, columns=None, chunk_rows: int = 5_000) -> None:
    """Write ``df`` as TSV (empty string for missing), faster than ``DataFrame.to_csv`` on wide tables.

    Each column is turned into text once per distinct value (a 200,000-row biomarker table has
    a handful of distinct statuses per column), and adjacent low-cardinality columns are joined
    per distinct combination, so the per-row work is a join of a few pieces. Rows are written
    ``chunk_rows`` at a time, so memory stays flat on large cohorts.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tsv"
    >>> write_tsv(pd.DataFrame({"a": ["x", None], "b": [1.5, np.nan], "c": pd.array([True, pd.NA], dtype="boolean"),
    ...                         "d": [2.0, 3.0], "e": ["x\\ty", 7]}), p)
    >>> p.read_text()
    'a\\tb\\tc\\td\\te\\nx\\t1.5\\tTrue\\t2.0\\tx y\\n\\t\\t\\t3.0\\t7\\n'
    """
    columns = list(df.columns if columns is None else columns)

    def coded():
        """``(codes, texts)`` per column, one at a time: a column's codes are folded into the row
        pieces and freed before the next column is coded (7 MB less peak on 200,000 rows)."""
        prev = None
        for i, c in enumerate(columns):
            before = df[columns[i - 1]] if i else None
            if prev is not None and len(prev[1]) > 4096 and before.dtype == object and df[c].dtype == object and \
                    before.equals(df[c]):
                cur = prev  # e.g. patient_id repeating sample_id: 200,000 strings hashed once
            else:
                cur = _coded_text(df[c])
            yield cur
            prev = cur

    pieces = _row_pieces(coded())  # once for the whole table; chunks slice the small codes
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\t".join(map(str, columns)) + "\n")
        for start in range(0, len(df), chunk_rows):
            # codes None: the column's texts are its cells (identifiers), sliced as they are
            cells = [texts[start:start + chunk_rows] if codes is None else texts[codes[start:start + chunk_rows]]
                     for codes, texts in pieces]
            fh.write("\n".join(map("\t".join, zip(*cells))) + "\n")


def _cell_text(v) -> str:
    if isinstance(v, float):
        return f"{v:.1f}" if v.is_integer() else repr(v)
    return (v if isinstance(v, str) else str(v)).replace("\t", " ").replace("\n", " ")  # a tab would break the row


def _coded_text(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, texts)`` with ``texts[codes]`` the column as TSV cells ("" for missing).

    ``codes`` is None when ``texts`` are the cells themselves (identifier columns; no copy).
    """
    if pd.api.types.is_bool_dtype(s.dtype):
        miss = s.isna().to_numpy()
        codes = np.where(miss, 0, np.where(s.fillna(False).to_numpy(dtype=bool), 1, 2))
        return codes.astype(np.int8), np.array(["", "True", "False"], dtype=object)
    if isinstance(s.dtype, pd.CategoricalDtype):  # statuses, preset, rule: text once per category, no object column
        codes, texts = _coded_text(pd.Series(s.cat.categories.to_numpy(dtype=object)))
        if codes is None:  # identifier-like categories
            codes, texts = np.arange(len(texts)), np.append(texts, "")
        k = len(texts) - 1  # texts[k] == "" (missing)
        cat_codes = s.cat.codes.to_numpy()
        codes = np.append(codes, k)[np.where(cat_codes < 0, len(codes), cat_codes)]
        return codes.astype(np.min_scalar_type(k)), texts
    vals = s.to_numpy(dtype=float) if pd.api.types.is_float_dtype(s.dtype) else s.to_numpy(dtype=object)  # no copy
    if vals.dtype == object and len(vals) > 4096 and len(set(vals[:1000].tolist())) == 1000:
        # looks like an identifier column (sample ids): when every cell is a str without tab or
        # newline the cells are their own text, and hashing 200,000 strings can be skipped
        try:  # joined 10,000 cells at a time: no 2.6 MB string for 200,000 ids
            plain = not any("\t" in j or "\n" in j for j in ("".join(vals[i:i + 10_000])
                                                              for i in range(0, len(vals), 10_000)))
        except TypeError:  # a missing or non-text cell: the general path below
            plain = False
        if plain:
            return None, vals
    if vals.dtype == object and len(vals) and isinstance(vals[0], str) and (vals == vals[0]).all():
        # one value everywhere (rule, preset): an identity-first comparison, far cheaper than hashing
        codes, uniques = np.zeros(len(vals), dtype=np.int8), vals[:1]
    else:
        codes, uniques = pd.factorize(vals)  # missing -> -1
    texts = np.empty(len(uniques) + 1, dtype=object)
    if vals.dtype == object and pd.api.types.infer_dtype(uniques, skipna=False) == "string" and \
            not any(c in "".join(uniques) for c in "\t\n"):
        texts[:-1] = uniques  # plain strings (e.g. 200,000 sample ids): nothing to convert
    else:
        texts[:-1] = [_cell_text(float(u) if isinstance(u, (float, np.floating)) else u) for u in uniques]
    texts[-1] = ""
    codes = np.where(codes < 0, len(uniques), codes)
    return codes.astype(np.min_scalar_type(len(uniques))), texts  # int8/16/32 codes keep whole columns small


def _row_pieces(coded, max_combos: int = 4096) -> list[tuple[np.ndarray, np.ndarray]]:
    """``(codes, texts)`` per row piece: runs of adjacent columns with few distinct combinations become one piece.

    Within a run the column codes are packed into one int64 key (mixed radix), factorized only
    when the key would overflow and at the end of the run; each distinct combination is then
    joined once. A column with more than ``max_combos`` texts (e.g. sample ids), or a run whose
    combinations exceed it, is a piece of its own. The text of a row is the same however the
    columns are grouped.

    Examples
    --------
    >>> c = [(np.array([0, 1, 0]), np.array(["a", "b"], dtype=object)), (np.array([1, 1, 0]), np.array(["x", "y"], dtype=object))]
    >>> [list(t[k]) for k, t in _row_pieces(c)]
    [['a\\ty', 'b\\ty', 'a\\tx']]
    """
    pieces: list[tuple[np.ndarray, np.ndarray]] = []
    run: list[np.ndarray] = []  # texts of the run's columns (key digits, most significant first)
    key, card = None, 1

    def close_run():
        """Factorize the run's key and join the texts of each distinct combination."""
        nonlocal run, key, card
        if not run:
            return None
        k, combos = pd.factorize(key)
        rest, parts = combos.astype(np.int64), []
        for texts in reversed(run):
            parts.append(texts[rest % len(texts)])
            rest = rest // len(texts)
        joined = parts[-1]
        for part in reversed(parts[:-1]):
            joined = joined + "\t" + part  # object arrays: str concatenation per combination
        run, key, card = [], None, 1
        return k, np.asarray(joined, dtype=object)

    for codes, texts in coded:
        if codes is None or len(texts) > max_combos:  # e.g. sample ids: one text per row
            done = close_run()
            if done is not None:
                pieces.append(done)
            pieces.append((codes, texts))
            continue
        if card * len(texts) >= 2 ** 62:  # the packed key would overflow: compress it first
            k, t = close_run()
            if len(t) > max_combos:
                pieces.append((k, t))
            else:
                run, key, card = [t], k.astype(np.int64), len(t)
        key = codes.astype(np.int64) if key is None else key * len(texts) + codes
        card *= len(texts)
        run.append(texts)
    done = close_run()
    if done is not None:
        pieces.append(done)
    return pieces


def call_inputs(paths, preset: str | Preset = "foundation", *, seg_units: str | None = None, genome: str | None = None,
                purity: float | None = None, ploidy: float | None = None, assay: str | None = None,
                **options) -> CallResult:
    """Read one or more inputs (any format :mod:`mdm2io.io` reads) and call biomarkers.

    Parameters
    ----------
    paths : list of str or Path
        Cohort folders, cBioPortal study folders, VCF, MAF, .seg, CNA matrices or long tables;
        several inputs are combined (e.g. a CNA matrix and a MAF).
    preset : str
        Copy-number preset (see :data:`mdm2io.genomics.PRESETS`).
    seg_units, genome, purity, ploidy, assay
        Reader options (see :func:`mdm2io.io.detect.read_input`).
    **options
        Passed to :func:`~mdm2io.genomics.call_biomarkers`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "data_CNA.txt").write_text("Hugo_Symbol\\tS1\\tS2\\nMDM2\\t2\\t0\\nTP53\\t0\\t-2\\n")
    >>> r = call_inputs([d / "data_CNA.txt"], preset="cbioportal")
    >>> r.biomarkers[["sample_id", "MDM2_status", "TP53_status"]].values.tolist()
    [['S1', 'amplified', 'not_assessed'], ['S2', 'neutral', 'deleted']]
    """
    from ..io.detect import read_inputs

    genes = options["genes"] = checked_genes(options.get("genes", CN_GENES))  # before reading: fail fast
    cohort, problems = read_inputs(paths, genes=genes, seg_units=seg_units, genome=genome, purity=purity,
                                   ploidy=ploidy, assay=assay)
    return call_cohort(cohort, preset, problems=problems, **options)
