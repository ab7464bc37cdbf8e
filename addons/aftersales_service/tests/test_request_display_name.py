from odoo.tests import new_test_user, tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestRequestDisplayName(AftersalesServiceCase):
    def test_a_new_request_has_no_placeholder_name(self):
        Ticket = self.env["helpdesk.ticket"]
        new = Ticket.new(Ticket.default_get(list(Ticket._fields)))
        self.assertFalse(new.display_name)
        ticket = Ticket.create({"name": "Unit rattles at night", "description": "<p>Room 2</p>"})
        self.assertEqual(ticket.display_name, f"{ticket.number} - Unit rattles at night")

    def test_a_helpdesk_user_without_our_groups_reads_the_same_names(self):
        user = new_test_user(self.env, "hd_only_name", groups="helpdesk_mgmt.group_helpdesk_user")
        Ticket = self.env["helpdesk.ticket"].with_user(user)
        self.assertFalse(Ticket.new({}).display_name)
        ticket = Ticket.create({"name": "Printer jam", "description": "<p>Tray 2</p>"})
        self.assertEqual(ticket.display_name, f"{ticket.number} - Printer jam")
