import { registry } from "@web/core/registry";

// The test builds the installed base (serials VX-00001 to VX-00004, the clinic owning the
// first two) and logs each user in.
const currentState = (state) =>
    `.o_form_view .o_statusbar_status button[data-value=${state}][aria-checked=true]`;

function inAWeek() {
    return function () {
        const day = new Date(Date.now() + 7 * 24 * 3600 * 1000);
        this.anchor.value = day.toISOString().slice(0, 10);
    };
}

// A quality manager launches a safety recall on the range VX-00001 to VX-00002.
registry.category("web_tour.tours").add("aftersales_campaign_launch", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=name] input",
            content: "Name the recall",
            run: "edit Compressor valve recall",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=product_ids] input",
            content: "The affected product",
            run: "edit Chiller CH-200",
        },
        {
            trigger: ".o_field_widget[name=product_ids] .o-autocomplete--dropdown-item a:contains(Chiller CH-200)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=serial_from] input",
            content: "The first affected serial",
            run: "edit VX-00001",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=serial_to] input",
            content: "The last affected serial",
            run: "edit VX-00002",
        },
        {
            trigger: ".o_form_view button[name=action_launch]",
            content: "Launch the recall",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            content: "Confirm: stock is quarantined and owners are notified",
            run: "click",
        },
        {
            trigger: currentState("active"),
            content: "The recall is running",
        },
        {
            trigger: ".o_form_view button[name=action_view_units] .o_stat_value:contains(2)",
            content: "Two units are affected",
        },
    ],
});

// The clinic's user books the visit from the banner on her unit's page.
registry.category("web_tour.tours").add("aftersales_campaign_portal_book", {
    steps: () => [
        {
            trigger: ".o_campaign_banner:contains(Compressor valve recall)",
            content: "The unit's page shows the recall first",
        },
        {
            trigger: ".o_campaign_banner input[name=visit_date]",
            content: "Choose a day",
            run: inAWeek(),
        },
        {
            trigger: ".o_campaign_banner button.o_campaign_book",
            content: "Book the visit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".alert-success:contains(Your campaign visit is booked)",
            content: "The visit is booked",
        },
        {
            trigger: ".o_campaign_banner:not(:has(button.o_campaign_book))",
            content: "The banner shows the booked visit instead of the form",
        },
    ],
});

// The technician closes the campaign visit.
registry.category("web_tour.tours").add("aftersales_campaign_visit_close", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=aftersales_campaign_id]:contains(Compressor valve recall)",
            content: "The visit is a campaign visit",
        },
        {
            trigger: ".o_form_view button[name=action_done]",
            content: "Close the visit",
            run: "click",
        },
        {
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            trigger: currentState("done"),
            content: "The visit is done",
        },
    ],
});

// The quality manager sees the completion rate move.
registry.category("web_tour.tours").add("aftersales_campaign_completion", {
    steps: () => [
        {
            trigger: ".o_form_view .o_field_widget[name=remedied_count]:contains(1)",
            content: "One unit is remedied",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=completion_rate]:contains(50)",
            content: "Half the recall is done",
        },
    ],
});
