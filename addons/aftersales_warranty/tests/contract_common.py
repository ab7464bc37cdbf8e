"""A service contract policy and product, and units whose standard cover has ended."""

from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import Command

from .common import WarrantyCase


class ServiceContractCase(WarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract_policy = cls.env["aftersales.warranty.policy"].create(
            {
                "name": "Chiller care contract",
                "kind": "contract",
                "duration": 12,
                "parts_coverage": 100,
                "labour_coverage": 50,
                "travel_coverage": 0,
                "rule_set_id": cls.rule_set.id,
            }
        )
        cls.contract_product = cls.env["product.product"].create(
            {"name": "Chiller care (month)", "type": "service", "list_price": 100.0}
        )
        # delivered three years ago: the 24-month standard cover has ended
        cls.units = cls.deliver(cls.product, 3, date.today() - relativedelta(years=3), prefix="CC")

    @classmethod
    def make_contract(cls, units=None, start=None, months=12, user=None, **values):
        start = start or date.today()
        return (
            cls.env["contract.contract"]
            .with_user(user or cls.warranty_manager)
            .create(
                {
                    "name": "Chiller care",
                    "partner_id": cls.customer.id,
                    "date_start": start,
                    "recurring_rule_type": "monthly",
                    "recurring_interval": 1,
                    "aftersales_policy_id": cls.contract_policy.id,
                    "aftersales_equipment_ids": [Command.set((units or cls.units[:2]).ids)],
                    "contract_line_ids": [
                        Command.create(
                            {
                                "product_id": cls.contract_product.id,
                                "name": "Chiller care #START# - #END#",
                                "quantity": 1,
                                "price_unit": 100.0,
                                "date_start": start,
                                "date_end": start + relativedelta(months=months, days=-1),
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    @staticmethod
    def cover_of(unit, contract):
        return unit.warranty_ids.filtered(lambda w: w.contract_id == contract and not w.voided)
