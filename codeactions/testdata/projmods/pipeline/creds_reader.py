from pathlib import Path

API_URL = Path(__file__).parent.joinpath("api.txt").read_text().strip()
