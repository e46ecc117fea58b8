"""The capital ledger: subscriptions, payments, transfers, refunds, reserves and the register."""
