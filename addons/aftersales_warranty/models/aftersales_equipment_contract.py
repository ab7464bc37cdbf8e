from odoo import models


class AftersalesEquipment(models.Model):
    _inherit = "aftersales.equipment"  # pylint: disable=consider-merging-classes-inherited

    def _end_cover_that_does_not_transfer(self):
        """A service contract covers its customer's units: a unit sold on leaves it."""
        result = super()._end_cover_that_does_not_transfer()
        self.sudo().warranty_ids.filtered(
            lambda w: w.contract_id and not w.voided
        ).contract_id._aftersales_sync_cover()
        return result
