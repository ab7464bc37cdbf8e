from contextlib import contextmanager

from odoo.tests.common import TransactionCase, new_test_user

from odoo.addons.queue_job.job import Job


class RolledBack(Exception):
    """Raised at the end of :meth:`AftersalesServiceCase.rolled_back` to undo its block."""


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

    def pending_jobs(self, model_name, method_name):
        """The queue_job jobs of `model_name`.`method_name` waiting for the job runner."""
        return self.env["queue.job"].search(
            [
                ("model_name", "=", model_name),
                ("method_name", "=", method_name),
                ("state", "=", "pending"),
            ],
            order="id",
        )

    def perform_jobs(self, jobs):
        """Run `jobs` (queue.job records) as the job runner does."""
        for queued in jobs:
            job = Job.load(self.env, queued.uuid)
            job.perform()
            job.set_done()
            job.store()

    @contextmanager
    def rolled_back(self):
        """Run the block in a savepoint that is rolled back at its end, as a transaction that
        fails after the block's work would be."""
        with self.assertRaises(RolledBack), self.env.cr.savepoint():
            yield
            raise RolledBack
