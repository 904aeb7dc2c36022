"""Schema helpers every domain shares."""

import marshmallow as ma


def partial_of(schema: type[ma.Schema], doc: str) -> type[ma.Schema]:
    """A named subclass of `schema` where every field is optional (for PATCH bodies)."""

    def __init__(self, **kwargs):
        schema.__init__(self, partial=True, **kwargs)

    name = schema.__name__.replace("Input", "Update")
    return type(name, (schema,), {"__init__": __init__, "__doc__": doc})
