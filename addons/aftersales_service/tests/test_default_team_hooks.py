from odoo.tests import Form, new_test_user, tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestDefaultTeamHooks(AftersalesServiceCase):
    """The default team of a new request (``helpdesk.ticket.default_get``) for users holding
    only helpdesk groups: their own team first, the company's only team next, and what the
    caller chose is left alone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["helpdesk.ticket.team"].search([]).active = False
        cls.agent = new_test_user(
            cls.env, "team_agent", groups="helpdesk_mgmt.group_helpdesk_user_own"
        )
        cls.helpdesk_user = new_test_user(
            cls.env, "team_helpdesk", groups="helpdesk_mgmt.group_helpdesk_user"
        )
        cls.helpdesk_manager = new_test_user(
            cls.env, "team_manager", groups="helpdesk_mgmt.group_helpdesk_manager"
        )
        cls.first_line = cls.env["helpdesk.ticket.team"].create({"name": "First line"})

    def new_request(self, user, **context):
        Ticket = self.env["helpdesk.ticket"].with_user(user).with_context(**context)
        with Form(Ticket) as form:
            form.name = "Printer jammed"
            form.description = "Paper stuck"
        return form.record

    def test_the_companys_only_team_gets_the_request(self):
        for user in (self.agent, self.helpdesk_user, self.helpdesk_manager):
            with self.subTest(user=user.login):
                ticket = self.new_request(user)
                self.assertEqual(ticket.team_id, self.first_line)
                self.assertEqual(ticket.user_id, user)

    def test_a_member_gets_their_own_team(self):
        second_line = self.env["helpdesk.ticket.team"].create(
            {"name": "Second line", "user_ids": [(4, self.helpdesk_user.id)]}
        )
        self.assertEqual(self.new_request(self.helpdesk_user).team_id, second_line)
        # two teams and the user in neither: no guess, as without our addons
        self.assertFalse(self.new_request(self.helpdesk_manager).team_id)

    def test_a_team_chosen_by_the_caller_is_kept(self):
        second_line = self.env["helpdesk.ticket.team"].create({"name": "Second line"})
        ticket = self.new_request(self.helpdesk_user, default_team_id=second_line.id)
        self.assertEqual(ticket.team_id, second_line)
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.helpdesk_manager)
            .create({"name": "Noisy fan", "description": "x", "team_id": second_line.id})
        )
        self.assertEqual(ticket.team_id, second_line)

    def test_a_team_of_another_company_is_never_the_default(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.env["helpdesk.ticket.team"].create(
            {
                "name": "Their line",
                "company_id": other_company.id,
                "user_ids": [(4, self.helpdesk_user.id)],
            }
        )
        self.assertEqual(self.new_request(self.helpdesk_user).team_id, self.first_line)
