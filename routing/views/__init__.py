"""The routing pages, by subdomain: ``review`` (the unit's practical-effect review),
``routings`` (a department's inbox and a routing's page with its actions), ``tracking``,
``answer_templates`` and ``liaisons``; ``common`` holds what they share."""
