"""Resources migrated by dagster2mage: each Dagster resource becomes a plain class built
from io_config.yaml by a <key>_resource() function that blocks call."""
import os


def io_config(profile='default'):
    """Reads one profile of the project's io_config.yaml, rendering {{ env_var('X') }} like Mage."""
    import jinja2
    import yaml

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'io_config.yaml')
    with open(path, encoding='utf-8') as f:
        text = jinja2.Template(f.read()).render(env_var=lambda name, default=None: os.getenv(name, default))
    values = (yaml.safe_load(text) or {}).get(profile) or {}
    return {k: (None if v == 'None' else v) for k, v in values.items()}


class NameFormatter:
    """How the people report shows a name."""

    def __init__(self, prefix, upper):
        self.prefix = prefix
        self.upper = upper

    def format(self, name):
        return self.prefix + (name.upper() if self.upper else name)


def _formatter_dagster_resource(init_context):
    init_context.log.info("formatting names")
    return NameFormatter(init_context.resource_config["prefix"], init_context.resource_config["upper"])


class ResourceInitContext:
    """Stands in for Dagster's InitResourceContext when a migrated @resource function runs."""

    def __init__(self, resource_config):
        import logging

        self.resource_config = resource_config
        self.log = logging.getLogger('dagster2mage.resources')
        self.instance = None


def formatter_resource():
    """The "formatter" resource, bound in etl_ops.py (Dagster) and built by name_formatter; its resource_config comes from io_config.yaml."""
    config = io_config()
    return _formatter_dagster_resource(ResourceInitContext({"prefix": config.get("FORMATTER_PREFIX"), "upper": config.get("FORMATTER_UPPER")}))
