"""The mechanism graph: export (JSON, GraphML) and drawing."""

from __future__ import annotations

import json
import math
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .load import load_knowledge

__all__ = ["mechanism_graph_json", "write_graphml", "draw_mechanism_graph"]


def mechanism_graph_json(kb=None) -> dict:
    """Node-link JSON of the mechanism graph; every edge carries sign, type, cell context and citations.

    Examples
    --------
    >>> g = mechanism_graph_json()
    >>> e = next(e for e in g["edges"] if e["id"] == "e_mdm2_ccbl")
    >>> e["source"], e["target"], e["sign"], e["cell_context"]
    ('MDM2', 'cCbl', -1, 'CD8_T')
    """
    kb = kb or load_knowledge()
    m = kb.mechanism
    return {
        "kb_version": kb.meta.version, "kb_date": kb.meta.date, "directed": True,
        "nodes": [{"id": n.id, "type": n.type, "label": n.label or n.id} for n in m.nodes],
        "edges": [{"id": e.id, "source": e.source, "target": e.target, "sign": e.sign, "type": e.type,
                   "cell_context": e.cell_context, "statement": e.statement, "verification": e.verification,
                   "sources": e.sources, "citations": kb.cite(e.sources)} for e in m.edges],
    }


def write_graphml(path: str | Path, kb=None) -> Path:
    """Write the graph as GraphML (readable by networkx, Cytoscape, yEd).

    Examples
    --------
    >>> import tempfile, pathlib, xml.etree.ElementTree as ET
    >>> p = write_graphml(pathlib.Path(tempfile.mkdtemp()) / "mdm2.graphml")
    >>> ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    >>> len(ET.parse(p).getroot().findall(".//g:edge", ns)) == len(mechanism_graph_json()["edges"])
    True
    """
    g = mechanism_graph_json(kb)
    keys = [("label", "node", "string"), ("type", "node", "string"), ("sign", "edge", "int"),
            ("type", "edge", "string"), ("cell_context", "edge", "string"), ("statement", "edge", "string"),
            ("verification", "edge", "string"), ("citations", "edge", "string")]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           f"<!-- mdm2io knowledge base {escape(g['kb_version'])} ({escape(g['kb_date'])}) -->"]
    for name, dom, typ in keys:
        out.append(f'<key id="{dom}_{name}" for="{dom}" attr.name="{name}" attr.type="{typ}"/>')
    out.append('<graph id="mdm2_mechanism" edgedefault="directed">')
    for n in g["nodes"]:
        out.append(f'<node id={quoteattr(n["id"])}><data key="node_label">{escape(n["label"])}</data>'
                   f'<data key="node_type">{escape(n["type"])}</data></node>')
    for e in g["edges"]:
        data = "".join(f'<data key="edge_{k}">{escape(str(e[k]))}</data>'
                       for k in ("sign", "type", "cell_context", "statement", "verification", "citations"))
        out.append(f'<edge id={quoteattr(e["id"])} source={quoteattr(e["source"])} target={quoteattr(e["target"])}>{data}</edge>')
    out += ["</graph>", "</graphml>"]
    p = Path(path)
    p.write_text("\n".join(out) + "\n", encoding="utf-8")
    return p


def draw_mechanism_graph(kb=None, ax=None):
    """Draw the graph on a circle: green arrows activate, red bars inhibit, dashed = unverified.

    Returns the matplotlib Figure.

    Examples
    --------
    >>> fig = draw_mechanism_graph()
    >>> len(fig.axes)
    1
    """
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    g = mechanism_graph_json(kb)
    if ax is None:
        fig, ax = plt.subplots(figsize=(9, 9))
    else:
        fig = ax.figure
    n = len(g["nodes"])
    pos = {nd["id"]: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, nd in enumerate(g["nodes"])}
    for e in g["edges"]:
        (x0, y0), (x1, y1) = pos[e["source"]], pos[e["target"]]
        color = "#1a7f37" if e["sign"] > 0 else "#b42318"
        style = "-|>" if e["sign"] > 0 else "|-|"
        ax.annotate("", xy=(x1 * 0.93, y1 * 0.93), xytext=(x0 * 0.93, y0 * 0.93),
                    arrowprops=dict(arrowstyle=style if e["sign"] > 0 else "-[", color=color, lw=1.3,
                                    linestyle="-" if e["verification"] == "verified" else "--",
                                    connectionstyle="arc3,rad=0.12", shrinkA=6, shrinkB=6))
    for nd in g["nodes"]:
        x, y = pos[nd["id"]]
        ax.text(x, y, nd["label"], ha="center", va="center", fontsize=8,
                bbox=dict(boxstyle="round,pad=0.25", fc="#eef2ff" if nd["type"] != "drug" else "#fde68a", ec="#555"))
    ax.set_xlim(-1.3, 1.3)
    ax.set_ylim(-1.3, 1.3)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"MDM2-p53-immune mechanism graph (knowledge base {g['kb_version']})\n"
                 "green arrow: activates; red bar: inhibits; dashed: unverified", fontsize=9)
    return fig
