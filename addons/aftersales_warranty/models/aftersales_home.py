from odoo import api, models


class AftersalesHome(models.AbstractModel):
    _inherit = "aftersales.home"

    @api.model
    def _home_action(self):
        """Approvers and managers open on the warranty dashboard: the claims waiting for
        them, costs and lead times against their targets."""
        if self.env.user.has_group("aftersales_warranty.group_warranty_approver"):
            return self.env["ir.actions.actions"]._for_xml_id(
                "aftersales_warranty.action_warranty_dashboard"
            )
        return super()._home_action()
