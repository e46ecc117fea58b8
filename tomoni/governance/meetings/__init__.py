"""Meetings of the governance context: the meeting, its settings, agenda and attendance, and the reads of a
meeting and its motions."""
