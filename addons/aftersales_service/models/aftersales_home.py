from odoo import api, models


class AftersalesHome(models.AbstractModel):
    """Where the After-Sales app opens for the current user: the overview of their role.

    The app's root menu runs ``action_aftersales_home``, which asks this model. The service
    opens on the work queue; the warranty and parts addons put their own overview first for
    their roles by extending ``_home_action``.
    """

    _name = "aftersales.home"
    _description = "After-Sales Home"

    @api.model
    def _home_action(self):
        if not self.env.user.has_group("aftersales_service.group_service_user"):
            # a technician: their visits (they may not read service requests)
            return self.env["ir.actions.act_window"]._for_xml_id("aftersales_service.action_visits")
        return self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.action_service_requests"
        )
