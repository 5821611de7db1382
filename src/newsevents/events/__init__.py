"""Events: the coder, its lexicon and rules, the CAMEO/PLOVER tables (the event record itself is
:class:`newsevents.models.Event`, at the ground floor)."""
