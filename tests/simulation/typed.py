"""The simulation settings form as an officer fills it in, for the tests that save it through the page."""

from appraisal.simulation.services import DEFAULTS


def typed_settings(**changes: str) -> dict[str, str]:
    """Every setting typed as its default ("10000", "0.50", "pert"), with `changes` typed over them."""
    return {name: f"{value}" for name, value in DEFAULTS.items()} | changes
