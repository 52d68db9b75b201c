"""FAQ bot for the UN Convention against Cybercrime: knowledge in YAML, an engine, and front ends."""

__version__ = "0.1.0"
