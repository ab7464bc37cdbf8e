"""What files customers and staff may attach as evidence: type by content, size capped.

The type of a file is read from its first bytes, never taken from the browser or the name.
"""

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAGIC_BYTES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}
IMAGE_TYPES = ("image/jpeg", "image/png")
DOCUMENT_TYPES = (*IMAGE_TYPES, "application/pdf")


def sniff_mimetype(data):
    """The accepted type the bytes really are, or None."""
    for magic, mimetype in MAGIC_BYTES.items():
        if data.startswith(magic):
            return mimetype
    return None
