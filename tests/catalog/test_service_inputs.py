"""Catalogue services leave their callers' data as given and set only the fields a term has."""

import copy
from decimal import Decimal

import pytest

from catalog import services
from catalog.models import Brand, Category
from catalog.schemas import ProductInputSchema, ProductUpdateSchema
from core.extensions import db
from tests.catalog.conftest import BASE_PRODUCT


def test_creating_and_changing_a_product_leaves_the_callers_data_as_given(app, taxonomy):
    body = {**copy.deepcopy(BASE_PRODUCT), "slug": "heritage", "flow_rate_gpm": "1.5"}
    del body["flow_rate_lpm"]
    with app.app_context():
        data = ProductInputSchema().load(body)
        given = copy.deepcopy(data)
        product = services.create_product(data)
        assert data == given
        assert product.slug == "heritage" and product.flow_rate_lpm == Decimal("5.68")

        changes = ProductUpdateSchema().load({"slug": "heritage-2", "flow_rate_gpm": "2"})
        given = copy.deepcopy(changes)
        services.update_product(product, changes)
        assert changes == given
        assert product.slug == "heritage-2" and product.flow_rate_lpm == Decimal("7.57")


def test_creating_and_changing_a_term_leaves_the_callers_data_as_given(app, taxonomy):
    with app.app_context():
        data = {"name": "Sink mixers", "slug": "sink-mixers", "parent": "kitchen-faucets"}
        given = copy.deepcopy(data)
        category = services.create_term(Category, data)
        assert data == given
        assert category.parent.slug == "kitchen-faucets"

        changes = {"slug": "sink-taps", "parent": None, "position": 3}
        given = copy.deepcopy(changes)
        services.update_term(category, changes)
        assert changes == given
        assert (category.slug, category.parent, category.position) == ("sink-taps", None, 3)


@pytest.mark.parametrize("unexpected", ["id", "archived_at", "version", "parent", "code"])
def test_a_term_refuses_a_field_it_does_not_take_and_changes_nothing(app, taxonomy, unexpected):
    with app.app_context():
        brand = db.session.query(Brand).filter_by(slug="aquaverde").one()
        before = (brand.id, brand.name, brand.archived_at, brand.version)
        with pytest.raises(ValueError, match=unexpected):
            services.update_term(brand, {"name": "Renamed", unexpected: 99})
        with pytest.raises(ValueError, match=unexpected):
            services.create_term(Brand, {"name": "New brand", unexpected: 99})
        db.session.rollback()
        assert (brand.id, brand.name, brand.archived_at, brand.version) == before
        assert db.session.query(Brand).filter_by(name="New brand").count() == 0
