"""The command line starts without the heavy stack: ``mdm2io --help`` must not import pandas."""

import subprocess
import sys


def test_help_does_not_import_pandas():
    code = ("import sys; from mdm2io.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('PANDAS' if 'pandas' in sys.modules else 'NO-PANDAS')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Usage" in out and out.strip().endswith("NO-PANDAS")
