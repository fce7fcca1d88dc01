"""Core views: generic content forms, site pages, administration and error pages."""
