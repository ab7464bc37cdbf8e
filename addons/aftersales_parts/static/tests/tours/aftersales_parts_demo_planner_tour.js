import { registry } from "@web/core/registry";

// On the demo database, the planner applies every proposed suggestion of the demo run at once.
registry.category("web_tour.tours").add("aftersales_parts_demo_planner_applies_run", {
    url: "/odoo/parts-suggestions",
    steps: () => [
        {
            trigger: ".o_list_view .o_data_row td:contains(CoolAir Rotary Compressor 12k)",
            content: "The demo run proposes levels for the compressor",
        },
        {
            trigger: ".o_list_view thead .o_list_record_selector input",
            content: "Select every proposed suggestion",
            run: "click",
        },
        {
            trigger: ".o_control_panel button[name=action_apply]",
            content: "Apply them to the reordering rules",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            content: "Confirm",
            run: "click",
        },
        {
            trigger: ".o_list_view:not(:has(.o_data_row td:contains(CoolAir Rotary Compressor 12k)))",
            content: "No suggestion is left to apply",
        },
    ],
});
