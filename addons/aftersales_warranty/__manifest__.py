{
    "name": "After-Sales Warranty",
    "summary": "Warranty policies, claims, repair/replace/refund decisions and approvals",
    "version": "19.0.1.0.0",
    "category": "After-Sales",
    "author": "After-Sales Suite contributors",
    "license": "AGPL-3",
    "depends": [
        "aftersales_service",
        "repair",
        "account",
        "base_tier_validation",
    ],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "data/remedy_rule_sets.xml",
        "views/menus.xml",
        "views/aftersales_remedy_rule_set_views.xml",
    ],
}
