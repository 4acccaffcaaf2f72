"""Personnel: the people of each unit (staff and community members) who can be registered and nominated."""
