"""Uploaded files read from a multipart request, bounded, then decoded and processed."""

from collections.abc import Callable, Sequence

import marshmallow as ma
from flask import current_app, request
from flask_smorest import Blueprint
from werkzeug.datastructures import FileStorage

from core.problems import Problem, flatten_messages, validation_problem
from core.uploads import View, takes_files
from media.processing import ProcessedImage, check_name, process_image
from media.schemas import UPLOAD_BODY, UploadSchema


def image_upload(blueprint: Blueprint) -> Callable[[View], View]:
    """Make a view take image files: a multipart body under MEDIA_MAX_REQUEST_BYTES, documented
    with its 413 and 415 answers. Goes right under the route, above the other decorators."""

    def decorate(view: View) -> View:
        view = blueprint.alt_response(413, description="A file or the request is too large")(view)
        view = blueprint.alt_response(415, description="A file is not JPEG, PNG, WebP or AVIF")(
            view
        )
        return takes_files("MEDIA_MAX_REQUEST_BYTES")(blueprint.doc(**UPLOAD_BODY)(view))

    return decorate


def upload_form() -> dict:
    """The request's files and alt texts, checked by `UploadSchema` (422 when they fail)."""
    given = {"file": request.files.getlist("file"), "alt": request.form.getlist("alt")}
    try:
        return UploadSchema().load({key: value for key, value in given.items() if value})
    except ma.ValidationError as error:
        raise validation_problem(flatten_messages(error.messages)) from None


def processed_uploads(
    files: Sequence[FileStorage], alts: Sequence[str], *, field: str = "file"
) -> list[ProcessedImage]:
    """Every file of the request processed, or a problem before anything is stored.

    `alts` holds one alt text per file, in the same order.
    """
    config = current_app.config
    if not files:
        raise validation_problem({field: ["Attach at least one image file."]})
    if len(files) > config["MEDIA_MAX_FILES"]:
        raise validation_problem(
            {field: [f"At most {config['MEDIA_MAX_FILES']} files in one request."]},
            f"Upload at most {config['MEDIA_MAX_FILES']} files at a time.",
        )
    if len(alts) != len(files):
        raise validation_problem(
            {"alt": [f"Give one alt text per file: {len(files)} files, {len(alts)} texts."]}
        )
    processed = []
    for index, upload in enumerate(files):
        name = field if len(files) == 1 else f"{field}.{index}"
        check_name(upload.filename, name)
        data = _bounded_read(upload, config["MEDIA_MAX_FILE_BYTES"], name)
        processed.append(
            process_image(
                data,
                max_pixels=config["MEDIA_MAX_PIXELS"],
                filename=upload.filename,
                declared_type=upload.mimetype,
                field=name,
            )
        )
    return processed


def _bounded_read(upload: FileStorage, limit: int, field: str) -> bytes:
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise Problem(
            413,
            f"An uploaded file is larger than {limit // (1024 * 1024)} MB.",
            kind="file-too-large",
            errors={field: [f"At most {limit:,} bytes."]},
        )
    return data
