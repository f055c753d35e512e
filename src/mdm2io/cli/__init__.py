"""The ``mdm2io`` command line: a thin layer over the Python API.

Each command lives in its own module with a ``register(app)`` function; errors from
the API (:class:`~mdm2io.errors.Mdm2ioError`) are printed as plain messages, never as
tracebacks (set ``MDM2IO_DEBUG=1`` to see one).
"""

from __future__ import annotations

import os
import sys

import typer

try:  # recent typer vendors its own copy of click; older releases use the click package
    from typer._click.exceptions import ClickException as _ClickException
except ImportError:  # pragma: no cover - depends on the installed typer
    from click.exceptions import ClickException as _ClickException

from ..errors import Mdm2ioError

app = typer.Typer(
    name="mdm2io",
    help="MDM2/MDM4 amplification, hyperprogression and MDM2 inhibitors under immune checkpoint inhibitors.",
    no_args_is_help=True,
    invoke_without_command=True,  # so that `mdm2io --version` needs no command
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # wide enough that every command's one-line help is shown whole
    context_settings={"max_content_width": 120, "terminal_width": 120},
)


@app.callback()
def _root(ctx: typer.Context,
          version: bool = typer.Option(False, "--version", help="Print the mdm2io version and exit.", is_eager=True)):
    if version:
        from .. import __version__

        typer.echo(f"mdm2io {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())
        raise typer.Exit(2)


from . import annotate, call, datasets, kinetics, model, report, simulate, survival, validate  # noqa: E402

for _module in (datasets, validate, report, call, annotate, kinetics, survival, simulate, model):
    _module.register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``mdm2io`` console script."""
    try:
        # with standalone_mode=False click returns the exit code of typer.Exit instead of raising
        rv = app(args=argv, standalone_mode=False)
        return rv if isinstance(rv, int) else 0
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        return 1
    except _ClickException as exc:
        exc.show()
        return exc.exit_code
    except Mdm2ioError as exc:
        typer.echo(f"error: {exc}", err=True)
        return 1
    except OSError as exc:  # a path that is not what the command needs (exists as a file, missing, no permission)
        if os.environ.get("MDM2IO_DEBUG"):
            raise
        typer.echo(f"error: {_os_error_message(exc)}", err=True)
        return 1
    except KeyboardInterrupt:
        typer.echo("Interrupted.", err=True)
        return 130
    except Exception as exc:  # noqa: BLE001 - last resort: no traceback reaches a user
        if os.environ.get("MDM2IO_DEBUG"):
            raise
        typer.echo(f"internal error: {type(exc).__name__}: {exc}\n"
                   "This is a bug in mdm2io; please report it with the command you ran "
                   "(run again with MDM2IO_DEBUG=1 to see the traceback).", err=True)
        return 70


def _os_error_message(exc: OSError) -> str:
    """A plain message for an OSError that escaped a command: the path, the system's reason and a fix.

    Examples
    --------
    >>> _os_error_message(FileExistsError(17, "File exists", "out"))
    'out: File exists. Fix: check the path: an output folder must not be an existing file; an input file must exist'
    """
    where = exc.filename if exc.filename is not None else "a file"
    if exc.filename2 is not None:
        where = f"{where} -> {exc.filename2}"
    reason = exc.strerror or str(exc) or type(exc).__name__
    return (f"{where}: {reason}. Fix: check the path: an output folder must not be an existing file; "
            "an input file must exist")


def _console_main() -> None:
    sys.exit(main())
