"""Make the synthetic-data helpers of this folder importable (``import vn_samples``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
