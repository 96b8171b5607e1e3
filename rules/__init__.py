"""The built-in rule pack: one declarative TOML file per rule (installed as `granularity.rulepack`)."""
