"""MkDocs hook: the docstrings' Sphinx roles (:class:`~pkg.Report`) shown as plain code (`Report`).

The docstrings are written for ``help()`` and Sphinx-aware editors; mkdocstrings renders Markdown and would
print the role names literally.
"""

from __future__ import annotations

import re
from typing import Any

_ROLE = re.compile(r":(?:class|mod|func|meth|data|attr|exc|obj):(<code>)(~?)([\w.]+)(</code>)")


def _shown(m: re.Match[str]) -> str:
    name = m.group(3)
    if m.group(2) == "~":  # Sphinx's ~: show the last part of the dotted name only
        name = name.rsplit(".", 1)[-1]
    return f"{m.group(1)}{name.lstrip('.')}{m.group(4)}"


def on_page_content(html: str, **kwargs: Any) -> str:
    return _ROLE.sub(_shown, html)
