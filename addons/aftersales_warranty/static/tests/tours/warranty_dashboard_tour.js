import { registry } from "@web/core/registry";

// The test opens the dashboard as a warranty approver, with a draft and a submitted claim that
// failed today and a claim done that failed 100 days ago.
const kpi = (name, value) => `.o_warranty_dashboard [data-kpi=${name}] .o_kpi_value:text(${value})`;

registry.category("web_tour.tours").add("aftersales_warranty_dashboard", {
    steps: () => [
        {
            trigger: ".o_warranty_dashboard_period button[data-period=month].btn-primary",
            content: "The dashboard opens on this month",
        },
        {
            trigger: kpi("claims", 2),
            content: "Two claims failed this month",
        },
        {
            trigger: ".o_warranty_dashboard_period button[data-period='12_months']",
            content: "Look at the last 12 months",
            run: "click",
        },
        {
            trigger: kpi("claims", 3),
            content: "The claim done 100 days ago counts too",
        },
        {
            trigger: ".o_warranty_dashboard:not(:has([data-kpi=reserve]))",
            content: "An approver does not see the warranty reserve",
        },
        {
            trigger: kpi("state_draft", 1),
            content: "One draft claim in the work queue",
        },
        {
            trigger: ".o_warranty_dashboard [data-kpi=state_draft]",
            content: "Open the draft claims",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb .active:contains(Draft)",
            content: "The claims list opens on the draft claims",
        },
        {
            trigger: ".o_list_view .o_data_row:count(1)",
            content: "It lists the one draft claim",
        },
    ],
});
