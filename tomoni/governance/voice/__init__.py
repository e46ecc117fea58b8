"""The members' voice (GOV-VOICE): proposals, decisions, minutes, notices and the meetings' calendar."""
