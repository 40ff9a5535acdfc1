# Copied by dagster2mage from pipeline/local_utils.py: imports of the Dagster project read projmods.utils.
def double(x):
    return 2 * x


def fetch(url):
    import requests  # a third-party package of a copied module: listed in requirements.txt

    return requests.get(url, timeout=10).text
