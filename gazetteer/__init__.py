"""District gazetteer: the district profile and its places (streets, schools, landmarks, rooms)."""

from pathlib import Path

BUNDLED_DISTRICTS = Path(__file__).parent / "districts"
DEFAULT_DISTRICT = BUNDLED_DISTRICTS / "cambridge-ma"
