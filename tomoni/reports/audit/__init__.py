"""The audit log as the auditor reads it: each event in words, filtered, exported as CSV and PDF."""
