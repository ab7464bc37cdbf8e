from odoo import Command

from .common import WarrantyCase


class WarrantyAnalyticsCase(WarrantyCase):
    """A second product, lead-time targets, and units and claims written straight in the
    state a test needs, so that reports can be checked against figures worked out by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {"aftersales_approval_target_hours": 48, "aftersales_resolution_target_days": 14}
        )
        cls.vendor = cls.env["res.partner"].create({"name": "Compressor Works"})
        cls.category_b = cls.env["product.category"].create({"name": "Freezers (test)"})
        cls.product_b = cls.env["product.product"].create(
            {
                "name": "Freezer FR-50",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_track_installed_base": True,
                "categ_id": cls.category_b.id,
                "list_price": 500.0,
                "aftersales_warranty_policy_id": cls.policy.id,
            }
        )

    def claim(self, unit, failure_date, state, decision=None, dates=None, **values):
        """A claim on `unit` written straight in `state` (as superuser, as the actions do),
        with a part costing `parts`."""
        parts = values.pop("parts", 0.0)
        workflow_fields = self.env["aftersales.claim"]._workflow_fields()
        workflow = {name: values.pop(name) for name in list(values) if name in workflow_fields}
        claim = self.make_claim(unit, failure_date=failure_date, **values)
        if parts:
            claim.part_ids = [
                Command.create({"product_id": self.part.id, "quantity": 1, "unit_cost": parts})
            ]
        claim.sudo().write({"state": state, "decision": decision, **workflow, **(dates or {})})
        return claim
