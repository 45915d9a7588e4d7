"""Writes to legal work, one module per part: gateway meetings, pre-proceedings and
alternatives to care (``preproceedings``), proceedings, hearings and orders
(``proceedings``), the plan for permanence and the adoption timeline (``permanence``).
Each write checks permission, validates, saves, audits and refreshes the children's
obligations in one transaction; refused input saves nothing."""
