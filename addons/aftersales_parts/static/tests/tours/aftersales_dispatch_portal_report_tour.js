import { registry } from "@web/core/registry";

// The last step of the dispatch story: the customer opens the unit the technician just
// serviced and finds the signed visit's report to download.
registry.category("web_tour.tours").add("aftersales_dispatch_customer_report", {
    url: "/my/equipment",
    steps: () => [
        {
            trigger: "tr:contains(TOUR-CH-2) a[href^='/my/equipment/']",
            content: "Open the serviced unit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "tr:has(.o_visit_report_link) span:contains(Done)",
            content: "The visit is done",
        },
        {
            trigger: "a.o_visit_report_link[href*='/report']",
            content: "Its report is there to download",
        },
    ],
});
