# Copied by dagster2mage from pipeline/local_utils.py: imports of the Dagster project read projmods.utils.
def double(x):
    return 2 * x
