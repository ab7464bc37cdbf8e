from contextlib import contextmanager

from odoo.tests.common import new_test_user

from .common import AftersalesServiceCase


class AftersalesUsageCase(AftersalesServiceCase):
    """Units with an hour counter, owned by two portal customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.compressor = cls.env["product.product"].create(
            {"name": "Screw compressor", "is_storable": True, "tracking": "serial"}
        )
        cls.alice = cls._portal_customer("usage_alice", "Alice Air Ltd")
        cls.bob = cls._portal_customer("usage_bob", "Bob Foundry")
        cls.alice_unit = cls._unit("HRS-ALICE-1", cls.alice.commercial_partner_id)
        cls.bob_unit = cls._unit("HRS-BOB-1", cls.bob.commercial_partner_id)
        cls.Reading = cls.env["aftersales.equipment.reading"]

    @classmethod
    def _portal_customer(cls, login, company_name):
        company = cls.env["res.partner"].create(
            {"name": company_name, "is_company": True, "email": f"{login}@example.com"}
        )
        user = new_test_user(cls.env, login, groups="base.group_portal")
        user.partner_id.parent_id = company
        return user

    @classmethod
    def _unit(cls, serial, owner, **vals):
        lot = cls.env["stock.lot"].create({"name": serial, "product_id": cls.compressor.id})
        return cls.env["aftersales.equipment"].create(
            {
                "product_id": cls.compressor.id,
                "lot_id": lot.id,
                "partner_id": owner.id,
                "counter_kind": "hours",
                **vals,
            }
        )

    def record_reading(self, unit, day, value, **vals):
        return self.Reading.create({"equipment_id": unit.id, "date": day, "value": value, **vals})

    @contextmanager
    def assertRaisesAndRollsBack(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint) with the message matched."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)
