"""CLI command group `mdm2io model` (not part of this release yet)."""


def register(app) -> None:
    """Add the command group to the ``mdm2io`` app (nothing yet)."""
