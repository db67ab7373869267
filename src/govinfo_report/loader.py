"""Stage 2b: load the Lark grammars shipped in the package, once per process.

Parsers are LALR (Earley is ~30x slower) and cached: building one costs far
more than parsing a report. Lark parsers do not pickle, so each worker process
of a batch run builds its own on first use.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from lark import Lark

from .lexer import LineLexer

__all__ = [
    "grammar_text",
    "outline_parser",
    "table_parser",
]


def grammar_text(name: str) -> str:
    """The text of ``grammars/NAME.lark``.

    An installed wheel carries the grammars inside the package (``govinfo_report/grammars``); a
    source checkout keeps them in ``grammars/`` beside ``src/``, which is where an editable install
    finds them.
    """
    from pathlib import Path

    filename = f"{name}.lark"
    installed = resources.files("govinfo_report") / "grammars" / filename
    if installed.is_file():
        return installed.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parent.parent.parent / "grammars" / filename
    if checkout.is_file():
        return checkout.read_text(encoding="utf-8")
    raise FileNotFoundError(f"grammar {filename} is neither in the installed package nor at {checkout}")


@cache
def outline_parser() -> Lark:
    """The outline grammar over line tokens named by :mod:`govinfo_report.lexer`."""
    return Lark(grammar_text("outline"), parser="lalr", lexer=LineLexer, propagate_positions=False)


@cache
def table_parser() -> Lark:
    """The table grammar over row tokens named by :mod:`govinfo_report.rows` (fed one at a time).

    Where a row could continue the table being read or start another of the same kind, LALR's
    shift/reduce choice is to shift: the row continues the table, as the form prints it.
    """
    return Lark(grammar_text("table"), parser="lalr", lexer=LineLexer, maybe_placeholders=False)
