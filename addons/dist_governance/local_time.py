"""Days in a time zone, for the whole suite (pure functions, no ORM).

Odoo stores moments as naive UTC datetimes. A day (today, a count date, a
promise, a KPI's day) is a day of a place: the warehouse's or the company's
time zone (see docs/architecture.md, "Dates and time zones"). These helpers
turn one into the other; the models call them through
`dist.time.zone.mixin` (res.company, stock.warehouse).

SQL compares stored moments with the UTC bounds of local days computed
here, never by converting each row (`AT TIME ZONE` on a column defeats its
index and costs every row). Where companies in different zones share one
statement, `PerCompany` carries each company's own bound: the statement
keeps one plain range on the raw column (the widest) and checks each row
against its company's bound, a lookup, not a conversion.
"""

from datetime import datetime, time, timedelta

import pytz

from odoo.tools import SQL

UTC = "UTC"
OPERATORS = ("<", "<=", ">", ">=")


def zone(name):
    """The pytz zone of `name` (UTC when empty)."""
    return pytz.timezone(name or UTC)


def local_day(moment, tz):
    """The day `moment` (naive UTC, as Odoo stores it) falls on in `tz`."""
    return pytz.utc.localize(moment).astimezone(zone(tz)).date()


def today(tz, now=None):
    """Today in `tz` (now: naive UTC, default the clock's)."""
    return local_day(now or datetime.now(pytz.utc).replace(tzinfo=None), tz)


def day_start(day, tz):
    """The naive UTC moment `day` begins in `tz` (its first existing
    instant where a clock change skips midnight)."""
    local = zone(tz).localize(datetime.combine(day, time.min), is_dst=False)
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def day_bounds(first, last, tz):
    """[start, end) in naive UTC of the local days `first` to `last`
    (included) in `tz`."""
    return day_start(first, tz), day_start(last + timedelta(days=1), tz)


def day_end(day, tz):
    """The last second of `day` in `tz`, naive UTC: how a day is stored in
    a datetime field (a promise for a day holds until that day ends)."""
    return day_start(day + timedelta(days=1), tz) - timedelta(seconds=1)


def local_string(moment, tz):
    """`moment` (naive UTC) as "YYYY-MM-DD HH:MM <zone>" in `tz`, for
    messages read by people; empty for none."""
    if not moment:
        return ""
    local = pytz.utc.localize(moment).astimezone(zone(tz))
    return f"{local:%Y-%m-%d %H:%M} {tz or UTC}"


def local_date_sql(column, tz):
    """SQL: the local day in `tz` of the moments of `column` (an SQL
    expression). A conversion per row: for select lists over a few
    thousand rows, never for a WHERE clause on an indexed column."""
    if (tz or UTC) == UTC:
        return SQL("(%s)::date", column)
    return SQL("((%s) AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, tz)


def day_end_sql(moment, tz):
    """SQL: the last second, naive UTC, of the local day of `moment` in the
    zone `tz` (SQL expressions both). Converts every row: for one-off
    statements (installation, migration), never for recurring ones."""
    return SQL(
        """((((%(moment)s) AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date + 1)
             ::timestamp AT TIME ZONE %(tz)s AT TIME ZONE 'UTC')
           - interval '1 second'""",
        moment=moment,
        tz=tz,
    )


class PerCompany:
    """One naive UTC moment per company: the same local time (e.g. the
    start of a day) in each company's zone. Hashable, so that statements
    built on it can be shared by key."""

    __slots__ = ("moments",)

    def __init__(self, moments):
        self.moments = dict(moments)

    def __repr__(self):
        return f"PerCompany({self.moments!r})"

    def __eq__(self, other):
        return isinstance(other, PerCompany) and self.moments == other.moments

    def __hash__(self):
        return hash(tuple(sorted(self.moments.items())))

    def __add__(self, delta):
        return PerCompany(
            {company: moment + delta for company, moment in self.moments.items()}
        )

    def __sub__(self, delta):
        return self + (-delta)

    def uniform(self):
        """The moment when every company has the same one, else None."""
        values = set(self.moments.values())
        return values.pop() if len(values) == 1 else None

    def case(self, company_column):
        """SQL: the moment of the row's company (`company_column`)."""
        return SQL(
            "CASE %s %s END",
            company_column,
            SQL(" ").join(
                SQL("WHEN %s THEN %s::timestamp", company, moment)
                for company, moment in sorted(self.moments.items())
            ),
        )


def compare_sql(column, operator, bound, company_column):
    """SQL: `column <operator> bound`, where `column` and `company_column`
    are SQL expressions (or column names) and `bound` is a moment or a
    PerCompany. With several moments, one plain comparison on the raw
    column with the loosest of them (for the index), then each row against
    its company's own."""
    if operator not in OPERATORS:
        raise ValueError(f"not a comparison: {operator!r}")
    # column names written in the statements themselves, never user input
    column = SQL(column) if isinstance(column, str) else column
    company_column = (
        SQL(company_column) if isinstance(company_column, str) else company_column
    )
    if not isinstance(bound, PerCompany):
        return SQL("%s " + operator + " %s", column, bound)
    same = bound.uniform()
    if same is not None:
        return SQL("%s " + operator + " %s", column, same)
    loosest = (min if operator in (">", ">=") else max)(bound.moments.values())
    return SQL(
        "(%s " + operator + " %s AND %s " + operator + " %s)",
        column,
        loosest,
        column,
        bound.case(company_column),
    )


def span_days(date_from, date_to):
    """Whole days between two bounds (moments or PerCompany), local days
    counted: a window across a clock change is still its number of days."""
    if isinstance(date_from, PerCompany):
        company = next(iter(date_from.moments))
        date_from, date_to = date_from.moments[company], date_to.moments[company]
    return round((date_to - date_from).total_seconds() / 86400.0)
