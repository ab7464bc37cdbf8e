import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .portal_common import PortalCustomersMixin


@tagged("post_install", "-at_install")
class TestPortalTicketClose(PortalCustomersMixin, HttpCase):
    """/ticket/close: a POST with the CSRF token, by the ticket's customer or helpdesk staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Split AC", "is_storable": True, "tracking": "serial"}
        )
        cls.alice = cls.portal_customer("close_alice", "Alice Cooling Ltd")
        cls.bob = cls.portal_customer("close_bob", "Bob Hotels")
        cls.agent = new_test_user(
            cls.env, "close_agent", groups="base.group_user,helpdesk_mgmt.group_helpdesk_user"
        )
        cls.unit = cls.portal_unit("CLOSE-SN-1", cls.alice.commercial_partner_id, cls.product)
        Stage = cls.env["helpdesk.ticket.stage"]
        cls.open_stage = Stage.create({"name": "Open (close test)", "sequence": 1})
        cls.solved = Stage.create(
            {"name": "Solved (close test)", "closed": True, "close_from_portal": True}
        )
        cls.not_from_portal = Stage.create(
            {"name": "Refused (close test)", "closed": True, "close_from_portal": False}
        )
        cls.env["aftersales.followup.plan"].create(
            {
                "name": "Satisfaction survey (close test)",
                "trigger": "request_closed",
                "step_ids": [Command.create({"offset_days": 3, "kind": "survey"})],
            }
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "Not cooling",
                "description": "Warm air only",
                "equipment_id": cls.unit.id,
                "partner_id": cls.alice.partner_id.id,
                "stage_id": cls.open_stage.id,
                "user_id": cls.agent.id,
            }
        )

    def close(self, stage=None, token=True):
        data = {"ticket_id": self.ticket.id, "stage_id": (stage or self.solved).id}
        if token:
            data["csrf_token"] = self.csrf_token()
        return self.url_open("/ticket/close", data=data, allow_redirects=False)

    def assert_still_open(self):
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.stage_id, self.open_stage)
        self.assertFalse(self.ticket.closed)
        self.assertFalse(
            self.env["aftersales.followup"].search([("ticket_id", "=", self.ticket.id)])
        )

    @mute_logger("odoo.http")
    def test_a_get_closes_nothing(self):
        self.login(self.alice)
        response = self.url_open(
            f"/ticket/close?ticket_id={self.ticket.id}&stage_id={self.solved.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 405)
        self.assert_still_open()

    @mute_logger("odoo.http")
    def test_a_post_without_csrf_token_closes_nothing(self):
        self.login(self.alice)
        response = self.close(token=False)
        self.assertEqual(response.status_code, 400)
        self.assert_still_open()

    @mute_logger("odoo.http")
    def test_another_customer_cannot_close_the_ticket(self):
        self.login(self.bob)
        response = self.close()
        self.assertEqual(response.status_code, 403)
        self.assert_still_open()
        missing = self.url_open(
            "/ticket/close",
            data={"ticket_id": 0, "stage_id": self.solved.id, "csrf_token": self.csrf_token()},
            allow_redirects=False,
        )
        self.assertEqual(missing.status_code, 404)

    def test_the_customer_closes_their_ticket_from_its_page(self):
        self.login(self.alice)
        page = self.url_open(f"/my/ticket/{self.ticket.id}")
        self.assertEqual(page.status_code, 200)
        close_form = re.search(r'<form[^>]*action="/ticket/close".*?</form>', page.text, re.S)
        self.assertTrue(close_form, "the ticket page offers a close button")
        self.assertRegex(close_form.group(0), r'method="POST"')
        self.assertIn('name="csrf_token"', close_form.group(0))
        # a stage the portal does not offer changes nothing
        self.assertEqual(self.close(self.not_from_portal).status_code, 302)
        self.assert_still_open()
        response = self.close()
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{self.ticket.id}"))
        self.ticket.invalidate_recordset()
        self.assertEqual(self.ticket.stage_id, self.solved)
        self.assertTrue(self.ticket.closed)
        survey = self.env["aftersales.followup"].search([("ticket_id", "=", self.ticket.id)])
        self.assertEqual((survey.kind, survey.partner_id), ("survey", self.alice.partner_id))

    def test_a_helpdesk_user_closes_a_customer_ticket(self):
        self.authenticate("close_agent", "close_agent")
        self.assertEqual(self.close().status_code, 302)
        self.ticket.invalidate_recordset()
        self.assertTrue(self.ticket.closed)
