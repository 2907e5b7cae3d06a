"""Importing an instrument the organisation holds the rights to, from JSON or CSV.

The format is documented in docs/survey-instrument-format.md. Validation is strict and
complete: every problem is reported with the field and the row (item number or CSV
line) it is in, and nothing is stored unless the whole file is right.
"""

from .checks import MAX_BYTES, Parsed
from .csv_format import parse_csv
from .json_format import parse_json
from .storing import instrument_import

__all__ = ["MAX_BYTES", "Parsed", "instrument_import", "parse_csv", "parse_json"]
