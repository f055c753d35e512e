"""``mdm2io call``: read genomic files, call MDM2/MDM4/TP53 biomarkers, write TSV tables.

A thin layer over :func:`mdm2io.genomics.call_inputs` / :func:`mdm2io.genomics.call_cohort`.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer


def call(inputs: Optional[List[Path]] = typer.Argument(None, help="Cohort folder, cBioPortal study folder, VCF, MAF, .seg, "
                                                              "CNA matrix or long table; several inputs are combined."),
         preset: str = typer.Option("foundation", "--preset", "-p", help="Copy-number preset: foundation, cbioportal, pcgr, "
                                                                         "facets, ploidy_relative, cnvkit, mantra2."),
         out: Path = typer.Option(Path("calls"), "--out", "-o", help="Output folder for biomarkers.tsv, alterations.tsv, "
                                                                     "problems.tsv and rules.txt."),
         gene_calls: bool = typer.Option(False, "--gene-calls", help="Also write gene_calls.tsv (one row per sample "
                                                                     "and gene, with the value each call used)."),
         dataset: Optional[str] = typer.Option(None, "--dataset", help="Use a bundled dataset (e.g. imvigor210) instead of INPUT."),
         seg_units: Optional[str] = typer.Option(None, "--seg-units", help="Units of seg.mean: log2, log2_cn_minus_1 or absolute "
                                                                          "(detected when the data allow)."),
         genome: Optional[str] = typer.Option(None, "--genome", help="Genome build of segment coordinates: GRCh37 or GRCh38."),
         purity: Optional[float] = typer.Option(None, "--purity", help="Tumour purity (0-1) of a single-sample segment file."),
         ploidy: Optional[float] = typer.Option(None, "--ploidy", help="Tumour ploidy of a single-sample segment file."),
         amp_factor: Optional[float] = typer.Option(None, "--amp-factor", help="ploidy_relative: amplified at this x ploidy "
                                                                               "(default 2.5; 2 = GDC)."),
         panel_size_mb: Optional[float] = typer.Option(None, "--panel-size-mb", help="Coding territory (Mb) for TMB computed "
                                                                                      "from mutation calls."),
         assay: Optional[str] = typer.Option(None, "--assay", help="Assay name for long tables, e.g. FoundationOne."),
         genes: Optional[str] = typer.Option(None, "--genes", help="Comma-separated copy-number genes to call "
                                                                   "(default: all bundled genes), e.g. MDM2,MDM4,TP53,CDK4."),
         mutations_all_samples: bool = typer.Option(False, "--mutations-all-samples",
                                                    help="Every sample was sequenced for short variants (a MAF lists only "
                                                         "samples with calls); TP53 is then wild_type where no variant is listed."),
         ):
    """Call MDM2/MDM4 amplification, TP53 status, co-alterations and TMB for every sample."""
    from ..errors import InputError
    from ..genomics import call_cohort, call_inputs
    from ..progress import step

    options = {}
    if amp_factor is not None:
        options["amp_factor"] = amp_factor
    if panel_size_mb is not None:
        options["panel_size_mb"] = panel_size_mb
    if genes:
        options["genes"] = [g.strip() for g in genes.split(",") if g.strip()]
    if mutations_all_samples:
        options["mutations_assessed"] = True
    if dataset is not None:
        if inputs:
            raise InputError("give either INPUT files or --dataset, not both", fix="drop one of them")
        from ..datasets import load

        with step(f"calling {dataset}"):
            result = call_cohort(load(dataset), preset, **options)
    else:
        if not inputs:
            raise InputError("no input given", expected="mdm2io call INPUT... --preset NAME --out DIR",
                             fix="name at least one file or folder, or use --dataset imvigor210")
        with step("reading and calling"):
            result = call_inputs(inputs, preset, seg_units=seg_units, genome=genome, purity=purity, ploidy=ploidy,
                                 assay=assay, **options)
    files = result.write(out, gene_calls=gene_calls)
    typer.echo(result.summary())
    typer.echo(f"wrote {', '.join(str(f) for f in files.values())}")


def register(app) -> None:
    """Add ``mdm2io call`` to the app."""
    app.command("call")(call)
