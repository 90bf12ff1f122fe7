from odoo import fields, models

from .. import local_time


class DistTimeZoneMixin(models.AbstractModel):
    """The suite's days of a place (a company, a warehouse): its time
    zone's. Every "today", count date, promise, SLA day and KPI day of the
    suite comes from here, whoever (a user in another zone, the scheduler
    as OdooBot) asks."""

    _name = "dist.time.zone.mixin"
    _description = "Days in the time zone of a place"

    def _dist_tz(self):
        """The place's time zone name; UTC when none is set."""
        raise NotImplementedError

    def _dist_today(self):
        """Today at this place."""
        self.ensure_one()
        return local_time.today(self._dist_tz(), fields.Datetime.now())

    def _dist_local_day(self, moment):
        """The day at this place of `moment` (naive UTC); None for none."""
        self.ensure_one()
        if not moment:
            return None
        return local_time.local_day(
            fields.Datetime.to_datetime(moment), self._dist_tz()
        )

    def _dist_day_bounds(self, first, last=None):
        """[start, end) in naive UTC of the days `first` to `last` (default
        `first`) at this place: compare stored moments with them."""
        self.ensure_one()
        return local_time.day_bounds(first, last or first, self._dist_tz())

    def _dist_day_end(self, day):
        """The last second of `day` at this place, naive UTC: a day kept in
        a datetime field (a promise holds until its day ends)."""
        self.ensure_one()
        return local_time.day_end(day, self._dist_tz())
