from dagster import Definitions

from .assets import greeting
from .sub.ops import twice_job

defs = Definitions(assets=[greeting], jobs=[twice_job])
