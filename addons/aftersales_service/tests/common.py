from odoo.tests.common import TransactionCase, new_test_user


class AftersalesServiceCase(TransactionCase):
    """Users per after-sales role, created by the tests themselves (no demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.service_user = new_test_user(
            cls.env, "as_service_user", groups="aftersales_service.group_service_user"
        )
        cls.service_manager = new_test_user(
            cls.env, "as_service_manager", groups="aftersales_service.group_service_manager"
        )
        cls.internal_user = new_test_user(cls.env, "as_internal_user", groups="base.group_user")

    @classmethod
    def visible_menu_xmlids(cls, user):
        """The xmlids of the menus `user` sees, as the web client loads them."""
        menus = cls.env["ir.ui.menu"].with_user(user).load_menus(debug=False)
        return {menu["xmlid"] for key, menu in menus.items() if isinstance(key, int)}

    def validate_as(self, user, picking):
        """Validate `picking` as `user`, every move picked in full."""
        picking = picking.with_user(user)
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
