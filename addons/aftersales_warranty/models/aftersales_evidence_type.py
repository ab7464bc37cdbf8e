from odoo import fields, models

from ..uploads import DOCUMENT_TYPES, IMAGE_TYPES


class AftersalesEvidenceType(models.Model):
    """A piece of evidence a claim must carry (a photo of the serial plate, of the damage, the
    receipt...). Symptoms and failure codes list the evidence they require: the portal asks the
    customer for it and a claim without it cannot be submitted."""

    _name = "aftersales.evidence.type"
    _description = "Claim Evidence Type"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    description = fields.Char(
        string="Instructions",
        translate=True,
        help="What the customer is told to send, shown next to the upload field.",
    )
    kind = fields.Selection(
        [("photo", "Photo (JPEG or PNG)"), ("document", "Document or photo (PDF, JPEG or PNG)")],
        required=True,
        default="photo",
    )
    active = fields.Boolean(default=True)

    def _accepted_mimetypes(self):
        self.ensure_one()
        return IMAGE_TYPES if self.kind == "photo" else DOCUMENT_TYPES
