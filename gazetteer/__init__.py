"""District gazetteer: the district profile and its places (streets, schools, landmarks, rooms)."""

from pathlib import Path

BUNDLED_DISTRICTS = Path(__file__).parent / "districts"
DEFAULT_DISTRICT = BUNDLED_DISTRICTS / "cambridge-ma"

# The public API, imported last so the paths above exist for the modules that use them.
from .district import District, check_text, load_district  # noqa: E402
from .mentions import Mention  # noqa: E402
from .places import GazetteerError, Place  # noqa: E402

__all__ = [
    "BUNDLED_DISTRICTS",
    "DEFAULT_DISTRICT",
    "District",
    "GazetteerError",
    "Mention",
    "Place",
    "check_text",
    "load_district",
]
