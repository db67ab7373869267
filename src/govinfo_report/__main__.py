"""``python -m govinfo_report``: the ``govinfo-report`` command, for when the script is not on PATH."""

import sys

from .cli import main

__all__: list[str] = []

if __name__ == "__main__":
    sys.exit(main())
