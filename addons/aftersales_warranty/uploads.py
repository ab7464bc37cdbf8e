"""What files customers and staff may attach as evidence: type by content, size capped.

The type of a file is read from its bytes (libmagic, through Odoo's ``guess_mimetype``),
never taken from the browser or the file name.
"""

from odoo.tools.mimetypes import guess_mimetype

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = ("image/jpeg", "image/png")
DOCUMENT_TYPES = (*IMAGE_TYPES, "application/pdf")


def sniff_mimetype(data):
    """The accepted type the bytes really are, or None."""
    mimetype = guess_mimetype(data)
    return mimetype if mimetype in DOCUMENT_TYPES else None
