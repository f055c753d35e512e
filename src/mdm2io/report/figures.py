"""Figure helpers shared by report sections: a consistent style and embedding as data URIs."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed; reports are built headless

__all__ = ["save_figure", "new_figure", "PALETTE"]

#: Colour-blind-safe palette (Okabe & Ito 2008).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def new_figure(width_in: float = 6.4, height_in: float = 3.6):
    """A matplotlib figure and axes in the report style.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> import matplotlib.pyplot as plt
    >>> plt.close(fig)
    """
    import matplotlib.pyplot as plt  # imported on first figure, not when a stage is imported

    fig, ax = plt.subplots(figsize=(width_in, height_in), dpi=110)
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def save_figure(fig, folder: Path, name: str) -> str:
    """Save ``fig`` as PNG and SVG in ``folder``; return the PNG as a ``data:`` URI and close the figure.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> fig, ax = new_figure()
    >>> save_figure(fig, pathlib.Path(tempfile.mkdtemp()), "x").startswith("data:image/png;base64,")
    True
    """
    folder.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    (folder / f"{name}.png").write_bytes(buf.getvalue())
    fig.savefig(folder / f"{name}.svg", format="svg")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
