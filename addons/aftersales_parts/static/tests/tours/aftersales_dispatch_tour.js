import { registry } from "@web/core/registry";

// A dispatcher opens the week's visits, has the parts proposed for a planned visit, sees them
// missing from the technician's van, reserves them and validates the transfer that brings them.
registry.category("web_tour.tours").add("aftersales_dispatch_parts", {
    url: "/odoo/service-dispatch",
    steps: () => [
        {
            trigger: ".o_switch_view.o_list",
            content: "See the visits as a list",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row td:contains(Tour Dispatch Customer)",
            content: "Open the visit at the customer's site",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_propose_parts]",
            content: "Propose the parts the visit needs",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=part_line_ids] .o_data_row td:contains(Tour Filter)",
            content: "The filter past visits used is proposed",
        },
        {
            trigger: ".o_field_widget[name=parts_state]:contains(Missing)",
            content: "It is not in the van",
        },
        {
            trigger: ".o_form_view button[name=action_reserve_parts]",
            content: "Reserve the parts",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=parts_state]:contains(On the Way)",
            content: "A transfer brings them to the van",
        },
        {
            trigger: "button[name=action_view_transfers]",
            content: "Open the transfer",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=button_validate]",
            content: "Validate it once the parts are loaded",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status [aria-checked=true]:contains(Done)",
            content: "The transfer is done",
        },
        {
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(VIS/)",
            content: "Back to the visit",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=parts_state]:contains(Ready)",
            content: "The parts are in the van",
        },
    ],
});

// The technician opens the visit, records the parts used, has the customer sign and closes it.
registry.category("web_tour.tours").add("aftersales_technician_close_visit", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=parts_state]:contains(Ready)",
            content: "The parts are ready in the van",
        },
        {
            trigger: ".o_field_widget[name=part_line_ids] .o_data_row td[name=quantity]",
            content: "Record the parts used",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=part_line_ids] .o_data_row .o_field_widget[name=quantity] input",
            run: "edit 2",
        },
        {
            trigger: ".o_notebook a.nav-link:contains(Customer Sign-off)",
            content: "Ask the customer to sign",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=signed_by] input",
            run: "edit Tour Signer",
        },
        {
            trigger: ".o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            trigger: ".modal .modal-footer .btn-primary:enabled",
            content: "Adopt and sign",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=signature] img.o_signature",
        },
        {
            trigger: ".o_form_view .o_form_status_indicator .o_form_button_save:enabled",
            content: "Save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: ".o_form_view button[name=action_done]",
            content: "Close the visit",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            content: "Confirm: the parts used leave the van",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_statusbar_status [aria-checked=true]:contains(Done)",
            content: "The visit is done",
        },
    ],
});
