"""Deliberation meetings, votes and reports to voters: built in the meetings issue."""
