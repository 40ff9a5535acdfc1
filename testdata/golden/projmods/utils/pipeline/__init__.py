# dagster2mage: pipeline/__init__.py was not copied: it holds Dagster definitions (Definitions defs).
