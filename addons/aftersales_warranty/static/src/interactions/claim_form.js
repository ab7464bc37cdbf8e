import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * The portal claim form asks for the evidence the chosen symptom requires: the upload field of
 * each piece of evidence shows, and is required, only while a symptom asking for it is chosen.
 * The server checks the same rule on submission.
 */
export class ClaimForm extends Interaction {
    static selector = ".o_claim_form";
    dynamicContent = {
        "select[name=symptom_id]": { "t-on-change": this.showEvidenceOfSymptom },
    };

    setup() {
        this.showEvidenceOfSymptom();
    }

    showEvidenceOfSymptom() {
        const symptomId = this.el.querySelector("select[name=symptom_id]").value;
        for (const block of this.el.querySelectorAll(".o_claim_evidence")) {
            const asked = block.dataset.symptomIds.split(" ").includes(symptomId);
            block.classList.toggle("d-none", !asked);
            block.querySelector("input[type=file]").required = asked;
        }
    }
}

registry.category("public.interactions").add("aftersales_warranty.claim_form", ClaimForm);
