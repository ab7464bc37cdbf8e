from odoo import api, fields, models


class AftersalesClaim(models.Model):
    """The claim's usage reading: taken from the unit's readings, and checked against the
    usage limit of the cover (the cover ends at its date or its usage, whichever first)."""

    _inherit = "aftersales.claim"

    @api.model_create_multi
    def create(self, vals_list):
        self._add_usage_readings(vals_list)
        return super().create(vals_list)

    @api.model
    def _add_usage_readings(self, vals_list):
        """Set in `vals_list` the usage reading of each claim on a unit with a counter,
        from the unit's readings on the failure date (historic imports insert their claims
        without create(), and call this too)."""
        # the units browsed together: their counters and readings are read once for the batch
        units = self.env["aftersales.equipment"].browse(
            list({vals["equipment_id"] for vals in vals_list if vals.get("equipment_id")})
        )
        default_date = self._fields["failure_date"].default(self)
        for vals in vals_list:
            if vals.get("usage_reading") or not vals.get("equipment_id"):
                continue
            unit = units.browse(vals["equipment_id"]).with_prefetch(units._prefetch_ids)
            if unit.counter_kind:
                failure_date = fields.Date.to_date(vals.get("failure_date") or default_date)
                vals["usage_reading"] = unit._usage_on(failure_date)

    @api.onchange("equipment_id", "failure_date")
    def _onchange_usage_reading_from_readings(self):
        for claim in self:
            if not claim.usage_reading and claim.equipment_id and claim.failure_date:
                claim.usage_reading = claim.equipment_id._usage_on(claim.failure_date)

    @api.depends("usage_reading", "equipment_id.warranty_ids.policy_id.usage_limit")
    def _compute_warranty_id(self):
        result = super()._compute_warranty_id()
        for claim in self:
            if not claim.warranty_id.policy_id._usage_exceeded(claim.usage_reading):
                continue
            covering = claim.equipment_id.warranty_ids.filtered(
                lambda w, claim=claim: (
                    claim.failure_date
                    and w._covers(claim.failure_date)
                    and not w.policy_id._usage_exceeded(claim.usage_reading)
                )
            )
            claim.warranty_id = covering.sorted("date_end", reverse=True)[:1]
        return result

    def _usage_ended_cover(self):
        """The cover that runs on the failure date but ended at its usage limit, if any."""
        self.ensure_one()
        return self.equipment_id.warranty_ids.filtered(
            lambda w: (
                self.failure_date
                and w._covers(self.failure_date)
                and w.policy_id._usage_exceeded(self.usage_reading)
            )
        ).sorted("date_end", reverse=True)[:1]

    def _check_cover(self):
        verdict = super()._check_cover()
        ended = not self.warranty_id and self._usage_ended_cover()
        if ended:
            verdict["message"] = self.env._(
                "%(policy)s ended at its usage limit of %(limit)s: the unit had %(usage)s at "
                "failure.",
                policy=ended.policy_id.name,
                limit=ended.policy_id.usage_limit,
                usage=self.usage_reading,
            )
        return verdict
