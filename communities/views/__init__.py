"""Views of the communities app: the registry and the community services."""

from .activities import *  # noqa: F403
from .exports import *  # noqa: F403
from .registry import *  # noqa: F403
