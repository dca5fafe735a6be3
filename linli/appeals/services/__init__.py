"""Every write to appeals goes through these services (intake, workflow, supervision)."""
