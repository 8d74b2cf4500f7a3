"""Station assessments: who may do what, the writes (services) and the reads (selectors).

Rules in one place:
- District staff (and admins) keep their district's checklist; a checklist is frozen once any
  assessment uses it, and next year's starts as a copy (scored history never changes).
- Street staff score the stations of their street, district staff any station of their district.
  Scores are saved as a draft, then submitted; district staff publish a quarter's submitted
  assessments (or send one back to draft). Published is final.
- Staff read every assessment in their scope; clerks and deputies read their stations' published ones.
- Totals, maxima, percentages and ranks are computed in the database (subqueries and a window).
"""

from performance.assessment.rules import (  # noqa: F401
    DEFAULT_CHECKLIST,
    ZERO,
    ChecklistFrozen,
    can_assess,
    can_keep_checklist,
    default_quarter,
    districts_visible_to,
    previous_quarter,
    quarter_of,
)
from performance.assessment.selectors import (  # noqa: F401
    RANKED_STATUSES,
    assessment_get_for_user,
    assessments_visible_to,
    checklist_for,
    checklist_rows,
    checklists_visible_to,
    public_ranking,
    ranked,
    ranking,
    station_history,
    with_totals,
)
from performance.assessment.services import (  # noqa: F401
    assessment_reopen,
    assessment_save,
    assessments_publish,
    category_add,
    checklist_copy,
    checklist_create,
    item_add,
    item_delete,
)
