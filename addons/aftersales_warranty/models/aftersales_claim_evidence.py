import base64
import binascii

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..uploads import MAX_UPLOAD_BYTES, sniff_mimetype


class AftersalesClaimEvidence(models.Model):
    """One file of a claim's evidence checklist, checked for its type and size by content."""

    _name = "aftersales.claim.evidence"
    _description = "Claim Evidence"
    _order = "claim_id, evidence_type_id, id"

    claim_id = fields.Many2one("aftersales.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    evidence_type_id = fields.Many2one(
        "aftersales.evidence.type", string="Evidence", required=True, ondelete="restrict"
    )
    file = fields.Binary(required=True, attachment=True)
    file_name = fields.Char()
    mimetype = fields.Char(string="File Type", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("file"):
                vals["mimetype"] = self._checked_mimetype(vals["file"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("file"):
            vals = {**vals, "mimetype": self._checked_mimetype(vals["file"])}
        return super().write(vals)

    @api.model
    def _checked_mimetype(self, file_b64):
        """The type of a base64 file by its content; a clear error for what we do not accept."""
        try:
            data = base64.b64decode(file_b64, validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise ValidationError(self.env._("The evidence file could not be read.")) from None
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValidationError(self.env._("An evidence file cannot be larger than 5 MB."))
        mimetype = sniff_mimetype(data)
        if not mimetype:
            raise ValidationError(self.env._("Evidence must be a JPEG or PNG image or a PDF file."))
        return mimetype

    @api.constrains("mimetype", "evidence_type_id")
    def _check_kind(self):
        for evidence in self:
            if evidence.mimetype not in evidence.evidence_type_id._accepted_mimetypes():
                raise ValidationError(
                    self.env._(
                        "%(evidence)s must be a photo (JPEG or PNG), not %(file)s.",
                        evidence=evidence.evidence_type_id.name,
                        file=evidence.file_name or evidence.mimetype,
                    )
                )
