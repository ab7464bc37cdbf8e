from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class AftersalesWarrantyDemo(models.AbstractModel):
    """The paid side of the demo story: a service contract and a repair quote."""

    _inherit = "aftersales.warranty.demo"

    @api.model
    def _load_demo_service_business(self):
        manager = self.env.ref("aftersales_warranty.user_demo_manager")
        contract = self._demo_service_contract(manager)
        quote = self._demo_repair_quote(manager)
        return contract, quote

    def _demo_service_contract(self, manager):
        """The Shenzhen mall's chillers under a year's care contract, started last month, its
        first month invoiced."""
        ref = self.env.ref
        start = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        units = ref("aftersales_service.unit_chiller_05") | ref(
            "aftersales_service.unit_chiller_06"
        )
        contract = (
            self.env["contract.contract"]
            .with_user(manager)
            .create(
                {
                    "name": "Chiller care - Shenzhen mall",
                    "partner_id": ref("aftersales_service.partner_shenzhen_mall").id,
                    "date_start": start,
                    "recurring_rule_type": "monthly",
                    "recurring_interval": 1,
                    "aftersales_policy_id": ref("aftersales_warranty.policy_chiller_contract").id,
                    "aftersales_equipment_ids": [Command.set(units.ids)],
                    "aftersales_sla_id": ref("aftersales_warranty.sla_contract_response").id,
                    "aftersales_visits_per_year": 4,
                    "contract_line_ids": [
                        Command.create(
                            {
                                "product_id": ref("aftersales_warranty.product_chiller_care").id,
                                "name": "Chiller care #START# - #END#",
                                "quantity": len(units),
                                "price_unit": 11_250_000.0,
                                "date_start": start,
                                "date_end": start + relativedelta(years=1, days=-1),
                            }
                        )
                    ],
                }
            )
        )
        # the accountant invoices it: the after-sales manager makes no invoice
        contract.with_env(self.env).recurring_create_invoice()
        return contract

    def _demo_repair_quote(self, manager):
        """A clinic unit knocked off its wall: the customer pays the repair, quoted and sent,
        waiting for the clinic to accept it on its portal."""
        ref = self.env.ref
        unit = ref("aftersales_service.unit_split_01")
        warehouse = self._warehouse()
        repair = (
            self.env["repair.order"]
            .with_user(manager)
            .create(
                {
                    "product_id": unit.product_id.id,
                    "lot_id": unit.lot_id.id,
                    "partner_id": unit.partner_id.id,
                    "picking_type_id": warehouse.repair_type_id.id,
                    "internal_notes": "<p>Unit knocked off the wall during renovation works: "
                    "damage, not covered.</p>",
                    "move_ids": [
                        Command.create(
                            {
                                "repair_line_type": "add",
                                "product_id": ref("aftersales_service.product_air_filter").id,
                                "product_uom_qty": 1.0,
                            }
                        )
                    ],
                    "repair_service_ids": [
                        Command.create(
                            {
                                "product_id": ref("aftersales_warranty.product_technician_hour").id,
                                "product_uom_qty": 2.0,
                            }
                        )
                    ],
                }
            )
        )
        # quoted by the administrator: the demo's after-sales people hold no sales rights
        repair = repair.with_env(self.env)
        repair.action_aftersales_quote()
        repair.sale_order_id.action_quotation_sent()
        return repair
