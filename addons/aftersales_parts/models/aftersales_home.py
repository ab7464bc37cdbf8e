from odoo import api, models


class AftersalesHome(models.AbstractModel):
    _inherit = "aftersales.home"

    @api.model
    def _home_action(self):
        """Planners open on the suggestions of their forecast runs waiting to be applied."""
        action = super()._home_action()
        work_queue = self.env.ref("aftersales_service.action_service_requests")
        # another role's overview (the warranty dashboard) comes first
        if action.get("id") == work_queue.id and self.env.user.has_group(
            "aftersales_parts.group_parts_planner"
        ):
            return self.env["ir.actions.act_window"]._for_xml_id(
                "aftersales_parts.action_forecast_run_lines"
            )
        return action
