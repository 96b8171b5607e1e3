"""The partition stage: program graph and settings in, a plan out (and the baselines it is
measured against). Deterministic."""
