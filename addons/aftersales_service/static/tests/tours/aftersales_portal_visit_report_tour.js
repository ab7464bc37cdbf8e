import { registry } from "@web/core/registry";

// A customer opens their unit on the portal, finds the report of the visit just closed,
// and records the hour counter of the unit.
registry.category("web_tour.tours").add("aftersales_portal_visit_report", {
    url: "/my",
    steps: () => [
        {
            trigger: "a[href='/my/equipment']",
            content: "Open My Equipment",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "a:contains(Tour compressor)",
            content: "Open the unit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "a.o_visit_report_link[href*='/report']",
            content: "The closed visit has its report to download",
        },
        {
            trigger: "form.o_reading_form input[name=value]",
            content: "Type the hour counter",
            run: "edit 321",
        },
        {
            trigger: "form.o_reading_form button[type=submit]",
            content: "Record the reading",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "td:contains(321)",
            content: "The reading is listed on the unit",
        },
    ],
});
