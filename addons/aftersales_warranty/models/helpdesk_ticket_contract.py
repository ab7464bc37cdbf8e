from odoo import fields, models
from odoo.fields import Domain


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"  # pylint: disable=consider-merging-classes-inherited

    def _get_sla_ticket_domain(self):
        """SLA policies reserved to service contracts apply to requests on the units a running
        contract naming them covers."""
        domain = super()._get_sla_ticket_domain()
        contract_domain = Domain("aftersales_contract_only", "=", False)
        slas = self._aftersales_contract_slas()
        if slas:
            contract_domain |= Domain("id", "in", slas.ids)
        return Domain.AND([domain, contract_domain])

    def _aftersales_contract_slas(self):
        self.ensure_one()
        if not self.equipment_id:
            return self.env["helpdesk.sla"]
        # sudo: whoever writes the request need not read warranties or contracts
        cover = (
            self.env["aftersales.warranty"]
            .sudo()
            .search(
                Domain("equipment_id", "=", self.equipment_id.id)
                & Domain("contract_id", "!=", False)
                & self.env["aftersales.warranty"]._covering_domain(fields.Date.context_today(self))
            )
        )
        return cover.contract_id.aftersales_sla_id
