"""The one access policy of spalk. Deny by default.

Every view, API handler, export and search turns an id into an object through an ``access_*`` helper
and starts lists from a ``visible_*`` selector. Nothing else in the code base knows about roles.

Principals:
- staff: rights come from their current memberships (role per centre), assignments to a family's team,
  families in residence, explicit shares between centres and break-the-glass grants;
- family members (portal): a parent sees their own family, a minor aged 12 or more their own file;
- API tokens: act with the rights of their user, never more (the API resolves the token to its user
  and calls the same helpers).

Rules (see ARCHITECTURE.md "Access policy" for the table):
- director, team lead, intake officer: every family of their centre (and families shared with it);
- administrative staff: every family of their centre, read only;
- counsellor: families in residence in their centre and families they are assigned to;
- night staff: families in residence in their centre, read only;
- contextbegeleider, case lead, health coordinator, child worker: families they are assigned to;
- centre administrator and installation administrator: no family at all;
- break the glass: staff holding a dossier role in the family's centre may open it for a limited time
  after typing a reason.


The policy is one package, split by concept; every name is imported from here (``from spalk.access import
policy`` / ``from spalk.access.policy import access_family``), never from a submodule. Each submodule
lists what it offers in ``__all__``:
- ``core``: principals, the family rules (centre-wide, assignment-bound, residence-bound, shares, break the
  glass), families and persons, duties (named predicates for screens without dossier data);
- ``content``: the shared withholding mark (``visible_content``, ``content_visible_to``);
- ``intake``: registrations and the partner directory;
- ``stays``: trajectories, episodes, supporters, allocations, units;
- ``daily``: presence, agenda, logbook notes, attachments, handovers, shift tasks, incidents;
- ``plans``: plans, goals, evaluations, reports.
- ``safety``: safety plans and persons, contact restrictions, Signs of Safety mappings, Kindreflex procedures.
A new capability adds its module (``health``, ``safety``, ``finance``, ``network``, ...) with ``__all__`` and one
line below.
"""

from spalk.access.policy.content import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.core import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.daily import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.finance import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.health import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.intake import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.network import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.plans import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.safety import *  # noqa: F403 - the names are the module's __all__
from spalk.access.policy.stays import *  # noqa: F403 - the names are the module's __all__
