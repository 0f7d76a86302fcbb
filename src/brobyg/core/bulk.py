"""Server-side bulk inserts for the large synthetic data of ``brobyg demo --scale`` on PostgreSQL.

Creating hundreds of thousands of rows through Python objects costs minutes; ``INSERT … SELECT`` over
``generate_series`` (or over rows already inserted) lets PostgreSQL make them in seconds. Columns that are not given
an SQL expression get the model field's default, so new fields with defaults need no change here.

    insert_select(Model, {"field": "SQL expression"}, source="generate_series(1, %s) AS g(i)", params=[n])
"""
from __future__ import annotations

from django.db import connection, models


def _constant(field: models.Field):
    value = field.get_default()
    return field.get_db_prep_save(value, connection)


def insert_select(model, expressions: dict[str, str], source: str, params=(), where: str = "") -> int:
    """INSERT INTO model's table SELECT <expressions, defaults for the rest> FROM <source> [WHERE …].

    ``expressions`` are plain SQL without placeholders (write % for modulo); ``source`` and ``where`` may use %s
    placeholders filled from ``params`` in order (write %% for modulo there)."""
    columns, selects, values = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key and field.name not in expressions:
            continue
        name = field.name if field.name in expressions else field.attname
        columns.append(connection.ops.quote_name(field.column))
        if name in expressions or field.attname in expressions:
            # expressions take no parameters: a literal % (modulo) is escaped for the driver
            selects.append(expressions.get(name, expressions.get(field.attname)).replace("%", "%%"))
        elif isinstance(field, models.DateTimeField) and (field.auto_now or field.auto_now_add):
            selects.append("now()")
        else:
            if not field.has_default() and not field.null and not isinstance(field, (models.CharField,
                                                                                       models.TextField)):
                raise ValueError(f"{model.__name__}.{field.name} needs an expression (no default)")
            selects.append("%s")
            values.append(_constant(field) if (field.has_default() or not field.null) else None)
    sql = (f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(columns)}) "
           f"SELECT {', '.join(selects)} FROM {source}" + (f" WHERE {where}" if where else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, *params])
        return cursor.rowcount


def pick(options: list, index_sql: str) -> str:
    """An SQL expression choosing options[index % len] — deterministic variety without Python per row."""
    array = "ARRAY[" + ", ".join(_literal(o) for o in options) + "]"
    return f"({array})[(({index_sql}) % {len(options)}) + 1]"


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"
