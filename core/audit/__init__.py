"""The audit log: who changed which object, when, and how."""
