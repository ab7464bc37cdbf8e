import { registry } from "@web/core/registry";

// The test sells Alice's unit (serial CH-00001) and logs her in; the back office decides
// between the two tours.
// a one-pixel PNG: uploads are checked by their content
const PNG = Uint8Array.from(
    atob(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
    ),
    (char) => char.charCodeAt(0)
);

function attach(name, content, type) {
    return function () {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type }));
        this.anchor.files = transfer.files;
        this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
    };
}

function today() {
    return function () {
        this.anchor.value = new Date().toISOString().slice(0, 10);
    };
}

// A customer registers the unit she bought, sees its cover and files a claim with the photo
// the symptom asks for.
registry.category("web_tour.tours").add("aftersales_warranty_portal_claim", {
    steps: () => [
        {
            trigger: "a[href='/my/registrations/new']",
            content: "Register a product",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "select[name=product_id]",
            run: "selectByLabel Chiller CH-200",
        },
        { trigger: "input[name=serial]", run: "edit CH-00001" },
        { trigger: "input[name=purchase_date]", run: today() },
        { trigger: "input[name=seller]", run: "edit Cool Shop" },
        {
            trigger: "input[name=proof]",
            content: "Attach the invoice",
            run: attach("invoice.pdf", "%PDF-1.4\ntour invoice", "application/pdf"),
        },
        {
            trigger: "form button[type=submit]:contains(Register)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".alert-success:contains(your product is registered)",
            content: "The serial we delivered is matched at once",
        },
        {
            trigger: "tr:contains(CH-00001):contains(Standard 24 months) a:contains(Make a Claim)",
            content: "The cover shows; make a claim for the unit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_claim_form .o_claim_evidence.d-none:not(:visible)",
            content: "No evidence is asked before a symptom is chosen",
        },
        {
            trigger: "select[name=symptom_id]",
            run: "selectByLabel Does not cool",
        },
        {
            trigger: ".o_claim_evidence:not(.d-none):contains(Photo of the serial plate) input[required]",
            content: "The symptom asks for a photo of the serial plate",
            run: attach("plate.png", PNG, "image/png"),
        },
        { trigger: "input[name=failure_date]", run: today() },
        { trigger: "textarea[name=description]", run: "edit Warm air only since Monday" },
        {
            trigger: "input[name=photos]",
            run: attach("unit.png", PNG, "image/png"),
        },
        {
            trigger: "form button[type=submit]:contains(Send the Claim)",
            run: "click",
            expectUnloadPage: true,
        },
        { trigger: ".alert-success:contains(Your claim is recorded)" },
        { trigger: "li:contains(plate.png)", content: "The evidence is listed on the claim" },
        {
            trigger: ".badge:contains(Received):not(:contains(Draft))",
            content: "The customer reads that the claim is received, not an internal draft",
        },
    ],
});

// Back on the portal after the back office decided: the claim shows its decision.
registry.category("web_tour.tours").add("aftersales_warranty_portal_follow", {
    steps: () => [
        { trigger: "a:contains(My Warranty Claims)", run: "click", expectUnloadPage: true },
        {
            trigger: "tr:contains(CH-00001) a",
            content: "Open the claim",
            run: "click",
            expectUnloadPage: true,
        },
        { trigger: ".badge:contains(Approved)" },
        { trigger: "p:contains(Decision):contains(Repair)" },
    ],
});
