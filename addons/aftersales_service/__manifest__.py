{
    "name": "After-Sales Service",
    "summary": "Installed base and service requests on the helpdesk",
    "version": "19.0.1.0.0",
    "category": "After-Sales",
    "author": "After-Sales Suite contributors",
    "license": "AGPL-3",
    "application": True,
    "depends": [
        "helpdesk_mgmt",
        "helpdesk_mgmt_sla",
        "helpdesk_mgmt_rating",
        "sale_stock",
    ],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "data/aftersales_service_strategy_data.xml",
        "data/ir_sequence_data.xml",
        "views/aftersales_equipment_views.xml",
        "views/aftersales_visit_views.xml",
        "views/aftersales_service_strategy_views.xml",
        "views/helpdesk_sla_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/product_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_service/static/tests/tours/*.js",
        ],
    },
}
