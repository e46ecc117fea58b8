"""Writes of the governance context: meetings, agendas, motions, rolls, attendance and voting.

Services GOV-VOICE (proposals, decisions, minutes) may call:

- ``meeting_create(*, actor, coop, kind, title, starts_at, centre=None, place="", online_url="") -> Meeting``
- ``meeting_convene(*, actor, meeting) -> Meeting``: sends it out; refuses a date inside the notice period.
- ``agenda_item_add(*, actor, meeting, title, body, proposal=None) -> AgendaItem``: `proposal` is accepted
  and recorded in the audit event; GOV-VOICE links its own Proposal to the item.
- ``motion_create(*, actor, meeting, kind, title, body, opens_at, closes_at, agenda_item=None,
  special_matter="", record_date=None, secret=True, seats=0) -> Motion``
- ``motion_open(*, actor, motion)``, ``motion_close(*, actor, motion)``, ``motion_tally(*, actor, motion)``

Selectors (tomoni.governance.selectors): ``meetings_visible(user, coop)``, ``meeting_get(user, code, meeting_id)``,
``motion_get(user, code, motion_id)``.
"""
