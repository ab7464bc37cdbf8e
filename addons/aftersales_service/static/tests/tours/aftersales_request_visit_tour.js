import { registry } from "@web/core/registry";

// A service desk user logs a request, picks the serial number, sees the unit and customer
// filled in, and plans a visit for it.
registry.category("web_tour.tours").add("aftersales_request_visit", {
    url: "/odoo/service-requests/new",
    steps: () => [
        {
            trigger: ".o_field_widget[name=name] input",
            content: "Name the request",
            run: "edit Unit stopped cooling",
        },
        {
            trigger: ".o_field_widget[name=lot_id] input",
            content: "Pick the serial number",
            run: "edit TOUR-SN-1",
        },
        {
            trigger: ".o_field_widget[name=lot_id] .o-autocomplete--dropdown-item a:contains(TOUR-SN-1)",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=equipment_id] input:value(/TOUR-SN-1/)",
            content: "The unit is filled in",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input:value(Tour Customer)",
            content: "So is its owner",
        },
        {
            trigger: ".o_field_widget[name=description] .note-editable, .o_field_widget[name=description] [contenteditable]",
            run: "editor The compressor does not start.",
        },
        {
            trigger: "button[name=action_plan_visit]",
            content: "Plan a visit",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=equipment_id] input:value(/TOUR-SN-1/)",
            content: "The visit is for the unit",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=visit_type] .o_select_menu_toggler",
            content: "It is a maintenance visit",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(Maintenance)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_status_indicator .o_form_button_save:enabled",
            content: "Save the visit",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(VIS/)",
            content: "The visit is planned under its number",
        },
    ],
});
