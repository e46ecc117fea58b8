"""The year-end appropriation of surplus (剰余金処分) and the work-engaged dividend (CAP-APPROP)."""
