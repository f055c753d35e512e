"""``mdm2io annotate`` and ``mdm2io knowledge``: thin layers over :mod:`mdm2io.knowledge`."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..errors import InputError

knowledge_app = typer.Typer(help="Inspect, validate and export the cited knowledge base.", no_args_is_help=True)


def annotate(inputs: list[Path] = typer.Argument(None, help="Anything `mdm2io call` reads (cohort or cBioPortal folder, MAF, VCF, .seg, CNA matrix; several are combined), or biomarker table(s) written by `mdm2io call`."),
             out: Path = typer.Option(Path("annotation"), "--out", "-o", help="Output folder: annotations.tsv, trial_matches.tsv, annotations.json, patients/*.html."),
             tumour_type: str = typer.Option(None, "--tumour-type", "-t", help="OncoTree code or free text applied to every sample (e.g. BLCA, 'bladder cancer')."),
             clinical: Path = typer.Option(None, "--clinical", help="TSV with sample_id or patient_id and facts such as age_years, ecog, platelets_10e9_per_l, anti_pd1_naive, anti_pd1_refractory."),
             pages: str = typer.Option("all", "--pages", help="Per-patient pages: all, relevant (marker or trial match) or none."),
             demo: bool = typer.Option(False, "--demo", help="Annotate the bundled IMvigor210 cohort."),
             preset: str = typer.Option("foundation", "--preset", help="Copy-number preset passed to the genomics stage for cohort input.")):
    """Annotate samples with cited ICI evidence, MDM2-inhibitor eligibility and trial matches."""
    import numpy as np
    import pandas as pd

    from ..datasets import load_imvigor210
    from ..io.cohort_folder import read_table_file
    from ..knowledge import annotate as run, write_annotations
    from ..knowledge.annotate import annotate_files
    from ..knowledge.eligibility import FIELDS
    from ..progress import step

    inputs = list(inputs or [])
    if demo == bool(inputs):
        raise InputError("give either input files/folders or --demo",
                         expected="mdm2io annotate COHORT_DIR|BIOMARKERS.tsv ... --out DIR, or mdm2io annotate --demo --out DIR",
                         fix="add --demo to annotate the bundled IMvigor210 cohort, or name your inputs")
    if pages not in ("all", "relevant", "none"):
        raise InputError(f"unknown --pages value {pages!r}", expected="all, relevant or none", fix="use --pages relevant")
    clin = None
    if clinical is not None:
        clin, src = read_table_file(clinical)
        clin = clin.replace({"": None})
        for c in clin.columns:
            if c not in ("sample_id", "patient_id"):
                num = pd.to_numeric(clin[c], errors="coerce")
                bad = np.flatnonzero((num.isna() & clin[c].notna()).to_numpy())
                spec = FIELDS.get(str(c))
                if len(bad) and spec is not None and spec.kind == "number":
                    i = int(bad[0])
                    lines = src.get("lines")
                    raise InputError(f"not a number: {clin[c].iloc[i]!r}"
                                     + (f" ({len(bad)} rows)" if len(bad) > 1 else ""),
                                     file=str(clinical), line=int(lines[i]) if lines is not None and len(lines) else None,
                                     column=str(c), expected=f"a number ({spec.description}"
                                     + (f", {spec.unit})" if spec.unit else ")"),
                                     fix="correct the value (digits only, '.' as decimal mark) or leave the cell empty")
                if num.notna().sum() == clin[c].notna().sum():
                    clin[c] = num
    with step("reading and annotating"):
        if demo:
            result = run(load_imvigor210(), tumour_type=tumour_type, clinical=clin, preset=preset)
        else:
            result = annotate_files(inputs, preset=preset, tumour_type=tumour_type, clinical=clin)
    with step("writing annotation"):
        paths = write_annotations(result, out, pages=pages)
    s = result.summary()
    typer.echo(f"annotated {s['n_samples']} samples with knowledge base {s['kb_version']}: "
               f"{s['n_samples_with_ici_resistance_marker']} with an ICI-resistance marker, "
               f"{s['n_mdm2i_candidates']} MDM2-inhibitor candidates, {s['n_samples_with_trial_match']} with a trial match")
    typer.echo(f"wrote {paths['annotations']}, {paths['trial_matches']} and {len(paths['pages'])} patient pages in {out / 'patients'}")
    probs = result.provenance.get("input_problems") or []
    if probs:
        n_err = sum(p["severity"] == "error" for p in probs)
        typer.echo(f"{n_err} input row(s) not used and {len(probs) - n_err} warning(s): see {out / 'input_problems.tsv'}", err=True)


@knowledge_app.command("validate")
def validate(data_dir: Path = typer.Argument(None, help="Folder of knowledge YAML files (default: the bundled ones).")):
    """Validate the knowledge base (schema, sources, cross-references, eligibility rules); exit 1 on problems."""
    from ..knowledge import validate_knowledge

    kb, problems = validate_knowledge(data_dir)
    for p in problems:
        typer.echo(f"error: {p}", err=True)
    if problems:
        raise typer.Exit(1)
    s = kb.summary()
    typer.echo(f"OK: knowledge base {kb.version}: {s['n_sources']} sources ({s['n_sources_verified']} verified), "
               f"{s['n_evidence']} evidence records, {s['n_hpd_cases']} HPD cases, {s['n_drugs']} drugs, "
               f"{s['n_trials']} trials, {s['n_edges']} mechanism edges")


@knowledge_app.command("graph")
def graph(out: Path = typer.Argument(..., help="Output file: .graphml, .json or .png/.svg (drawing).")):
    """Export the mechanism graph (GraphML or JSON) or draw it."""
    from ..knowledge import draw_mechanism_graph, mechanism_graph_json, write_graphml

    suffix = out.suffix.lower()
    if suffix == ".graphml":
        write_graphml(out)
    elif suffix == ".json":
        out.write_text(json.dumps(mechanism_graph_json(), indent=2) + "\n")
    elif suffix in (".png", ".svg", ".pdf"):
        draw_mechanism_graph().savefig(out, bbox_inches="tight")
    else:
        raise InputError(f"unknown output type {suffix!r}", file=str(out), expected=".graphml, .json, .png, .svg or .pdf",
                         fix="name the output e.g. mechanism.graphml")
    typer.echo(f"wrote {out}")


@knowledge_app.command("trials")
def trials():
    """List the trials in the knowledge base with their cohorts and verification status."""
    from ..knowledge import load_knowledge

    kb = load_knowledge()
    for t in kb.trials.values():
        flag = "" if t.verification == "verified" else "  [UNVERIFIED]"
        typer.echo(f"{t.id}{flag}: {t.title}\n  drugs: {', '.join(t.drugs)}; status {t.status} (as of {t.status_as_of})")
        for c in t.cohorts:
            checks = "; ".join(ch.text for ch in c.checks) or "no machine-readable criteria"
            typer.echo(f"  - {c.id}{'' if c.active else ' (older registry version)'}: {checks}")


def register(app) -> None:
    """Add ``annotate`` and the ``knowledge`` command group to the mdm2io app."""
    app.command("annotate")(annotate)
    app.add_typer(knowledge_app, name="knowledge")
