"""CLI command `mdm2io call` (not part of this release yet)."""


def register(app) -> None:
    """Add the command to the mdm2io app (nothing yet)."""
