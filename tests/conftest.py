"""Fixtures come from ``portal_core.testing`` (loaded with ``-p`` in setup.cfg)."""
