from contextlib import contextmanager

from .common import AftersalesServiceCase
from .portal_common import PortalCustomersMixin


class AftersalesUsageCase(PortalCustomersMixin, AftersalesServiceCase):
    """Units with an hour counter, owned by two portal customers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.compressor = cls.env["product.product"].create(
            {"name": "Screw compressor", "is_storable": True, "tracking": "serial"}
        )
        cls.alice = cls.portal_customer("usage_alice", cls._company("usage_alice", "Alice Air Ltd"))
        cls.bob = cls.portal_customer("usage_bob", cls._company("usage_bob", "Bob Foundry"))
        cls.alice_unit = cls.portal_unit(
            "HRS-ALICE-1", cls.alice.commercial_partner_id, cls.compressor, counter_kind="hours"
        )
        cls.bob_unit = cls.portal_unit(
            "HRS-BOB-1", cls.bob.commercial_partner_id, cls.compressor, counter_kind="hours"
        )
        cls.Reading = cls.env["aftersales.equipment.reading"]

    @classmethod
    def _company(cls, login, name):
        """The customer's company, with an address the visit reports are mailed to."""
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "email": f"{login}@example.com"}
        )

    def record_reading(self, unit, day, value, **vals):
        return self.Reading.create({"equipment_id": unit.id, "date": day, "value": value, **vals})

    @contextmanager
    def assertRaisesAndRollsBack(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint) with the message matched."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)
