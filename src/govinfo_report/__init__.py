"""govinfo-report: Chinese government information-disclosure annual reports as typed, checked data.

```python
import govinfo_report as g

r = g.parse_file(g.example_path())  # or a report of your own: .txt, .html, .pdf, .docx
r.agency, r.year, r.format          # ('新疆维吾尔自治区应急管理厅', 2019, '2019')
findings = g.validate(r)            # [] : its numbers add up
```

Field names and the JSON shape are the contract of docs/spec.md.
"""

from __future__ import annotations

import logging as _logging

# The stage modules validate.py and render.py share their names with the public functions
# ``validate`` and ``render``. Python binds a submodule to the package attribute of its name when the
# submodule is first imported, so both are imported here, first, and the functions are bound last:
# later imports of the submodules find them in ``sys.modules`` and leave the package attribute alone.
from . import render as _render_module  # noqa: F401 - loaded before the function takes the name
from . import validate as _validate_module  # noqa: F401 - loaded before the function takes the name
from ._version import __version__
from .adapters import Limits
from .agencies import Agency, identify
from .api import (
    ErrorLevel,
    example_path,
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
from .compare import Comparison, compare
from .errors import AdapterError, GovinfoError, LimitError, MissingExtraError, ParseError
from .export import read_reports
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

# A library logs and leaves the showing to the application (the command line shows warnings on stderr).
_logging.getLogger(__name__).addHandler(_logging.NullHandler())

__all__ = [
    "ActiveDisclosure",
    "AdapterError",
    "Agency",
    "ApplicantCounts",
    "Applications",
    "Cell",
    "Comparison",
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
    "compare",
    "example_path",
    "from_dict",
    "from_json",
    "identify",
    "parse",
    "parse_file",
    "read_reports",
    "render",
    "to_dataframe",
    "to_dict",
    "to_json",
    "validate",
    "validate_series",
]
