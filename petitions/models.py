"""Residents' opinions and their lifecycle: built in the petitions issue."""
