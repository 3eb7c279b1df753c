"""Awda: case management and reporting for assisted voluntary return and reintegration."""
