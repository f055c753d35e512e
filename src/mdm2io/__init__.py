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

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("mdm2io")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.1.0+unknown"

from . import datasets  # noqa: E402
from .cohort import Cohort  # noqa: E402
from .errors import InputError, Mdm2ioError, Problem, ValidationError  # noqa: E402

__all__ = ["Cohort", "datasets", "Mdm2ioError", "InputError", "ValidationError", "Problem", "__version__"]
