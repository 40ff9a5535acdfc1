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
