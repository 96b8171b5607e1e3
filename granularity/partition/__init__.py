"""Partitioning a program graph into candidate FaaS functions, and measuring the resulting plan."""
