"""Renderers: each builds plain view data from the graph, plan or findings, then prints it."""
