from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogsConfig(AppConfig):
    name = "gongkai.catalogs"
    label = "catalogs"
    verbose_name = _("Standard catalogs")

    def ready(self):
        from gongkai.accounts.permissions import register_rules, register_scope

        from .models import Campaign, Catalog, CatalogEvent, CatalogItem, CatalogVersion, ReviewOpinion
        from .rules import DJANGO_PERMS, RULES

        register_scope(Catalog, "bureau")
        register_scope(CatalogItem, "catalog__bureau")
        register_scope(CatalogVersion, "catalog__bureau")
        register_scope(CatalogEvent, "catalog__bureau")
        register_scope(ReviewOpinion, "version__catalog__bureau")
        register_scope(Campaign, "city")
        register_rules(RULES, DJANGO_PERMS)

        # The published catalog fills the "statutory proactive disclosure" part of each bureau's column.
        from gongkai.portal.rendering import SectionProvider, register_section_provider

        from .rendering import catalog_published_at, statutory_context

        register_section_provider(
            "statutory",
            SectionProvider(
                context=statutory_context, template="catalogs/portal/_statutory.html", updated_at=catalog_published_at
            ),
        )
