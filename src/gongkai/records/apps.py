from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "gongkai.records"
    label = "records"
    verbose_name = _("Published records")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope
        from gongkai.catalogs.rendering import register_item_counter
        from gongkai.search.service import register_default_source

        from . import tasks  # noqa: F401 - connects the scheduled-publication receiver
        from .indexing import published_documents
        from .models import Attachment, Record, SystemToken
        from .rules import DJANGO_PERMS, RULES
        from .selectors import records_count_by_item

        register_item_counter(records_count_by_item)  # the record counts on the catalog page
        register_default_source(published_documents)  # what `search_reindex` rebuilds the index from
        register_scope(Record, "bureau")
        register_scope(Attachment, "record__bureau")
        register_scope(SystemToken, "bureau")
        register_rules(RULES, DJANGO_PERMS)

        from . import latest

        latest.register()  # the latest records and interpretations on the portal's home and columns
