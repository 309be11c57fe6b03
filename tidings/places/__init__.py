"""The places stage: find toponyms in a parsed document and resolve them to GeoNames.

``find_places(doc)`` returns every toponym with character offsets, resolved to a
gazetteer entry (or with ``geonameid`` None when it could not be resolved).
"""

from tidings.places.gazetteer import Candidate, Gazetteer, load_gazetteer
from tidings.places.resolve import find_places

__all__ = ["Candidate", "Gazetteer", "find_places", "load_gazetteer"]
