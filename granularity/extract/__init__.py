"""The extract stage: one file's source in, one immutable `ModuleFacts` out.

Each concern (units, imports, calls, bindings, data access, each framework's entry
points) is a small gatherer; `driver.extract_source` runs them all in one libcst pass.
"""
