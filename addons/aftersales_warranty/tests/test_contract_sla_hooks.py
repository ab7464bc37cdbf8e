from contextlib import contextmanager
from unittest.mock import patch

from odoo.tests import Form, new_test_user, tagged

from .contract_common import ServiceContractCase


@tagged("post_install", "-at_install")
class TestContractSlaHooks(ServiceContractCase):
    """The SLA policies reserved to service contracts (``helpdesk.sla``
    ``aftersales_contract_only``, applied by ``helpdesk.ticket._get_sla_ticket_domain``) for
    users holding only helpdesk groups: a helpdesk manager sets them up, a helpdesk user's
    requests get them on covered units only, and a request on no unit is left to
    helpdesk_mgmt_sla as it is."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.helpdesk_user = new_test_user(
            cls.env, "sla_helpdesk", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.helpdesk_manager = new_test_user(
            cls.env, "sla_helpdesk_manager", groups="helpdesk_mgmt.group_helpdesk_manager"
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Chillers", "use_sla": True, "user_ids": [(4, cls.helpdesk_user.id)]}
        )
        cls.everyone_sla = cls.make_sla("Next business day", 24, contract_only=False)
        cls.contract_sla = cls.make_sla("4 hours under contract", 4, contract_only=True)
        cls.make_contract(aftersales_sla_id=cls.contract_sla.id)

    @classmethod
    def make_sla(cls, name, hours, contract_only):
        with Form(cls.env["helpdesk.sla"].with_user(cls.helpdesk_manager)) as form:
            form.name = name
            form.hours = hours
            form.team_ids.add(cls.team)
            form.aftersales_contract_only = contract_only
        return form.record

    @contextmanager
    def assertNotSearched(self, model):
        """Fails when `model` is searched in the block (the hook stayed out of the way)."""
        Model = type(self.env[model])
        with patch.object(Model, "_search", autospec=True, side_effect=Model._search) as spy:
            yield
        self.assertFalse(spy.call_count, f"{model} was searched")

    def request(self, **vals):
        return (
            self.env["helpdesk.ticket"]
            .with_user(self.helpdesk_user)
            .create({"name": "Not cooling", "description": "x", "team_id": self.team.id, **vals})
        )

    def test_a_helpdesk_manager_sets_the_contract_sla_up(self):
        self.assertTrue(self.contract_sla.aftersales_contract_only)
        self.assertFalse(self.everyone_sla.aftersales_contract_only)
        with Form(self.contract_sla.with_user(self.helpdesk_manager)) as form:
            form.hours = 6
        self.assertEqual(self.contract_sla.hours, 6)

    def test_a_helpdesk_users_request_on_a_covered_unit_gets_the_contract_sla(self):
        covered = self.request(equipment_id=self.units[0].id)
        uncovered = self.request(equipment_id=self.units[2].id)
        self.assertEqual(covered.sla_ids, self.everyone_sla | self.contract_sla)
        self.assertEqual(uncovered.sla_ids, self.everyone_sla)
        # the helpdesk user moves the request on: its deadlines follow as without our addons
        stage = self.env["helpdesk.ticket.stage"].search([("closed", "=", False)], limit=2)[-1]
        covered.with_user(self.helpdesk_user).stage_id = stage
        self.assertEqual(covered.sla_ids, self.everyone_sla | self.contract_sla)

    def test_a_request_on_no_unit_looks_at_no_contract(self):
        with self.assertNotSearched("aftersales.warranty"):
            ticket = self.request()
        self.assertEqual(ticket.sla_ids, self.everyone_sla)
        with Form(ticket.with_user(self.helpdesk_user)) as form:
            form.name = "Not cooling at all"
        self.assertEqual(ticket.sla_ids, self.everyone_sla)
