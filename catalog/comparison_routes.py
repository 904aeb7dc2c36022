"""The comparison endpoint: products side by side, with the attributes that differ."""

from flask_smorest import Blueprint

from catalog.comparison import comparison
from catalog.comparison_schemas import ComparisonArgs, ComparisonSchema
from core.auth.guards import is_staff
from core.etags import tagged_by_content
from core.problems import Problem

# Not under /api/v1/products/: a product may be slugged "compare".
comparisons_blp = Blueprint(
    "comparisons",
    __name__,
    url_prefix="/api/v1/comparisons",
    description="Products side by side",
)


@comparisons_blp.route("")
@comparisons_blp.arguments(ComparisonArgs, location="query")
@tagged_by_content
@comparisons_blp.response(200, ComparisonSchema)
@comparisons_blp.alt_response(404, description="No slug names a product you may see")
def compare_products(args):
    """Compare 1 to 4 products (`products=a,b`): in the order given, each once, an old slug
    standing for the product's slug now; `differences` names the attributes that differ and
    `missing` the slugs that name no product you may see. 404 when none is left."""
    compared = comparison(args["products"], staff=is_staff())
    if not compared["products"]:
        raise Problem(404, "None of these products can be compared.", kind="not-found")
    return compared
