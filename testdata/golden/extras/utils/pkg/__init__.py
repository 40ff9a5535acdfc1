# Copied by dagster2mage from pkg/__init__.py: imports of the Dagster project read extras.utils.
