"""Bulk inserts of thousands of rows: one prepared statement run for every row of a batch.

`bulk_create` builds SQL and placeholders for each object and needs model instances (most of
an import's write time and memory went there). `insert_rows` takes plain rows of values in the
order of the fields named, prepares each value with its model field (`get_db_prep_save`, so
dates, decimals and JSON are stored as the ORM stores them) and runs `executemany` per batch.
With `upsert=True` a row whose primary key exists updates it instead (SQLite ≥ 3.24 and
PostgreSQL share the `ON CONFLICT … DO UPDATE` syntax).
"""

import datetime
import itertools
from collections.abc import Iterable, Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Q

BATCH_SIZE = 2000

# Internal field types whose `get_db_prep_save` returns values of these exact types unchanged on
# the backends we run (SQLite, PostgreSQL): they are passed through without the call, which is
# most of the cost of preparing a row. Anything else (dates, decimals, JSON) goes through the field.
_AS_IS = {
    "CharField": (str,),
    "SlugField": (str,),
    "TextField": (str,),
    "EmailField": (str,),
    "AutoField": (int,),
    "BigAutoField": (int,),
    "IntegerField": (int,),
    "BigIntegerField": (int,),
    "SmallIntegerField": (int,),
    "PositiveIntegerField": (int,),
    "PositiveSmallIntegerField": (int,),
    "PositiveBigIntegerField": (int,),
    "BooleanField": (bool,),
}


def _preparer(field, connection):
    prepare = field.get_db_prep_save
    internal = field.get_internal_type()
    if internal in ("ForeignKey", "OneToOneField"):
        internal = field.target_field.get_internal_type()
    as_is = _AS_IS.get(internal)
    if as_is == (int,) and getattr(connection.features, "uses_server_side_binding", False):
        as_is = None  # psycopg 3 binding on the server: ints go out typed by the field
    last = [object(), None]  # the last value prepared and what it became: a batch repeats many

    def prepared(value):
        if value is not last[0]:
            last[:] = value, prepare(value, connection)
        return last[1]

    if internal == "DateField":
        # A date as it is: what get_db_prep_save does to it, without the checks on the way.
        adapt = connection.ops.adapt_datefield_value
        return lambda value: adapt(value) if type(value) is datetime.date else prepared(value)
    if as_is is None:
        return prepared
    return lambda value: value if value is None or type(value) in as_is else prepared(value)


def insert_rows(
    model,
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    upsert: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Insert `rows` (each the values of `fields`, model field names or attnames, in that order)
    into `model`'s table without building model instances; rows are consumed as they come, a
    batch at a time. Returns the number of rows. Nothing is filled in: defaults, `auto_now` and
    derived columns are the caller's (as for `bulk_create`, no signals are sent)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0  # nothing to prepare (a migration may pass a historical model without the fields)
    connection = connections[using]
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    if upsert:
        updates = [f"{quote(f.column)} = excluded.{quote(f.column)}" for f in columns if not f.primary_key]
        sql += f" ON CONFLICT ({quote(meta.pk.column)}) DO UPDATE SET {', '.join(updates)}"
    preparers = [_preparer(f, connection) for f in columns]
    written, batch = 0, []
    with connection.cursor() as cursor:
        for row in itertools.chain([first], rows):
            batch.append([prepare(value) for prepare, value in zip(preparers, row, strict=True)])
            if len(batch) >= batch_size:
                cursor.executemany(sql, batch)
                written, batch = written + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


def field_defaults(model, given: Iterable[str]) -> dict[str, object]:
    """The default of every other concrete column of `model` (by attname), for rows written
    without model instances. A callable default or an `auto_now` date would differ per row:
    those must be among `given`."""
    given = set(given)
    defaults = {}
    for field in model._meta.local_concrete_fields:
        if field.primary_key or field.attname in given:
            continue
        per_row = getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
        if per_row or (field.has_default() and callable(field.default)):
            raise ValueError(f"{model.__name__}.{field.name} needs a value per row")
        defaults[field.attname] = field.get_default()
    return defaults


def ids_q(field: str, ids: Iterable[int]) -> Q:
    """A filter on the integer `field` matching exactly `ids`: runs of consecutive ids (the rows
    one bulk write just made) as ranges, the rest as one IN list — a few parameters where an IN
    list would prepare and bind one per id."""
    ids = sorted(set(ids))
    if not ids:
        return Q(**{f"{field}__in": []})
    q, singles, start = Q(), [], 0
    for position in range(1, len(ids) + 1):
        if position < len(ids) and ids[position] == ids[position - 1] + 1:
            continue
        run = ids[start:position]
        if len(run) > 2:
            q |= Q(**{f"{field}__gte": run[0], f"{field}__lte": run[-1]})  # no __range on keys
        else:
            singles += run
        start = position
    if singles:
        q |= Q(**{f"{field}__in": singles})
    return q
