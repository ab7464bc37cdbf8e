from odoo import api, models


class ContractLine(models.Model):
    _inherit = "contract.line"

    @api.constrains("date_end")
    def _check_aftersales_cover(self):
        self.contract_id._check_aftersales_cover()

    def write(self, vals):
        result = super().write(vals)
        if "date_end" in vals and not self.env.context.get("aftersales_no_cover_sync"):
            # the contract's end moved: so does the cover it grants
            self.contract_id.filtered("aftersales_policy_id")._aftersales_sync_cover()
        return result
