{
    "name": "After-Sales Spare Parts",
    "summary": "Spare-part catalogue, demand forecasting and replenishment",
    "version": "19.0.1.0.0",
    "category": "After-Sales",
    "author": "After-Sales Suite contributors",
    "license": "AGPL-3",
    "depends": [
        "aftersales_service",
        "repair",
        "purchase_stock",
        "queue_job",
    ],
    "external_dependencies": {"python": ["numpy"]},
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "views/aftersales_forecast_run_views.xml",
        "views/aftersales_part_demand_views.xml",
        "views/aftersales_part_fitment_views.xml",
        "views/product_template_views.xml",
        "views/aftersales_visit_views.xml",
        "report/aftersales_parts_report_views.xml",
        "views/menus.xml",
        "views/suite_menus.xml",
    ],
    "demo": [
        "demo/aftersales_parts_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "aftersales_parts/static/tests/tours/*.js",
        ],
    },
}
