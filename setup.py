"""Package discovery that pyproject.toml cannot express: every `granularity*` package of
this folder, plus the rule pack kept in the top-level `rules/` folder and installed as
`granularity.rulepack` (its folder is mapped in pyproject.toml). Everything else is in
pyproject.toml."""

from setuptools import find_namespace_packages, setup

setup(packages=[*find_namespace_packages(include=["granularity*"]), "granularity.rulepack"])
