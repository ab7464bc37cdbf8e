import { registry } from "@web/core/registry";

function today() {
    return function () {
        this.anchor.value = new Date().toISOString().slice(0, 10);
    };
}

// On the demo database, the clinic's doctor (a Vietnamese-speaking portal customer) files a
// claim for one of the clinic's units; the test opens the claim form of that unit.
registry.category("web_tour.tours").add("aftersales_warranty_demo_portal_claim_vi", {
    steps: () => [
        {
            trigger: "form button[type=submit]:contains(Gửi yêu cầu bảo hành)",
            content: "The portal speaks the customer's language: the form is in Vietnamese",
        },
        {
            trigger: "select[name=symptom_id]",
            run: "selectByLabel Hoạt động kém",
        },
        { trigger: "input[name=failure_date]", run: today() },
        {
            trigger: "textarea[name=description]",
            run: "edit Máy lạnh phòng 3 chỉ thổi gió nóng từ sáng nay.",
        },
        {
            trigger: "form button[type=submit]:contains(Gửi yêu cầu bảo hành)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".alert-success",
            content: "The claim is received",
        },
    ],
});
