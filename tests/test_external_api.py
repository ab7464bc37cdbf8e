"""The product seen from outside: Odoo's external XML-RPC API under our roles."""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestExternalApi(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # new_test_user sets the password to the login
        cls.service_user = new_test_user(
            cls.env, "api_service_user", groups="aftersales_service.group_service_user"
        )
        cls.internal_user = new_test_user(cls.env, "api_internal_user", groups="base.group_user")

    def call(self, login, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, login, {})
        self.assertTrue(uid, f"{login} could not log in over XML-RPC")
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, login, model, method, list(args), kwargs
        )

    def test_service_user_logs_a_request_over_xmlrpc(self):
        ticket_id = self.call(
            "api_service_user",
            "helpdesk.ticket",
            "create",
            {"name": "Oven does not heat", "description": "Error E3 on the display"},
        )
        [ticket] = self.call(
            "api_service_user", "helpdesk.ticket", "read", [ticket_id], fields=["name", "number"]
        )
        self.assertEqual(ticket["name"], "Oven does not heat")
        self.assertTrue(ticket["number"])
        self.assertEqual(
            self.env["helpdesk.ticket"].browse(ticket_id).create_uid, self.service_user
        )

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_model")
    def test_user_without_after_sales_rights_is_refused(self):
        with self.assertRaises(xmlrpc.client.Fault) as refusal:
            self.call("api_internal_user", "helpdesk.ticket", "create", {"name": "Sneaky request"})
        self.assertIn("not allowed to create", refusal.exception.faultString)
        self.assertFalse(self.env["helpdesk.ticket"].search([("name", "=", "Sneaky request")]))
