"""A sub-package named like the standard library's json: `import json` elsewhere is not about it."""
