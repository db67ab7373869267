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


def grammar_text(name: str) -> str:
    """The text of ``grammars/NAME.lark`` as installed with the package."""
    return resources.files("govinfo_report").joinpath("grammars", f"{name}.lark").read_text(encoding="utf-8")


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
