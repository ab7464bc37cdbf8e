from odoo.tests import tagged

from .common import AftersalesServiceCase


@tagged("post_install", "-at_install")
class TestSecurityGroups(AftersalesServiceCase):
    def test_groups_hang_off_the_after_sales_privilege(self):
        user_group = self.env.ref("aftersales_service.group_service_user")
        manager_group = self.env.ref("aftersales_service.group_service_manager")
        privilege = self.env.ref("aftersales_service.res_groups_privilege_service")
        self.assertEqual(user_group.privilege_id, privilege)
        self.assertEqual(manager_group.privilege_id, privilege)
        self.assertEqual(privilege.category_id.name, "After-Sales")

    def test_manager_implies_user_and_helpdesk_rights(self):
        self.assertTrue(self.service_manager.has_group("aftersales_service.group_service_user"))
        self.assertTrue(self.service_manager.has_group("helpdesk_mgmt.group_helpdesk_manager"))
        self.assertTrue(self.service_user.has_group("helpdesk_mgmt.group_helpdesk_user"))
        self.assertFalse(self.service_user.has_group("aftersales_service.group_service_manager"))

    def test_app_menu_only_for_service_users(self):
        self.assertIn(
            "aftersales_service.menu_aftersales_root", self.visible_menu_xmlids(self.service_user)
        )
        self.assertNotIn(
            "aftersales_service.menu_aftersales_root", self.visible_menu_xmlids(self.internal_user)
        )

    def test_configuration_menu_only_for_managers(self):
        self.assertNotIn(
            "aftersales_service.menu_configuration", self.visible_menu_xmlids(self.service_user)
        )
        self.assertIn(
            "aftersales_service.menu_configuration_teams",
            self.visible_menu_xmlids(self.service_manager),
        )

    def test_service_user_can_log_a_request(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.service_user)
            .create({"name": "Dishwasher leaks", "description": "Water under the door"})
        )
        self.assertEqual(ticket.create_uid, self.service_user)
        self.assertTrue(ticket.number)

    def test_every_model_has_access_rows_for_both_roles(self):
        models = self.env["ir.model"].search(
            [("model", "like", "aftersales.%"), ("transient", "=", False)]
        )
        self.assertGreaterEqual(len(models), 8)
        manager_group = self.env.ref("aftersales_service.group_service_manager")
        concrete = models.filtered(lambda m: not self.env[m.model]._abstract)
        for model in concrete.filtered(lambda m: "aftersales_service" in m.modules):
            with self.subTest(model=model.model):
                rows = self.env["ir.model.access"].search([("model_id", "=", model.id)])
                self.assertIn(manager_group, rows.group_id)
                self.assertFalse(rows.filtered(lambda r: not r.group_id), "a row without group")
                self.assertTrue(
                    self.env[model.model].with_user(self.service_user).has_access("read")
                )
                self.assertFalse(
                    self.env[model.model].with_user(self.internal_user).has_access("write"),
                    "an internal user without after-sales rights cannot change it",
                )

    def test_multi_company_rules_cover_every_company_bound_model(self):
        for model_name in (
            "aftersales.equipment",
            "aftersales.equipment.ownership",
            "aftersales.visit",
            "aftersales.visit.part",
            "aftersales.maintenance.plan",
            "aftersales.followup",
            "aftersales.equipment.reading",
            "aftersales.visit.checklist.item",
            "aftersales.visit.checklist.line",
            "aftersales.first.time.fix",
        ):
            with self.subTest(model=model_name):
                rules = self.env["ir.rule"].search([("model_id.model", "=", model_name)])
                self.assertTrue(
                    rules.filtered(lambda r: "company_ids" in r.domain_force and not r.groups)
                )
