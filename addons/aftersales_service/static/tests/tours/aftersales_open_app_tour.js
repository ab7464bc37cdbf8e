import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("aftersales_open_app", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='aftersales_service.menu_aftersales_root']",
            content: "Open the After-Sales app",
            run: "click",
        },
        {
            trigger: ".o_main_navbar .o_menu_brand:contains('After-Sales')",
            content: "The After-Sales app is open",
        },
        {
            trigger: ".o_breadcrumb:contains('Service Requests')",
            content: "Its first menu lists the service requests",
        },
        {
            trigger: ".o_main_navbar [data-menu-xmlid='aftersales_service.menu_service']",
            content: "The Service menu is there",
        },
    ],
});
