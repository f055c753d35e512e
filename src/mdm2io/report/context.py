"""What a report section receives (:class:`ReportContext`) and returns (:class:`Section`)."""

from __future__ import annotations

import html as _html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .figures import save_figure

__all__ = ["ReportContext", "Section"]


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
    """Shared state for building one report: output folder, options, figure and table helpers."""

    out_dir: Path
    options: dict = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)

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
