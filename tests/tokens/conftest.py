from ..directory.conftest import make_activity  # noqa: F401
