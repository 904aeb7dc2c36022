"""The CHECK constraints of the models and of a live database, in one comparable form.

Alembic's autogenerate does not compare CHECK constraints, so `flask db check` misses them.
PostgreSQL also rewrites what it stores (`x IN (…)` becomes `x::text = ANY (ARRAY[…])`,
`BETWEEN` becomes two comparisons, literals gain casts); `normalise` undoes those rewrites.
"""

import re

from sqlalchemy import CheckConstraint, MetaData, inspect
from sqlalchemy.engine import Engine

QUOTED = re.compile(r"('(?:[^']|'')*')")
CAST = re.compile(r"::\s*(?:character varying|[a-z_]+)(?:\[\])?")
ANY_ARRAY = re.compile(r"=\s*any\s*\(\s*array\s*\[(.*?)\]\s*\)")
BETWEEN = re.compile(r"(\w+) between (\S+) and (\S+)")


def normalise(sql: str) -> str:
    """One spelling of a CHECK's condition: no casts, no parentheses, IN lists, no BETWEEN."""
    # Lower-case the SQL but not the string literals (allowed values keep their case).
    text = "".join(part if QUOTED.fullmatch(part) else part.lower() for part in QUOTED.split(sql))
    text = ANY_ARRAY.sub(r" in (\1)", CAST.sub("", text))
    text = " ".join(text.replace("(", " ").replace(")", " ").split())
    text = BETWEEN.sub(r"\1 >= \2 and \1 <= \3", text)
    return " ".join(re.sub(r"\s*,\s*", ", ", text).split())


def model_checks(metadata: MetaData, engine: Engine) -> dict[tuple[str, str], str]:
    """(table, constraint name) → normalised condition, as the models would create them."""
    compiler = engine.dialect.ddl_compiler(engine.dialect, None)
    found = {}
    for table in metadata.sorted_tables:
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                name = compiler.preparer.format_constraint(constraint)
                condition = compiler.sql_compiler.process(
                    constraint.sqltext, include_table=False, literal_binds=True
                )
                found[table.name, name] = normalise(condition)
    return found


def database_checks(engine: Engine) -> dict[tuple[str, str], str]:
    """(table, constraint name) → normalised condition, as the database holds them."""
    inspector = inspect(engine)
    return {
        (table, check["name"]): normalise(check["sqltext"])
        for table in inspector.get_table_names()
        for check in inspector.get_check_constraints(table)
    }
