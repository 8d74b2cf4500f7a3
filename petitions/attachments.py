"""Case attachments: checking an upload by its content, storing it under a random name, serving it.

Photos (JPEG/PNG/WebP) are re-encoded to JPEG without EXIF/GPS (liaison.uploads); PDFs are kept
as they are once their first bytes say PDF. Anything else is refused: SVG, GIF, HTML, a PDF named
.jpg, an image named .pdf. Files are private: only `petitions:attachment` serves them, after
checking the case is visible to the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from liaison import uploads
from petitions.models import Attachment

IMAGE_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000
# Enough to read a street sign in a photo of a pothole; far smaller than a phone's original.
IMAGE_MAX_SIDE = 2560
PDF_MAX_BYTES = 20 * 1024 * 1024
MAX_FILES = 10

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp"})
PDF_MAGIC = b"%PDF-"
CONTENT_TYPES = {Attachment.Kind.IMAGE: "image/jpeg", Attachment.Kind.PDF: "application/pdf"}


@dataclass(frozen=True)
class PreparedFile:
    """An upload that passed the checks, ready to store."""

    kind: str
    content: File
    size: int


def _refuse(name: str, message: str) -> ValidationError:
    return ValidationError(_("%(name)s: %(problem)s") % {"name": name, "problem": message}, code="invalid_upload")


def _starts_with_pdf(upload) -> bool:
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    return head == PDF_MAGIC


def prepare_upload(upload) -> PreparedFile:
    """Check one uploaded file; raise ValidationError naming the file and the problem.

    1. a PDF by its first bytes: only with a .pdf name, at most PDF_MAX_BYTES, stored as is;
    2. otherwise a photo: only with a photo's name, then re-encoded by liaison.uploads (content
       decides: a text file named .png is refused), at most IMAGE_MAX_BYTES and IMAGE_MAX_PIXELS.
    A name that disagrees with the content is refused: it is how polyglot files are smuggled in.
    """
    name = PurePath(upload.name or "").name[:80] or _("(no name)")
    suffix = PurePath(name).suffix.lower()
    if _starts_with_pdf(upload):
        if suffix != ".pdf":
            raise _refuse(name, _("this is a PDF document with another file type's name; rename it to .pdf."))
        if upload.size > PDF_MAX_BYTES:
            raise _refuse(name, _("a PDF may be at most %(max)s.") % {"max": filesizeformat(PDF_MAX_BYTES)})
        return PreparedFile(kind=Attachment.Kind.PDF, content=File(upload, name="document.pdf"), size=upload.size)
    if suffix not in IMAGE_SUFFIXES:
        raise _refuse(name, _("only JPEG, PNG or WebP photos and PDF documents can be attached."))
    try:
        data = uploads.reencode_image(
            upload, max_bytes=IMAGE_MAX_BYTES, max_pixels=IMAGE_MAX_PIXELS, max_side=IMAGE_MAX_SIDE
        )
    except ValidationError as exc:
        problems = {
            uploads.TOO_LARGE: _("a photo may be at most %(max)s.") % {"max": filesizeformat(IMAGE_MAX_BYTES)},
            uploads.TOO_MANY_PIXELS: _("a photo may have at most %(n)d megapixels.")
            % {"n": IMAGE_MAX_PIXELS // 1_000_000},
        }
        raise _refuse(name, problems.get(exc.code, _("this is not a JPEG, PNG or WebP photo."))) from exc
    return PreparedFile(kind=Attachment.Kind.IMAGE, content=ContentFile(data, name="photo.jpg"), size=len(data))


def prepare_uploads(files) -> list[PreparedFile]:
    """Check every file (at most MAX_FILES); all problems are reported together."""
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError(
            _("At most %(max)d files at a time; you chose %(n)d.") % {"max": MAX_FILES, "n": len(files)},
            code="too_many_files",
        )
    prepared, errors = [], []
    for upload in files:
        if isinstance(upload, PreparedFile):
            prepared.append(upload)
            continue
        try:
            prepared.append(prepare_upload(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    return prepared


def store(*, petition, event, by, prepared: list[PreparedFile]) -> list[Attachment]:
    """Save checked files for `event` of `petition`; the storage name is random (the model's upload_to)."""
    saved = []
    for item in prepared:
        attachment = Attachment(petition=petition, event=event, kind=item.kind, size=item.size, uploaded_by=by)
        item.content.seek(0)
        attachment.file.save(item.content.name, item.content, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


def serve(attachment: Attachment) -> FileResponse:
    """The file, shown in the browser, never cached by a shared cache, never sniffed as another type."""
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    extension = ".pdf" if attachment.kind == Attachment.Kind.PDF else ".jpg"
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
        as_attachment=False,
        filename=f"{attachment.petition.tracking_no}-{attachment.pk}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
