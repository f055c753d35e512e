"""Build the self-contained HTML report for a Cohort."""

from __future__ import annotations

import datetime as _dt
import hashlib
import importlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape

from .. import __version__
from ..cohort import Cohort
from ..progress import track
from .context import ReportContext, Section
from .sections import SECTIONS

__all__ = ["build_report", "input_checksums"]


def input_checksums(cohort: Cohort) -> dict[str, str]:
    """SHA-256 of every file in the cohort's source folder (``meta['path']``), for provenance.

    Examples
    --------
    >>> from mdm2io.datasets import load_inspire
    >>> sorted(input_checksums(load_inspire()))[:2]
    ['meta.json', 'outcomes.tsv.gz']
    """
    path = cohort.meta.get("path")
    if not path or not Path(path).is_dir():
        return {}
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest()
            for f in sorted(Path(path).iterdir()) if f.is_file()}


def _jsonable(obj):
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating, float)):
        return None if not np.isfinite(obj) else float(obj)
    if isinstance(obj, (np.bool_,)):
        return bool(obj)
    if obj is pd.NA or obj is pd.NaT:
        return None
    return obj


def build_report(cohort: Cohort, out_dir: str | Path, *, title: str | None = None,
                 sections: list[str] | None = None, options: dict | None = None) -> Path:
    """Write ``index.html``, ``report.json``, ``tables/*.tsv`` and ``figures/*`` for ``cohort``.

    Parameters
    ----------
    cohort
        The cohort to report on.
    out_dir
        Output folder (created if needed).
    title
        Page title; defaults to the cohort's title or name.
    sections
        Keys of the sections to include (default: all in
        :data:`mdm2io.report.sections.SECTIONS`).
    options
        Passed to every section as ``ctx.options`` (e.g. ``{"survival_endpoint": "OS"}``).

    Returns
    -------
    Path
        The path of ``index.html``.

    Examples
    --------
    >>> import tempfile
    >>> from mdm2io.datasets import load_inspire
    >>> build_report(load_inspire(), tempfile.mkdtemp()).name
    'index.html'
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ctx = ReportContext(out_dir=out, options=dict(options or {}))
    # options are checked before any section runs: a misspelt one is an error whatever the cohort holds
    from ..genomics import get_preset

    get_preset(ctx.genomics_preset)
    ctx.kinetics_options()
    wanted = [s for s in SECTIONS if sections is None or s[0] in sections]
    built: list[Section] = []
    for key, module_name in track(wanted, "building report sections"):
        module = importlib.import_module(module_name)
        section = module.build(cohort, ctx)
        if section is None or section.status == "not_applicable":
            continue
        built.append(section)
    (out / "tables").mkdir(exist_ok=True)
    for s in built:
        for name, df in s.tables.items():
            df.to_csv(out / "tables" / f"{s.key}_{name}.tsv", sep="\t", index=False, na_rep="")
    provenance = {
        "mdm2io_version": __version__,
        "generated_utc": _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cohort": cohort.name,
        "citation": cohort.meta.get("citation"),
        "doi": cohort.meta.get("doi"),
        "licence": cohort.meta.get("licence"),
        "source": cohort.meta.get("source"),
        "input_checksums_sha256": input_checksums(cohort),
    }
    report_json = {"provenance": provenance,
                   "sections": {s.key: {"title": s.title, "status": s.status, "summary": s.summary} for s in built}}
    (out / "report.json").write_text(json.dumps(_jsonable(report_json), indent=2) + "\n")
    env = Environment(loader=PackageLoader("mdm2io", "report/templates"), autoescape=select_autoescape(["html"]))
    page = env.get_template("report.html.j2").render(
        title=title or cohort.meta.get("title") or f"mdm2io report: {cohort.name}",
        sections=built, provenance=provenance)
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index
