from django.apps import AppConfig


class SearchConfig(AppConfig):
    # Internal index tables, never shown to users: no translatable strings here on purpose.
    name = "gongkai.search"
    label = "search"
    verbose_name = "Search index"
