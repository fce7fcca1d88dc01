"""Dates as people in Vietnam read and type them (ICT, UTC+7); stored in UTC.

Form input without a zone is taken as Vietnam time; pages show Vietnam time.
"""
import datetime

VIETNAM = datetime.timezone(datetime.timedelta(hours=7), "ICT")  # no DST since 1975


def local(value):
    """``value`` (aware, any zone) in Vietnam time; None stays None."""
    return value.astimezone(VIETNAM) if isinstance(value, datetime.datetime) else value


def format_date(value):
    """``dd/mm/yyyy`` in Vietnam time, or '' for None."""
    return local(value).strftime("%d/%m/%Y") if value else ""


def format_datetime(value):
    """``dd/mm/yyyy HH:MM`` in Vietnam time, or '' for None."""
    return local(value).strftime("%d/%m/%Y %H:%M") if value else ""


def parse_date(value):
    """A date typed as ``YYYY-MM-DD`` (date inputs) or ``dd/mm/yyyy``; None if empty;
    ValueError if it is neither."""
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)
