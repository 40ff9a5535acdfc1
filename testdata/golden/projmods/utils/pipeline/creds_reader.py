# Copied by dagster2mage from pipeline/creds_reader.py: imports of the Dagster project read projmods.utils.
# TODO(dagster2mage): DM101 its module-level code reads files next to it (paths from __file__): they were not copied (they may hold secrets); put them next to utils/pipeline/creds_reader.py.
from pathlib import Path

API_URL = Path(__file__).parent.joinpath("api.txt").read_text().strip()
