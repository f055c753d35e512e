"""What a report section receives (:class:`ReportContext`) and returns (:class:`Section`).

Stage results that several sections use are computed once per report, lazily, on the context:
:meth:`ReportContext.biomarkers` (one :func:`mdm2io.genomics.call_biomarkers` call with the
report's genomics preset) and :meth:`ReportContext.kinetics` (one
:func:`mdm2io.kinetics.run_kinetics` call with the report's kinetics options), so every
section reports the same calls and the same HPD labels.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError, Mdm2ioError
from .figures import save_figure

__all__ = ["ReportContext", "Section", "DEFAULT_GENOMICS_PRESET"]

#: Copy-number preset used when ``options`` names none: FoundationOne's own calls (the bundled
#: IMvigor210 data; Mariathasan et al. 2018, doi:10.1038/nature25501).
DEFAULT_GENOMICS_PRESET = "foundation"
#: Older option keys still accepted for the genomics preset (``"preset"`` was read by the annotation section).
_PRESET_ALIASES = ("preset",)


@dataclass
class Section:
    """One section of a report.

    Parameters
    ----------
    key, title
        Anchor and heading.
    html
        Body HTML (already escaped where needed; use :meth:`ReportContext.table_html`).
    status
        ``"ok"``, ``"not_run"`` (stage not available for these data, with ``html``
        saying why) or ``"not_applicable"`` (hidden from the page).
    summary
        JSON-serialisable figures for ``report.json``.
    tables
        Name -> DataFrame, written to ``tables/<key>_<name>.tsv``.
    """

    key: str
    title: str
    html: str = ""
    status: str = "ok"
    summary: dict = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


@dataclass
class ReportContext:
    """Shared state for building one report: output folder, options, cached stage results, figure and table helpers.

    Options read by the sections (``options``):

    ``genomics_preset``
        Copy-number preset of :func:`mdm2io.genomics.call_biomarkers` for every section that uses
        biomarker calls (biomarkers, annotations, kinetics grouping, survival grouping); default
        ``"foundation"``. ``"preset"`` is accepted as an alias.
    ``kinetics``
        Keyword arguments of :func:`mdm2io.kinetics.run_kinetics` (e.g. ``{"strict": False,
        "nonpositive_reference": "not_hpd"}``), used by the kinetics section and for the HPD
        rates of the survival section.
    ``survival_*``
        See :mod:`mdm2io.report.sections.survival`.

    Examples
    --------
    >>> import tempfile
    >>> from mdm2io.datasets import load_imvigor210
    >>> ctx = ReportContext(tempfile.mkdtemp(), options={"genomics_preset": "mantra2"})
    >>> c = load_imvigor210()
    >>> int(ctx.biomarkers(c)["MDM2_amplified"].sum())
    22
    >>> ctx.biomarkers(c) is ctx.biomarkers(c)  # computed once per report
    True
    """

    out_dir: Path
    options: dict = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self):
        self.out_dir = Path(self.out_dir)

    @property
    def genomics_preset(self) -> str:
        """The genomics preset name from ``options`` (key ``genomics_preset``, alias ``preset``)."""
        given = {k: self.options[k] for k in ("genomics_preset", *_PRESET_ALIASES) if k in self.options}
        names = {getattr(v, "name", v) for v in given.values()}
        if len(names) > 1:
            raise InputError(f"report options name two genomics presets: {given}",
                             expected="one copy-number preset for the whole report",
                             fix="give only options['genomics_preset']")
        return names.pop() if names else DEFAULT_GENOMICS_PRESET

    def _cached(self, key: str, cohort, compute):
        hit = self._cache.get(key)
        if hit is None or hit[0] is not cohort:
            try:
                hit = (cohort, compute(), None)
            except Mdm2ioError as exc:  # remembered, so every section reports the same problem
                hit = (cohort, None, exc)
            self._cache[key] = hit
        if hit[2] is not None:
            raise hit[2]
        return hit[1]

    def biomarkers(self, cohort) -> pd.DataFrame:
        """Biomarker calls for ``cohort`` with :attr:`genomics_preset`, computed once per report.

        Raises the :class:`~mdm2io.errors.Mdm2ioError` of :func:`mdm2io.genomics.call_biomarkers`
        (every time it is asked) when the calls cannot be made.
        """
        from ..genomics import call_biomarkers, get_preset

        preset = get_preset(self.genomics_preset)  # an unknown preset name is the user's error: raised at once
        return self._cached("biomarkers", cohort, lambda: call_biomarkers(cohort, preset))

    def kinetics(self, cohort):
        """:func:`mdm2io.kinetics.run_kinetics` on ``cohort`` with ``options["kinetics"]``, computed once per report."""
        from ..kinetics import run_kinetics

        opts = self.kinetics_options()
        return self._cached("kinetics", cohort, lambda: run_kinetics(cohort, **opts))

    def kinetics_options(self) -> dict:
        """``options["kinetics"]``, checked against the keywords of :func:`mdm2io.kinetics.run_kinetics`.

        Checked when the report starts (:func:`mdm2io.report.build_report`), so a misspelt option is
        an error even for a cohort without scans.
        """
        import inspect

        from ..kinetics import run_kinetics

        opts = dict(self.options.get("kinetics") or {})
        known = [n for n, p in inspect.signature(run_kinetics).parameters.items() if p.kind is p.KEYWORD_ONLY]
        unknown = sorted(set(opts) - set(known))
        if unknown:
            raise InputError(f"unknown kinetics option(s) {', '.join(map(repr, unknown))} in report options['kinetics']",
                             expected=f"keywords of mdm2io.kinetics.run_kinetics: {', '.join(known)}",
                             fix="rename or remove the option")
        return opts

    def figure(self, fig, name: str, alt: str, caption: str | None = None) -> str:
        """Save a matplotlib figure as ``figures/<name>.png`` and ``.svg``; return an ``<figure>`` embedding it."""
        uri = save_figure(fig, self.out_dir / "figures", name)
        self.figures.append(name)
        cap = f"<figcaption>{_html.escape(caption)}</figcaption>" if caption else ""
        return f'<figure><img src="{uri}" alt="{_html.escape(alt)}">{cap}</figure>'

    @staticmethod
    def table_html(df: pd.DataFrame, index: bool = False, float_format: str = "{:.3g}", max_rows: int = 200) -> str:
        """An HTML table (escaped) of ``df``; long tables are cut at ``max_rows`` with a note."""
        note = ""
        if len(df) > max_rows:
            note = f"<p class='note'>Showing {max_rows} of {len(df)} rows; the full table is in the TSV file.</p>"
            df = df.head(max_rows)
        fmt = {c: (lambda v, f=float_format: "" if pd.isna(v) else f.format(v))
               for c in df.columns if pd.api.types.is_float_dtype(df[c])}
        return df.to_html(index=index, escape=True, formatters=fmt, na_rep="", border=0, classes="data") + note

    @staticmethod
    def escape(text: str) -> str:
        """HTML-escape ``text``."""
        return _html.escape(str(text))
