"""Makes the main company of a new demo database a Vietnamese maker keeping its books in VND.

Run by scripts/run.sh and scripts/test.sh through `odoo shell`, on a database made by
`odoo db init --with-demo --country VN` (main company in Vietnam, currency VND) and before the
after-sales addons are installed:

    odoo shell -c CONF -d DB --no-http < scripts/demo_company.py

Why a step of its own: the accounting demo of `account` loads the generic chart on the main
company, which sets its currency to USD and posts journal items; from then on the currency can no
longer change. So this step installs the Vietnamese chart (`l10n_vn`, which installs `account`),
then loads that chart on the main company with its demo, as Settings > Fiscal Localization
does: the generic chart's demo entries are replaced by the Vietnamese ones, in VND. The
localization's own demo company ("VN Company") is archived: the story has one sister company,
in Malaysia (aftersales_warranty's demo). Running it twice changes nothing.
"""

# `env` is given by `odoo shell`.
env = globals()["env"]
company = env.ref("base.main_company")
if env["ir.module.module"].search([("name", "=", "l10n_vn"), ("state", "!=", "installed")]):
    env["ir.module.module"].search([("name", "=", "l10n_vn")]).button_immediate_install()
    env.transaction.reset()  # the registry changed with the install
    env = env()
    company = env.ref("base.main_company")
if company.chart_template != "vn":
    env["account.chart.template"].try_loading("vn", company, install_demo=True)
vn_demo_company = env.ref("base.demo_company_vn", raise_if_not_found=False)
if vn_demo_company and vn_demo_company.active:
    vn_demo_company.action_archive()
env.cr.commit()
print(f"{company.name}: chart {company.chart_template}, currency {company.currency_id.name}")
