import { registry } from "@web/core/registry";

// A parts planner starts a forecast run, opens a suggestion and applies it to the reordering
// rules.
registry.category("web_tour.tours").add("aftersales_parts_forecast", {
    url: "/odoo/parts-forecasts/new",
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=horizon] input",
            content: "Forecast six months ahead",
            run: "edit 6",
        },
        {
            trigger: ".o_form_view button[name=action_run_now]",
            content: "Run the forecast now",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Done)",
            content: "The run is done",
        },
        {
            trigger: ".o_form_view button[name=action_view_lines]",
            content: "Open its suggestions",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains(Tour Pump)",
            content: "Open the pump's suggestion",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=max_qty]",
            content: "It suggests a max",
        },
        {
            trigger: ".o_form_view button[name=action_apply]",
            content: "Apply it to the reordering rule",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer button.btn-primary",
            content: "Confirm",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Applied)",
            content: "The suggestion is applied",
        },
    ],
});
