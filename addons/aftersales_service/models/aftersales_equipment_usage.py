from odoo import api, fields, models

from .aftersales_equipment_reading import COUNTER_KINDS


class AftersalesEquipment(models.Model):
    """The usage of a unit: its counter, its readings and how fast it is used."""

    _inherit = "aftersales.equipment"

    counter_kind = fields.Selection(
        COUNTER_KINDS,
        string="Counter",
        help="What the unit's counter measures; empty when the unit has no counter.",
    )
    reading_ids = fields.One2many(
        "aftersales.equipment.reading", "equipment_id", string="Usage Readings"
    )
    last_reading_id = fields.Many2one(
        "aftersales.equipment.reading", compute="_compute_usage", string="Latest Reading"
    )
    current_usage = fields.Float(
        compute="_compute_usage", help="Total usage at the latest reading."
    )
    usage_per_day = fields.Float(
        compute="_compute_usage",
        digits=(16, 3),
        help="Average usage per day between the first and the latest reading.",
    )

    @api.depends("reading_ids.total_usage", "reading_ids.date")
    def _compute_usage(self):
        for unit in self:
            ordered = unit.reading_ids.sorted(lambda r: (r.date, r.id))
            first, last = ordered[:1], ordered[-1:]
            unit.last_reading_id = last
            unit.current_usage = last.total_usage
            days = (last.date - first.date).days if last else 0
            unit.usage_per_day = (last.total_usage - first.total_usage) / days if days else 0.0

    def _update_reading_totals(self):
        """Recompute the total usage of the units' readings, in date order."""
        Reading = self.env["aftersales.equipment.reading"].sudo()
        for unit in self:
            total, previous = 0.0, None
            for reading in Reading.search([("equipment_id", "=", unit.id)], order="date, id"):
                if previous is None:
                    total = reading.value
                elif reading.meter_reset:
                    total += reading.value
                else:
                    total += reading.value - previous
                previous = reading.value
                if reading.total_usage != total:
                    reading.total_usage = total

    def _usage_on(self, date):
        """Total usage at the latest reading on or before `date` (0 without reading)."""
        self.ensure_one()
        readings = self.reading_ids.filtered(lambda r: r.date <= date)
        return readings.sorted(lambda r: (r.date, r.id))[-1:].total_usage

    def _projected_date(self, total_usage):
        """The day the unit reaches `total_usage` at its usage rate, or False if unknown."""
        self.ensure_one()
        last = self.last_reading_id
        if not last:
            return False
        if last.total_usage >= total_usage:
            return last.date
        if self.usage_per_day <= 0:
            return False
        return fields.Date.add(
            last.date, days=int((total_usage - last.total_usage) / self.usage_per_day)
        )

    def _projected_usage(self, date):
        """The unit's total usage on `date`, projected from its usage rate."""
        self.ensure_one()
        last = self.last_reading_id
        if not last:
            return 0.0
        return last.total_usage + max((date - last.date).days, 0) * self.usage_per_day

    def action_view_readings(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_equipment_readings"
        )
        action["domain"] = [("equipment_id", "=", self.id)]
        action["context"] = {"default_equipment_id": self.id}
        return action
