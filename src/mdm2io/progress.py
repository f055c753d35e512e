"""Progress indication for steps that take more than a few seconds.

Writes to stderr so that stdout stays machine-readable. On a terminal it shows a rich
progress bar; otherwise (CI, pipes, logs) one line per step.
"""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from typing import Iterable, Iterator, TypeVar

__all__ = ["track", "step"]

T = TypeVar("T")

#: Set to False (e.g. in tests or library use) to silence progress output.
ENABLED = True


def track(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate over ``items`` while showing progress on stderr.

    Examples
    --------
    >>> sum(track(range(3), "adding", total=3))  # doctest: +SKIP
    3
    """
    if not ENABLED:
        yield from items
        return
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    if sys.stderr.isatty():
        from rich.progress import track as rich_track

        yield from rich_track(items, description=description, total=total, transient=True)
        return
    start = time.perf_counter()
    n = 0
    for n, item in enumerate(items, 1):
        yield item
    print(f"[mdm2io] {description}: {n} done in {time.perf_counter() - start:.1f} s", file=sys.stderr)


@contextmanager
def step(description: str):
    """Announce a step and report its duration on stderr.

    Examples
    --------
    >>> with step("loading"):  # doctest: +SKIP
    ...     pass
    """
    if not ENABLED:
        yield
        return
    start = time.perf_counter()
    print(f"[mdm2io] {description} ...", file=sys.stderr, flush=True)
    yield
    print(f"[mdm2io] {description}: done in {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
