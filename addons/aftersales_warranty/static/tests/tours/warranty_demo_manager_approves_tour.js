import { registry } from "@web/core/registry";

const currentState = (state) =>
    `.o_form_view .o_statusbar_status button[data-value=${state}][aria-checked=true]`;

// On the demo database, the after-sales manager approves the claim the warranty user submitted
// and carries out its repair; the test opens the claim.
registry.category("web_tour.tours").add("aftersales_warranty_demo_manager_approves", {
    steps: () => [
        {
            trigger: currentState("submitted"),
            content: "The claim the warranty user submitted waits for approval",
        },
        {
            trigger: ".o_form_view button[name=action_approve]",
            content: "Approve it",
            run: "click",
        },
        {
            trigger: currentState("approved"),
            content: "The claim is approved",
        },
        {
            trigger: ".o_form_view button[name=action_execute]",
            content: "Carry out the repair",
            run: "click",
        },
        {
            trigger: currentState("in_progress"),
            content: "The claim is in progress",
        },
    ],
});
