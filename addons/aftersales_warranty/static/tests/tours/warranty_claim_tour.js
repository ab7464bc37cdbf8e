import { registry } from "@web/core/registry";

// The test opens the pages (the warranty-claim request, then the claim) and logs the users in.
const currentState = (state) =>
    `.o_form_view .o_statusbar_status button[data-value=${state}][aria-checked=true]`;

// A warranty user turns a warranty-claim service request into a claim, runs the checks, reads
// the recommended decision and why, and submits the claim.
registry.category("web_tour.tours").add("aftersales_warranty_claim_submit", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=request_type] input:value(Warranty Claim)",
            content: "The service request is a warranty claim",
        },
        {
            trigger: ".o_form_view button[name=action_create_claim]",
            content: "Create the claim from the request",
            run: "click",
        },
        {
            trigger: currentState("draft"),
            content: "A draft claim opens",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=ticket_id] input:value(/Compressor stopped/)",
            content: "It is linked to the request",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=failure_code_id] input",
            content: "Code the failure",
            run: "edit Compressor dead",
        },
        {
            trigger: ".o_field_widget[name=failure_code_id] .o-autocomplete--dropdown-item a:contains(Compressor dead)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=failure_code_id] input:value(/T-PWR/)",
        },
        {
            trigger: ".o_form_view button[name=action_run_checks]",
            content: "Run the checks",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=recommended_decision]:contains(Repair)",
            content: "Repair is recommended",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=recommendation_reasons]:contains(Otherwise repair)",
            content: "The reasons name the rule that fired",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=check_result]:contains(Passed)",
            content: "No check blocks the claim",
        },
        {
            trigger: ".o_form_view button[name=action_submit]",
            content: "Submit the claim",
            run: "click",
        },
        {
            trigger: currentState("submitted"),
            content: "The claim waits for approval",
        },
        {
            trigger: ".o_form_view:not(:has(button[name=action_approve]))",
            content: "A warranty user has no Approve button",
        },
    ],
});

// A warranty manager approves the submitted claim and carries out the decision: the claim is
// in progress with its repair order.
registry.category("web_tour.tours").add("aftersales_warranty_claim_approve", {
    steps: () => [
        {
            trigger: currentState("submitted"),
            content: "The claim is submitted",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=decision]:contains(Repair)",
            content: "Its decision is a repair",
        },
        {
            trigger: ".o_form_view button[name=action_approve]",
            content: "Approve the claim",
            run: "click",
        },
        {
            trigger: currentState("approved"),
            content: "The claim is approved",
        },
        {
            trigger: ".o_form_view button[name=action_execute]",
            content: "Carry out the decision",
            run: "click",
        },
        {
            trigger: currentState("in_progress"),
            content: "The claim is in progress",
        },
        {
            trigger: ".o-form-buttonbox button[name=action_open_document]:contains(Repair)",
            content: "Open the repair order the claim made",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=under_warranty] input:checked",
            content: "The repair order is under warranty",
        },
    ],
});
