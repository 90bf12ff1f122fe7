"""Moments of the demo's past, for records the suite's own methods write now.

The suite stamps what it does with the current time (the database's for
create_date). The demo runs those methods today for things that happened
over the last weeks, then moves the stamps back to the moments they stand
for, as the history writer dates its documents.
"""

import datetime

import pytz

from odoo.tools import SQL


def working_moment(day, rng, tz, start=8, hours=8):
    """A moment of the working day `day` in the time zone `tz` (between
    `start` and `start + hours` o'clock), as naive UTC like Odoo's."""
    local = datetime.datetime.combine(day, datetime.time(start)) + datetime.timedelta(
        minutes=rng.randrange(0, hours * 60)
    )
    return pytz.timezone(tz).localize(local).astimezone(pytz.utc).replace(tzinfo=None)


def weekdays(today, days):
    """The weekdays of the `days` days before `today`, oldest first."""
    return [
        day
        for day in (today - datetime.timedelta(days=n) for n in range(days, 0, -1))
        if day.weekday() < 5
    ]


def set_column(env, table, column, values):
    """Set `column` of the rows of `table` to `values` ({id: value}), in one
    statement; the caller invalidates the cache."""
    if not values:
        return
    env.flush_all()
    env.cr.execute(
        SQL(
            "UPDATE %s AS t SET %s = v.value FROM (VALUES %s) AS v(id, value) "
            "WHERE t.id = v.id",
            SQL.identifier(table),
            SQL.identifier(column),
            SQL(", ").join(
                SQL("(%s, %s)", key, value) for key, value in values.items()
            ),
        )
    )
