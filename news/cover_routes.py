"""Article cover endpoints: upload a cover image with responsive sizes, or remove it."""

from flask_smorest import Blueprint

from core.auth.guards import role_required
from core.auth.models import Role
from core.etags import documents_if_match, tagged_by_content
from core.problems import validation_problem
from media.uploads import image_upload, processed_uploads, upload_form
from news import queries, services
from news.routes import current_for_write
from news.schemas import ArticleSchema

article_covers_blp = Blueprint(
    "article_covers",
    __name__,
    url_prefix="/api/v1/articles",
    description="Article cover images",
)


@article_covers_blp.route("/<slug:slug>/cover", methods=["POST"])
@image_upload(article_covers_blp)
@documents_if_match
@role_required(Role.EDITOR)
@tagged_by_content
@article_covers_blp.response(200, ArticleSchema)
def upload_article_cover(slug):
    """Upload the cover (multipart: one `file` and its `alt`); answers the article (If-Match)."""
    article = current_for_write(slug)
    form = upload_form()
    if len(form["file"]) != 1 or len(form["alt"]) != 1:
        raise validation_problem({"file": ["An article has one cover: send one file and one alt."]})
    (image,) = processed_uploads(form["file"], form["alt"])
    services.set_cover(article, image, form["alt"][0])
    return queries.article_page(article, staff=True)


@article_covers_blp.route("/<slug:slug>/cover", methods=["DELETE"])
@documents_if_match
@role_required(Role.EDITOR)
@article_covers_blp.response(204)
def remove_article_cover(slug):
    """Remove the article's cover (If-Match); unused files go with `flask media prune`."""
    services.remove_cover(current_for_write(slug))
