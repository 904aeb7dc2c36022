"""Product photo endpoints: upload files, change a photo's alt text, place and finishes, remove."""

from flask import url_for
from flask_smorest import Blueprint

from catalog import image_services
from catalog.image_schemas import ImageChangeSchema
from catalog.routes import product_for_write
from catalog.schemas import ProductSchema
from core.auth.guards import role_required
from core.auth.models import Role
from core.etags import documents_if_match, tagged_by_content
from media.uploads import image_upload, processed_uploads, upload_form

product_images_blp = Blueprint(
    "product_images",
    __name__,
    url_prefix="/api/v1/products",
    description="Product photos: uploads with responsive sizes, per finish",
)


@product_images_blp.route("/<slug:slug>/images", methods=["POST"])
@image_upload(product_images_blp)
@documents_if_match
@role_required(Role.EDITOR)
@tagged_by_content
@product_images_blp.response(201, ProductSchema)
def upload_product_images(slug):
    """Upload photos (multipart: `file` and `alt`, repeated); answers the product (If-Match)."""
    product = product_for_write(slug)
    form = upload_form()
    images = processed_uploads(form["file"], form["alt"])
    image_services.add_product_images(product, images, form["alt"])
    return product, {"Location": url_for("products.ProductItem", slug=product.slug)}


@product_images_blp.route("/<slug:slug>/images/<id:image_id>", methods=["PATCH"])
@documents_if_match
@role_required(Role.EDITOR)
@product_images_blp.arguments(ImageChangeSchema)
@tagged_by_content
@product_images_blp.response(200, ProductSchema)
def change_product_image(changes, slug, image_id):
    """Change a photo's alt text, position or finishes; answers the product (If-Match)."""
    product = product_for_write(slug)
    image = image_services.image_of(product, image_id)
    return image_services.change_product_image(product, image, changes)


@product_images_blp.route("/<slug:slug>/images/<id:image_id>", methods=["DELETE"])
@documents_if_match
@role_required(Role.EDITOR)
@product_images_blp.response(204)
def remove_product_image(slug, image_id):
    """Remove a photo from the product (If-Match); unused files go with `flask media prune`."""
    product = product_for_write(slug)
    image_services.remove_product_image(product, image_services.image_of(product, image_id))
