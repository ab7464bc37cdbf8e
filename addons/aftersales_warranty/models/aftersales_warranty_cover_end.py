from datetime import timedelta

from odoo import fields, models


class AftersalesWarranty(models.Model):
    _inherit = "aftersales.warranty"

    contract_id = fields.Many2one(
        "contract.contract",
        string="Service Contract",
        index="btree_not_null",
        copy=False,
        ondelete="restrict",
        help="The service contract that grants this cover.",
    )

    def _end_cover(self, on_date, reason):
        """Cover no longer runs from `on_date` (the sale that granted it was cancelled or
        refunded, the unit left its contract); cover not yet started is voided. Each ended
        cover leaves a message on its unit."""
        last_day = on_date - timedelta(days=1)
        for warranty in self.sudo():
            if warranty.voided or (warranty.date_end and warranty.date_end <= last_day):
                continue
            if not warranty.date_start or warranty.date_start > last_day:
                warranty.voided = True
                ended = self.env._("voided")
            else:
                # the exact last day: repair time or extensions no longer push it further
                warranty.write(
                    {"fixed_date_end": last_day, "excluded_days": 0, "extension_months": 0}
                )
                ended = self.env._("ends on %s", fields.Date.to_string(last_day))
            warranty.equipment_id.message_post(
                body=self.env._(
                    "Cover %(cover)s %(ended)s: %(reason)s.",
                    cover=warranty.display_name,
                    ended=ended,
                    reason=reason,
                )
            )
