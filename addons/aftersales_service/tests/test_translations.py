from odoo.tests import TransactionCase, tagged

AFTER_SALES_ADDONS = ["aftersales_service", "aftersales_warranty", "aftersales_parts"]


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The suite ships Vietnamese, Simplified Chinese and Malay, the languages it started from."""

    def load_language(self, code):
        self.env["res.lang"]._activate_lang(code)
        installed = self.env["ir.module.module"].search(
            [("name", "in", AFTER_SALES_ADDONS), ("state", "=", "installed")]
        )
        self.env["ir.module.module"]._load_module_terms(installed.mapped("name"), [code])

    def test_app_menu_and_roles_are_translated(self):
        menu = self.env.ref("aftersales_service.menu_aftersales_root")
        manager = self.env.ref("aftersales_service.group_service_manager")
        expected = {
            "vi_VN": ("Hậu mãi", "Quản lý"),
            "zh_CN": ("售后", "经理"),
            "ms_MY": ("Selepas Jualan", "Pengurus"),
        }
        for code, (menu_name, manager_name) in expected.items():
            with self.subTest(lang=code):
                self.load_language(code)
                self.assertEqual(menu.with_context(lang=code).name, menu_name)
                self.assertEqual(manager.with_context(lang=code).name, manager_name)
        self.assertEqual(menu.with_context(lang="en_US").name, "After-Sales")
