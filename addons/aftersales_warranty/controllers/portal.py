import base64

from odoo import Command, fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.aftersales_service.controllers.portal import EquipmentPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..uploads import DOCUMENT_TYPES, MAX_UPLOAD_BYTES, sniff_mimetype

CLAIMS_PER_PAGE = 20
WARRANTIES_PER_PAGE = 20


class WarrantyPortal(EquipmentPortal):
    """My warranties, product registration and warranty claims.

    What a customer sees is decided by the portal record rules; the two forms create with
    sudo only after the unit (or the product) was checked to be theirs (or public).
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "warranty_count" in counters:
            Warranty = request.env["aftersales.warranty"]
            values["warranty_count"] = (
                Warranty.search_count([]) if Warranty.has_access("read") else 0
            )
        if "warranty_claim_count" in counters:
            Claim = request.env["aftersales.claim"]
            values["warranty_claim_count"] = (
                Claim.search_count([]) if Claim.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------ uploads

    def _read_uploads(self, field_name, allowed, required=False):
        """Files of a form field as (name, bytes, mimetype), or an error message.

        Each file must be one of the `allowed` types by its content and at most 5 MB.
        """
        uploads = []
        files = [f for f in request.httprequest.files.getlist(field_name) if f.filename]
        if required and not files:
            return [], request.env._("Please attach a file.")
        for upload in files:
            data = upload.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                return [], request.env._("%s is larger than 5 MB.", upload.filename)
            mimetype = sniff_mimetype(data)
            if mimetype not in allowed:
                if "application/pdf" in allowed:
                    message = request.env._(
                        "%s is not a JPEG or PNG image or a PDF file.", upload.filename
                    )
                else:
                    message = request.env._("%s is not a JPEG or PNG image.", upload.filename)
                return [], message
            uploads.append((upload.filename, data, mimetype))
        return uploads, None

    def _read_evidence(self, evidence_types):
        """Evidence line values for the files sent for each type, or an error message.

        Every type needs at least one file; the message names each one missing.
        """
        lines, missing = [], []
        for evidence_type in evidence_types:
            uploads, error = self._read_uploads(
                f"evidence_{evidence_type.id}", evidence_type._accepted_mimetypes()
            )
            if error:
                return [], error
            if not uploads:
                missing.append(evidence_type.name)
            lines += [
                {
                    "evidence_type_id": evidence_type.id,
                    "file": base64.b64encode(data),
                    "file_name": name,
                }
                for name, data, _mimetype in uploads
            ]
        if missing:
            return [], request.env._("Please attach: %s.", ", ".join(missing))
        return lines, None

    def _attach(self, uploads, record):
        return (
            request.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": name,
                        "raw": data,
                        "mimetype": mimetype,
                        "res_model": record._name,
                        "res_id": record.id,
                    }
                    for name, data, mimetype in uploads
                ]
            )
        )

    @staticmethod
    def _form_date(value):
        try:
            return fields.Date.to_date(value) if value else None
        except ValueError:
            return None

    # ------------------------------------------------------------------ warranties

    @http.route(
        ["/my/warranties", "/my/warranties/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_warranties(self, page=1, **kw):
        Warranty = request.env["aftersales.warranty"]
        if not Warranty.has_access("read"):
            return request.redirect("/my")
        domain = [("state", "!=", "void")]
        pager = portal_pager(
            url="/my/warranties",
            total=Warranty.search_count(domain),
            page=page,
            step=WARRANTIES_PER_PAGE,
        )
        warranties = Warranty.search(domain, limit=WARRANTIES_PER_PAGE, offset=pager["offset"])
        # searched as the customer (record rules), shown sudo-ed (product names)
        registrations = (
            request.env["aftersales.registration"]
            .search([("state", "in", ("pending", "rejected"))])
            .sudo()
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "warranties": warranties,
                "registrations": registrations,
                "pager": pager,
                "page_name": "warranties",
                "default_url": "/my/warranties",
                "registered": kw.get("registered"),
            }
        )
        return request.render("aftersales_warranty.portal_my_warranties", values)

    @http.route(
        "/my/warranties/<int:warranty_id>/certificate", type="http", auth="user", website=True
    )
    def portal_warranty_certificate(self, warranty_id, download=False, **kw):
        """The printable certificate of one of the customer's warranties."""
        warranty = request.env["aftersales.warranty"].browse(warranty_id)
        try:
            warranty.check_access("read")
            if not warranty.exists() or warranty.state == "void":
                raise MissingError(warranty_id)
        except (AccessError, MissingError):
            raise request.not_found() from None
        return self._show_report(
            model=warranty.sudo(),
            report_type="pdf",
            report_ref="aftersales_warranty.action_report_warranty_certificate",
            download=download,
        )

    # ------------------------------------------------------------------ registration

    def _registrable_products(self):
        """Products a customer may register: serial-tracked, followed in the installed base,
        and sold by the company of this portal (the website's, else the customer's) or shared
        (no company). Searched with sudo (portal users cannot read products), hence the
        company written here: the record rules that would keep other companies out are off."""
        return (
            request.env["product.product"]
            .sudo()
            .search(
                [
                    ("tracking", "=", "serial"),
                    ("aftersales_track_installed_base", "=", True),
                    ("sale_ok", "=", True),
                    ("company_id", "in", [request.env.company.id, False]),
                ],
                order="name",
            )
        )

    @http.route("/my/registrations/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_registration_form(self, **kw):
        return self._render_registration_form({})

    def _render_registration_form(self, values, error=None, status=200):
        render_values = self._prepare_portal_layout_values()
        render_values.update(
            {
                "page_name": "warranties",
                "products": self._registrable_products(),
                "form": values,
                "error": error,
            }
        )
        return request.render(
            "aftersales_warranty.portal_registration_form", render_values, status=status
        )

    @http.route("/my/registrations/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_registration_submit(self, **post):
        env = request.env
        products = self._registrable_products()
        product = products.filtered(lambda p: str(p.id) == post.get("product_id"))
        serial = (post.get("serial") or "").strip()
        purchase_date = self._form_date(post.get("purchase_date"))
        if post.get("product_id") and not product:
            # not offered by the form: another company's product, or not registrable at all
            return self._render_registration_form(
                post, env._("This product cannot be registered here."), 400
            )
        if not (product and serial and purchase_date):
            return self._render_registration_form(
                post,
                env._("Please give the product, its serial number and the purchase date."),
                400,
            )
        if purchase_date > fields.Date.context_today(env.user):
            return self._render_registration_form(
                post, env._("The purchase date cannot be in the future."), 400
            )
        uploads, error = self._read_uploads("proof", DOCUMENT_TYPES, required=True)
        if error:
            return self._render_registration_form(post, error, 400)
        registration = (
            env["aftersales.registration"]
            .sudo()
            ._register_from_portal(
                {
                    "partner_id": env.user.partner_id.id,
                    "serial": serial,
                    "product_id": product.id,
                    "purchase_date": purchase_date,
                    "seller": (post.get("seller") or "").strip(),
                    "company_id": product.company_id.id or env.company.id,
                }
            )
        )
        registration.proof_attachment_id = self._attach(uploads, registration)[:1]
        return request.redirect(f"/my/warranties?registered={registration.state}")

    # ------------------------------------------------------------------ claims

    @http.route(
        ["/my/claims", "/my/claims/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_claims(self, page=1, **kw):
        Claim = request.env["aftersales.claim"]
        if not Claim.has_access("read"):
            return request.redirect("/my")
        pager = portal_pager(
            url="/my/claims", total=Claim.search_count([]), page=page, step=CLAIMS_PER_PAGE
        )
        claims = Claim.search([], limit=CLAIMS_PER_PAGE, offset=pager["offset"])
        # one batch for the units shown, not one read per row
        claims.equipment_id.mapped("name")
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "claims": claims,
                "pager": pager,
                "page_name": "warranty_claims",
                "default_url": "/my/claims",
            }
        )
        return request.render("aftersales_warranty.portal_my_claims", values)

    @http.route("/my/claims/<int:claim_id>", type="http", auth="public", website=True)
    def portal_claim_page(self, claim_id, access_token=None, **kw):
        claim = self._own_claim(claim_id, access_token)
        return self._render_claim_page(claim, access_token, submitted=kw.get("submitted"))

    def _own_claim(self, claim_id, access_token):
        """The claim, sudo-ed, if the customer may see it (record rules or its token), or 404."""
        try:
            return self._document_check_access("aftersales.claim", claim_id, access_token)
        except (AccessError, MissingError):
            raise request.not_found() from None

    def _render_claim_page(self, claim, access_token, submitted=None, error=None, status=200):
        claim._portal_ensure_token()
        values = self._get_page_view_values(
            claim,
            access_token,
            {
                "claim": claim,
                "token": claim.access_token,
                "documents": self._claim_documents(claim),
                "return_address": self._return_address(claim),
                "evidence": claim.evidence_ids,
                "missing_evidence": claim.missing_evidence_type_ids,
                "remedy_choices": claim._customer_remedy_choices(),
                "page_name": "warranty_claims",
                "submitted": submitted,
                "error": error,
            },
            "my_claims_history",
            False,
        )
        return request.render("aftersales_warranty.portal_claim_page", values, status=status)

    @http.route(
        "/my/claims/<int:claim_id>/evidence",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_claim_add_evidence(self, claim_id, access_token=None, **post):
        """The customer sends evidence the back office still misses on a draft claim."""
        env = request.env
        claim = self._own_claim(claim_id, access_token)
        missing = claim.missing_evidence_type_ids
        if claim.state != "draft" or not missing:
            return self._render_claim_page(
                claim, access_token, error=env._("This claim needs no more evidence."), status=400
            )
        lines, error = self._read_evidence(missing)
        if error:
            return self._render_claim_page(claim, access_token, error=error, status=400)
        claim.write({"evidence_ids": [Command.create(line) for line in lines]})
        claim.message_post(
            body=env._("Evidence sent: %s.", ", ".join(missing.mapped("name"))),
            author_id=env.user.partner_id.id if not env.user._is_public() else claim.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        query = f"?access_token={access_token}" if access_token else ""
        return request.redirect(f"/my/claims/{claim.id}{query}")

    @http.route(
        "/my/claims/<int:claim_id>/remedy",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
    )
    def portal_claim_choose_remedy(self, claim_id, access_token=None, **post):
        """The customer chooses among the remedies the rule lets them choose."""
        env = request.env
        claim = self._own_claim(claim_id, access_token)
        choice = post.get("remedy")
        if choice not in dict(claim._customer_remedy_choices()):
            return self._render_claim_page(
                claim,
                access_token,
                error=env._("This remedy is not offered for your claim."),
                status=400,
            )
        author = env.user.partner_id if not env.user._is_public() else claim.partner_id
        claim._choose_remedy(choice, author)
        query = f"?access_token={access_token}" if access_token else ""
        return request.redirect(f"/my/claims/{claim.id}{query}")

    def _claim_documents(self, claim):
        """(label, record) of the documents the claim created, for its customer."""
        env = request.env
        documents = [
            (env._("Return"), claim.return_picking_id),
            (env._("Repair"), claim.repair_id),
            (env._("Repaired Unit Delivery"), claim.repaired_delivery_id),
            (env._("Replacement Delivery"), claim.replacement_picking_id),
            (env._("Credit Note"), claim.credit_note_id),
            (env._("Replacement Unit"), claim.replacement_equipment_id),
        ]
        return [(label, record) for label, record in documents if record]

    def _return_address(self, claim):
        """Where the customer sends the unit back, while the return receipt waits for it."""
        receipt = claim.return_picking_id
        if not receipt or receipt.state in ("done", "cancel"):
            return None
        warehouse = claim.warehouse_id
        return warehouse.partner_id or claim.company_id.partner_id

    def _own_unit(self, unit_id):
        """The customer's unit, sudo-ed, or 404 (another customer's unit does not exist)."""
        try:
            unit = request.env["aftersales.equipment"].browse(int(unit_id or 0))
            unit.check_access("read")
            if not unit.exists():
                raise MissingError(unit_id)
        except (AccessError, MissingError, ValueError):
            raise request.not_found() from None
        return unit.sudo()

    def _render_claim_form(self, unit, values, error=None, status=200):
        render_values = self._claim_form_values(unit, values, error)
        return request.render("aftersales_warranty.portal_claim_form", render_values, status=status)

    def _claim_form_values(self, unit, values, error=None):
        symptoms = request.env["aftersales.claim.symptom"].sudo().search([])
        render_values = self._prepare_portal_layout_values()
        render_values.update(
            {
                "page_name": "warranty_claims",
                "unit": unit,
                "symptoms": symptoms,
                # each evidence type once, with the symptoms that ask for it
                "evidence_types": symptoms.evidence_type_ids,
                "evidence_symptom_ids": {
                    evidence_type.id: [
                        str(symptom.id)
                        for symptom in symptoms
                        if evidence_type in symptom.evidence_type_ids
                    ]
                    for evidence_type in symptoms.evidence_type_ids
                },
                "form": values,
                "error": error,
            }
        )
        return render_values

    @http.route("/my/claims/new", type="http", auth="user", website=True, methods=["GET"])
    def portal_claim_form(self, unit_id=None, **kw):
        return self._render_claim_form(self._own_unit(unit_id), {})

    @http.route("/my/claims/new", type="http", auth="user", website=True, methods=["POST"])
    def portal_claim_submit(self, unit_id=None, **post):
        env = request.env
        unit = self._own_unit(unit_id)
        symptom = self._posted_symptom(post)
        failure_date = self._form_date(post.get("failure_date"))
        description = (post.get("description") or "").strip()
        if not (symptom and failure_date and description):
            return self._render_claim_form(
                unit, post, env._("Please choose a symptom, describe it and date it."), 400
            )
        return self._create_portal_claim(
            {
                "equipment_id": unit.id,
                "company_id": unit.company_id.id,
                "partner_id": unit.partner_id.id,
                "failure_date": failure_date,
            },
            symptom,
            description,
            lambda error: self._render_claim_form(unit, post, error, 400),
        )

    def _posted_symptom(self, post):
        symptoms = request.env["aftersales.claim.symptom"].sudo().search([])
        return symptoms.filtered(lambda s: str(s.id) == post.get("symptom_id"))

    def _create_portal_claim(self, values, symptom, description, render_error):
        """Read the evidence and photos the form sent and create the claim with them.

        ``render_error(message)`` gives the form back with the message (status 400); nothing
        is created then. The photos come with the customer's message, so the portal chatter
        shows them.
        """
        env = request.env
        evidence, error = self._read_evidence(symptom.evidence_type_ids)
        if error:
            return render_error(error)
        uploads, error = self._read_uploads("photos", DOCUMENT_TYPES)
        if error:
            return render_error(error)
        try:
            with env.cr.savepoint():
                claim = (
                    env["aftersales.claim"]
                    .sudo()
                    .create(
                        {
                            **values,
                            "symptom_id": symptom.id,
                            "description": plaintext2html(description),
                            "user_id": False,
                            "evidence_ids": [Command.create(line) for line in evidence],
                        }
                    )
                )
        except (UserError, ValidationError) as exc:
            return render_error(exc.args[0])
        claim.message_post(
            body=plaintext2html(description),
            author_id=env.user.partner_id.id,
            attachments=[(name, data) for name, data, _mimetype in uploads],
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return request.redirect(f"/my/claims/{claim.id}?submitted=1")
