"""govinfo-report: Chinese government information-disclosure annual reports as typed, checked data.

>>> import govinfo_report as g
>>> r = g.parse_file("report.txt")
>>> r.applications.new_received.total.value
"""

from __future__ import annotations

from .api import (
    ErrorLevel,
    from_dict,
    from_json,
    parse,
    parse_file,
    render,
    to_dataframe,
    to_dict,
    to_json,
    validate,
    validate_series,
)
from .errors import AdapterError, GovinfoError, MissingExtraError, ParseError
from .model import (
    ActiveDisclosure,
    ApplicantCounts,
    Applications,
    Cell,
    Finding,
    Outcomes,
    Report,
    ReviewLitigation,
    Section,
)

__version__ = "0.1.0"

__all__ = [
    "ActiveDisclosure",
    "AdapterError",
    "ApplicantCounts",
    "Applications",
    "Cell",
    "ErrorLevel",
    "Finding",
    "GovinfoError",
    "MissingExtraError",
    "Outcomes",
    "ParseError",
    "Report",
    "ReviewLitigation",
    "Section",
    "__version__",
    "from_dict",
    "from_json",
    "parse",
    "parse_file",
    "render",
    "to_dataframe",
    "to_dict",
    "to_json",
    "validate",
    "validate_series",
]
