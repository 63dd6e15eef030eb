"""Use cases of the standard catalogs: the one import surface (`from gongkai.catalogs import services`).

Every function is keyword-only, atomic, checks the permission module, and writes an audit record
(and a CatalogEvent for workflow steps). Where each rule lives: base.py (shared steps, the
edit lock), items.py (creating the catalog, adopting guideline rows, editing items one by one),
replace.py (replacing the working copy on import), review.py (the review workflow steps and the
versions they snapshot), campaigns.py (assigning catalogs to a campaign).

Validation errors: item problems raise `ItemsInvalid` (a ValidationError) whose `item_errors`
lists every validation.ItemError (index in the list given, field, code, message), so import
and forms can report them row by row. Workflow moves that are not legal raise
workflow.TransitionNotAllowed (code "transition_not_allowed"); changing a catalog that is with
the reviewer raises ValidationError(code="catalog_locked").
"""

from .base import ItemsInvalid
from .campaigns import campaign_assign
from .items import (
    GENERIC_SUBJECT,
    catalog_create_from_guideline,
    catalog_get_or_create,
    catalog_item_add,
    catalog_item_move,
    catalog_item_remove,
    catalog_item_update,
    catalog_items_reorder,
    normalize_item,
)
from .replace import ReplaceResult, catalog_replace_items
from .review import (
    WORKFLOW_SERVICES,
    catalog_approve,
    catalog_publish,
    catalog_return,
    catalog_revise,
    catalog_submit,
    catalog_withdraw,
    may_publish,
)

__all__ = [
    "GENERIC_SUBJECT",
    "WORKFLOW_SERVICES",
    "ItemsInvalid",
    "ReplaceResult",
    "campaign_assign",
    "catalog_approve",
    "catalog_create_from_guideline",
    "catalog_get_or_create",
    "catalog_item_add",
    "catalog_item_move",
    "catalog_item_remove",
    "catalog_item_update",
    "catalog_items_reorder",
    "catalog_publish",
    "catalog_replace_items",
    "catalog_return",
    "catalog_revise",
    "catalog_submit",
    "catalog_withdraw",
    "may_publish",
    "normalize_item",
]
