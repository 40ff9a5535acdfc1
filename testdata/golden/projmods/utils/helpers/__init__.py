# Copied by dagster2mage from helpers/__init__.py: imports of the Dagster project read projmods.utils.
from projmods.utils.helpers.text import shout
