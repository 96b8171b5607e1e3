"""Domain logic that spans several repositories."""
