# Copied by dagster2mage from pkg/shapes.py: imports of the Dagster project read extras.utils.
class Box:
    def __init__(self, size: int):
        self.size = size
