from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo and its large-scale twin: the builders of every app's demo data and the
    `seed_demo` command. Installed by the demo, test and benchmark settings only, never in
    production: the product packages hold no demo code."""

    name = "demo"
    label = "demo"
    verbose_name = "Demo data"
