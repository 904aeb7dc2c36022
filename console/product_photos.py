"""A product's photos: upload several with their alt texts; alt, order and finishes of each."""

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from catalog import image_services
from catalog import services as catalog_services
from catalog.models import Product
from catalog.schemas import ProductUpdateSchema
from console.forms import FORM_ERROR, attempt, load_body, problem_errors, submitted_version
from console.guard import console
from console.product_editor import load_product
from core.problems import Problem
from core.uploads import takes_files
from media.uploads import processed_uploads

UPLOAD_SLOTS = 4


@console.route("/products/<int:product_id>/photos")
def product_photos(product_id: int):
    """The gallery with a form to change it and one to upload more photos."""
    product = load_product(product_id)
    return _page(product, _gallery_values(product), {})


@console.route("/products/<int:product_id>/photos/upload", methods=["POST"])
@takes_files("MEDIA_MAX_REQUEST_BYTES")
def product_photos_upload(product_id: int):
    """Add the chosen files to the gallery (each with its alt text), all or none."""
    product = load_product(product_id)
    slots = [
        (request.files.get(f"file-{slot}"), request.form.get(f"alt-{slot}", "").strip())
        for slot in range(UPLOAD_SLOTS)
    ]
    chosen = [(upload, alt) for upload, alt in slots if upload is not None and upload.filename]
    alts = [alt for _, alt in chosen]
    missing = {
        f"alt-{slot}": ["Say what the photo shows."]
        for slot, (upload, alt) in enumerate(slots)
        if upload is not None and upload.filename and not alt
    }
    if missing:
        return _page(product, _gallery_values(product), missing, status=422)
    try:
        images = processed_uploads([upload for upload, _ in chosen], alts)
    except Problem as refused:
        return _page(product, _gallery_values(product), _upload_errors(refused), refused.status)
    problem = attempt(lambda: image_services.add_product_images(product, images, alts))
    if problem is not None:
        return _page(product, _gallery_values(product), _upload_errors(problem), problem.status)
    flash(f"Added {len(images)} photo{'s' if len(images) != 1 else ''} to {product.name}.")
    return redirect(url_for("console.product_photos", product_id=product.id), 303)


@console.route("/products/<int:product_id>/photos", methods=["POST"])
def product_photos_save(product_id: int):
    """Save every photo's alt text, place and finishes, and drop the ones ticked for removal."""
    product = load_product(product_id)
    values = _submitted_gallery(product)
    if submitted_version(product.version) != product.version:
        notice = "Someone changed this product since you opened the page; nothing was saved."
        return _page(product, values, {FORM_ERROR: [notice + " Check, then save again."]}, 409)
    kept = sorted(
        (photo for photo in values if not photo["remove"]),
        key=lambda photo: (photo["position"], photo["index"]),
    )
    body = {
        "images": [
            {"id": photo["id"], "alt": photo["alt"], "finishes": photo["finishes"]}
            for photo in kept
        ]
    }
    data, errors = load_body(ProductUpdateSchema(), body)
    if data is None:
        return _page(product, values, _gallery_errors(errors, kept), 422)
    problem = attempt(lambda: catalog_services.update_product(product, data))
    if problem is not None:
        errors = _gallery_errors(problem_errors(problem), kept)
        return _page(product, values, errors, problem.status)
    flash("Saved the photos.")
    return redirect(url_for("console.product_photos", product_id=product.id), 303)


def _gallery_values(product: Product) -> list[dict[str, Any]]:
    return [
        {
            "index": index,
            "id": image.id,
            "alt": image.alt,
            "position": index + 1,
            "finishes": sorted(finish.slug for finish in image.finishes),
            "remove": False,
        }
        for index, image in enumerate(product.images)
    ]


def _submitted_gallery(product: Product) -> list[dict[str, Any]]:
    """The gallery form as sent; photos are named by their id, as the page rendered them."""
    values = []
    for index, image in enumerate(product.images):
        prefix = f"photo-{image.id}-"
        position = request.form.get(prefix + "position", "").strip()
        values.append(
            {
                "index": index,
                "id": image.id,
                "alt": request.form.get(prefix + "alt", "").strip(),
                "position": int(position) if position.isdigit() and len(position) < 6 else index,
                "finishes": sorted(set(request.form.getlist(prefix + "finishes"))),
                "remove": bool(request.form.get(prefix + "remove")),
            }
        )
    return values


def _gallery_errors(errors: dict[str, list[str]], kept: list[dict]) -> dict[str, list[str]]:
    """Errors at `images.<n>.<field>` of the body, named by the photo's own form fields."""
    shown: dict[str, list[str]] = {}
    for path, messages in errors.items():
        parts = path.split(".")
        if parts[0] == "images" and len(parts) > 2 and parts[1].isdigit():
            photo = kept[int(parts[1])]
            shown.setdefault(f"photo-{photo['id']}-{parts[2]}", []).extend(messages)
        else:
            shown.setdefault(FORM_ERROR, []).extend(messages)
    return shown


def _upload_errors(problem: Problem) -> dict[str, list[str]]:
    """An upload's refusal, on the form as a whole (it names the file by its place)."""
    errors = problem.errors or {}
    details = [f"{field}: {' '.join(messages)}" for field, messages in errors.items()]
    return {FORM_ERROR: [problem.detail, *details]}


def _page(product: Product, values: list[dict], errors: dict, status: int = 200):
    page = render_template(
        "console/product_photos.html",
        title=f"Photos of {product.name}",
        product=product,
        photos=values,
        pictures={image.id: image.picture for image in product.images},
        finishes=[(finish.slug, finish.name) for finish in product.finishes],
        errors=errors,
        form_error=errors.get(FORM_ERROR, []),
        slots=range(UPLOAD_SLOTS),
    )
    return page, status
