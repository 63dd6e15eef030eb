from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The Jiaozuo demo (`manage.py load_demo`, `manage.py run_demo`): built through the public services
    of the capability apps, which never import it."""

    name = "gongkai.demo"
    label = "demo"
    verbose_name = "Demo"
