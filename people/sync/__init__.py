"""Planning and carrying out an HR sync.

``plan_import`` reads the exports and today's data (a fixed number of queries, whatever the
size of the files) and works out every change, or every rejected row with its line number and
reason; ``execute_plan`` writes a plan. The steps, one module each:

- ``reading``: the files into rows, each row checked by its form (``rows``);
- ``departments``: the org chart's changes and whether the resulting chart holds together;
- ``staff``: the people's changes, and that no department closes with people still in it;
- ``planning``: the steps above in order, into a ``Plan`` (``plan``);
- ``applying``: the plan written with bulk statements, and its consequences in other apps.
"""

from .applying import execute_plan
from .plan import Plan
from .planning import plan_import

__all__ = ["Plan", "execute_plan", "plan_import"]
