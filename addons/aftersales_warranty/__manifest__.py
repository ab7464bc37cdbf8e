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
        "security/warranty_rules.xml",
        "data/claim_data.xml",
        "data/warranty_codes.xml",
        "data/remedy_rule_sets.xml",
        "views/aftersales_remedy_rule_set_views.xml",
        "views/aftersales_claim_views.xml",
        "views/aftersales_warranty_policy_views.xml",
        "views/aftersales_warranty_views.xml",
        "views/inherited_views.xml",
        "views/menus.xml",
    ],
    "demo": ["demo/warranty_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "aftersales_warranty/static/tests/tours/*.js",
        ],
    },
}
