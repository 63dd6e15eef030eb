from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogsConfig(AppConfig):
    name = "gongkai.catalogs"
    label = "catalogs"
    verbose_name = _("Standard catalogs")

    def ready(self):
        from gongkai.accounts.permissions import register_scope

        from .models import Catalog, CatalogItem

        register_scope(Catalog, "bureau")
        register_scope(CatalogItem, "catalog__bureau")
