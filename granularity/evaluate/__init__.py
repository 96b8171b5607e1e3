"""The evaluate stage: metrics for each subject, rules over those metrics, then per-path
overrides, suppressions, baseline and diff mode (`gate.prepare` and `gate.run`)."""
