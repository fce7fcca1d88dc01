"""CSV exports that spreadsheets open safely (UTF-8 with BOM; no formulas)."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """Text for a CSV cell; a leading ``= + - @`` is quoted so that a spreadsheet never
    runs a title or a typed login name as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
