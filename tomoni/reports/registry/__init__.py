"""The reports over the registry and the member register: the published figures, the federation
overview, and the coop, compliance and centre pages (served under the `federation:` URL names)."""
