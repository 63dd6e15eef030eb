"""Index numbers (索引号): one scheme, gapless per bureau and year.

Scheme: ``<bureau identifier>/<YYYY>-<5-digit sequence>``, e.g. ``11410821MB1234567X/2026-00042``.
The bureau identifier is its unified social credit code, or its stable code when it has
none. YYYY is the year of publication in local time. The sequence counts from 1 in each
(bureau, year) with no gaps: it is taken from the bureau's IndexCounter row, locked with
SELECT ... FOR UPDATE inside the publishing transaction, so concurrent publishers wait for
each other and a rolled-back publication gives its number back. Unique constraints on
(bureau, index_number) and (bureau, year, sequence) back it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction

from .models import IndexCounter

SEQUENCE_WIDTH = 5


def bureau_identifier(bureau) -> str:
    return bureau.credit_code or bureau.code


def format_index_number(bureau, year: int, sequence: int) -> str:
    return f"{bureau_identifier(bureau)}/{year:04d}-{sequence:0{SEQUENCE_WIDTH}d}"


def _counter_for_update(bureau_id: int, year: int) -> IndexCounter:
    try:
        return IndexCounter.objects.select_for_update().get(bureau_id=bureau_id, year=year)
    except IndexCounter.DoesNotExist:
        pass
    try:
        with transaction.atomic():
            IndexCounter.objects.create(bureau_id=bureau_id, year=year, last_sequence=0)
    except IntegrityError:
        pass  # another publisher created it first; lock theirs
    return IndexCounter.objects.select_for_update().get(bureau_id=bureau_id, year=year)


def allocate(bureau, year: int, count: int = 1) -> list[int]:
    """Reserve `count` consecutive sequence numbers for `bureau` in `year`.

    Must run inside the transaction that saves the numbers on the records.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Index numbers are allocated inside the publishing transaction.")
    counter = _counter_for_update(bureau.pk, year)
    first = counter.last_sequence + 1
    counter.last_sequence += count
    counter.save(update_fields=["last_sequence"])
    return list(range(first, first + count))
