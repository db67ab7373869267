"""govinfo-report: Chinese government information-disclosure annual reports as typed, checked data.

>>> import govinfo_report as g
>>> r = g.parse_file("report.txt")
>>> r.applications.new_received.total.value
"""

from __future__ import annotations

import importlib
import types
from typing import Any

from . import api
from .adapters import Limits
from .api import (
    ErrorLevel,
    from_dict,
    from_json,
    parse,
    parse_file,
    to_dataframe,
    to_dict,
    to_json,
    validate_series,
)
from .errors import AdapterError, GovinfoError, LimitError, MissingExtraError, ParseError
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


class _Stage(types.ModuleType):
    """A stage module that is also the public function of its name.

    ``render`` and ``validate`` are public functions and stage modules (render.py, validate.py)
    at once. Python binds a loaded submodule to the package attribute of its name (and
    ``import govinfo_report.render as m`` reads that attribute back), so the attribute has to be
    the module; calling it does what the function in :mod:`api` does.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(api, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


for _name in ("render", "validate"):
    importlib.import_module(f"{__name__}.{_name}").__class__ = _Stage
from . import render, validate  # noqa: E402 - the callable stage modules, bound by name

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
    "LimitError",
    "Limits",
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
