"""The link stage: every file's facts in, one program graph out.

`symbols` indexes what each namespace defines, `resolve` follows reference text to
units, modules, instances and external names, and `build` turns facts into edges,
entry points and resources.
"""
