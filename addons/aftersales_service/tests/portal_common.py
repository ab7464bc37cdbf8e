"""The set-up the portal tests share: customers with a portal user, and their units."""

import re

from odoo.tests import new_test_user

CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"|csrf_token: "([^"]+)"')


class PortalCustomersMixin:
    """Portal customers (a user under their company's partner), their units, and the portal's
    forms; mixed into ``HttpCase`` or ``TransactionCase`` classes of the three addons."""

    @classmethod
    def portal_customer(cls, login, company):
        """A portal user `login`, contact of `company` (a partner, or the name of a new one)."""
        if isinstance(company, str):
            company = cls.env["res.partner"].create({"name": company, "is_company": True})
        user = new_test_user(cls.env, login, groups="base.group_portal")
        user.partner_id.parent_id = company
        return user

    @classmethod
    def portal_unit(cls, serial, owner, product, **vals):
        """A unit of `product` with serial `serial`, owned by the partner `owner`."""
        lot = cls.env["stock.lot"].create({"name": serial, "product_id": product.id})
        return cls.env["aftersales.equipment"].create(
            {"product_id": product.id, "lot_id": lot.id, "partner_id": owner.id, **vals}
        )

    def login(self, user):
        self.authenticate(user.login, user.login)

    def csrf_token(self, url="/my"):
        """The CSRF token of the page at `url` (a form's, or the web client's)."""
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        match = CSRF_TOKEN.search(page.text)
        return match.group(1) or match.group(2)
