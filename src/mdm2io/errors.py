"""Errors a person can act on.

Every problem mdm2io reports about user input is a :class:`Problem`: where it is
(file, line, column), what was found, what was expected and how to fix it. Readers and
validators collect problems instead of stopping at the first one, then raise a single
:class:`ValidationError` that lists them all (cBioPortal-validator style).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

__all__ = ["Mdm2ioError", "InputError", "ValidationError", "Problem"]


class Mdm2ioError(Exception):
    """Base class for errors that the CLI shows to the user without a traceback."""


@dataclass(frozen=True)
class Problem:
    """One problem found in user input.

    Parameters
    ----------
    message
        What is wrong, in plain words.
    file
        File (or table) name the problem is in.
    line
        1-based line number in the file (header is line 1 for a TSV); ``None`` if not
        applicable.
    column
        Column name; ``None`` if the problem concerns the whole row or file.
    expected
        What was expected instead.
    fix
        How to fix it.
    severity
        ``"error"`` (the input cannot be used) or ``"warning"`` (used, but check it).

    Examples
    --------
    >>> p = Problem("not a number: 'abc'", file="outcomes.tsv", line=3, column="time_months",
    ...             expected="a number of months", fix="write the time in months, e.g. 12.5")
    >>> print(p)
    outcomes.tsv, line 3, column 'time_months': not a number: 'abc' (expected a number of months). Fix: write the time in months, e.g. 12.5
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None
    expected: str | None = None
    fix: str | None = None
    severity: str = "error"

    def location(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        loc = self.location()
        text = f"{loc}: {self.message}" if loc else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text

    def to_dict(self) -> dict:
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "expected": self.expected,
            "fix": self.fix,
        }


class InputError(Mdm2ioError):
    """A single actionable problem with user input (file missing, unreadable, wrong format)."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 column: str | None = None, expected: str | None = None, fix: str | None = None):
        self.problem = Problem(message, file=file, line=line, column=column, expected=expected, fix=fix)
        super().__init__(str(self.problem))


class ValidationError(Mdm2ioError):
    """One or more problems found while validating input; ``.problems`` lists them all."""

    def __init__(self, problems: Iterable[Problem], header: str | None = None):
        self.problems = [p for p in problems]
        n = sum(p.severity == "error" for p in self.problems)
        head = header or f"{n} problem{'s' if n != 1 else ''} found"
        shown = self.problems[:50]
        lines = [head + ":"] + [f"  - {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more")
        super().__init__("\n".join(lines))


@dataclass
class ProblemLog:
    """Collects problems while reading; raise with :meth:`raise_if_errors`."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, message: str, **kw) -> None:
        self.problems.append(Problem(message, **kw))

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self, header: str | None = None) -> None:
        if self.errors:
            raise ValidationError(self.problems, header=header)
