"""mdm2io: MDM2/MDM4 amplification, hyperprogression and MDM2 inhibitors under immune checkpoint inhibitors.

The data flow (see ``docs/architecture.md``)::

    io -> Cohort -> genomics / knowledge / kinetics / survival -> report
    model -> Cohort

Examples
--------
>>> import mdm2io
>>> cohort = mdm2io.datasets.load_imvigor210()
>>> cohort.n_samples
293
"""

from .errors import InputError, Mdm2ioError, Problem, ValidationError

__all__ = ["Cohort", "datasets", "Mdm2ioError", "InputError", "ValidationError", "Problem", "__version__"]


def __getattr__(name: str):
    # Imported on first use (PEP 562), so `import mdm2io` and the command line do not pay for
    # pandas, the bundled datasets or importlib.metadata (~30 ms) before a command needs them.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("mdm2io")
        except PackageNotFoundError:  # running from a source tree without installation
            value = "0.1.0+unknown"
    elif name == "Cohort":
        from .cohort import Cohort as value
    elif name == "datasets":
        import importlib

        value = importlib.import_module(".datasets", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
