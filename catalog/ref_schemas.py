"""How products show the terms, money and photos they refer to, nested in their responses."""

import marshmallow as ma

from media.schemas import PictureSchema


class MoneySchema(ma.Schema):
    """An exact amount of money: a decimal string and an ISO 4217 currency."""

    amount = ma.fields.Decimal(places=2, as_string=True)
    currency = ma.fields.String()


class PriceRangeSchema(ma.Schema):
    min = ma.fields.Nested(MoneySchema)
    max = ma.fields.Nested(MoneySchema)


class TermRefSchema(ma.Schema):
    """A brand, category or finish as products refer to it."""

    slug = ma.fields.String()
    name = ma.fields.String()


class CertificationRefSchema(TermRefSchema):
    code = ma.fields.String()


class ProductImageSchema(PictureSchema):
    """A product photo with its place in the gallery and the finishes it shows."""

    id = ma.fields.Integer()
    position = ma.fields.Integer()
    finishes = ma.fields.Pluck(
        TermRefSchema, "slug", many=True, metadata={"description": "Empty: any finish"}
    )

    @ma.pre_dump
    def _with_picture(self, image, **kwargs):
        return {
            **image.picture,
            "id": image.id,
            "position": image.position,
            "finishes": image.finishes,
        }


class FinishOfferSchema(TermRefSchema):
    """A finish a product comes in, with its lowest price and its photo."""

    price = ma.fields.Nested(MoneySchema)
    in_stock = ma.fields.Boolean()
    image = ma.fields.Nested(PictureSchema, allow_none=True)
