"""The charter templates the portal ships, as plain data.

An organisation adopts one of these templates as its own charter, then tracks each item
school by school. Four templates are offered:

- an education staff wellbeing charter for a trust or local authority, built around the
  DfE Education Staff Wellbeing Charter's organisational commitments;
- a wellbeing charter for the children's residential care workforce, with promises from
  the employer and pledges that practitioners sign;
- a local covenant between academy trusts, the council and unions on supporting school
  leaders through Ofsted inspection;
- a leadership-and-management checklist for a whole-school approach to wellbeing, with
  suggested activities.

The wording is the portal's own. Each template is modelled on the kind of document named
in its ``modelled_on`` field, but paraphrases it rather than copying from it, and
``tests/charters/test_template_data.py`` checks that no long run of words matches the
source documents in ``shared/seeds``.

This module has no Django imports so that it can be read, tested and type-checked alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Responsible = Literal["organisation", "governing_board", "senior_leaders", "individuals"]
# The charter's five wellbeing domains.
Domain = Literal["health", "security", "environment", "relationships", "purpose"]
# The survey areas a commitment bears on: the link from charter progress to survey results.
Area = Literal[
    "workload",
    "voice",
    "flexible_working",
    "manager_support",
    "career_progression",
    "behaviour_culture",
    "communication",
    "leader_wellbeing",
    "measurement",
    "supervision",
    "inspection_support",
]
Kind = Literal["commitment", "pledge", "checklist", "activity"]

RESPONSIBLE_LABELS: dict[str, str] = {
    "organisation": "Organisation",
    "governing_board": "Governing board",
    "senior_leaders": "Senior leaders",
    "individuals": "Individuals",
}

DOMAIN_LABELS: dict[str, str] = {
    "health": "Health",
    "security": "Security",
    "environment": "Environment",
    "relationships": "Relationships",
    "purpose": "Purpose",
}

AREA_LABELS: dict[str, str] = {
    "workload": "Workload",
    "voice": "Staff voice",
    "flexible_working": "Flexible working",
    "manager_support": "Support from line managers",
    "career_progression": "Career progression",
    "behaviour_culture": "Behaviour culture",
    "communication": "Communication",
    "leader_wellbeing": "Leaders' wellbeing",
    "measurement": "Measuring wellbeing",
    "supervision": "Supervision",
    "inspection_support": "Support through inspection",
}

KIND_LABELS: dict[str, str] = {
    "commitment": "Commitment",
    "pledge": "Practitioner pledge",
    "checklist": "Leadership checklist",
    "activity": "Suggested activity",
}


@dataclass(frozen=True)
class CommitmentSpec:
    """One item of a template: a commitment, a pledge, a checklist point or an activity."""

    key: str  # stable slug, unique within its template, lowercase-with-hyphens, <= 60 chars
    title: str  # <= 120 chars, an action phrase
    description: str  # 1-3 sentences (<= 600 chars): what keeping it looks like in practice
    responsible: tuple[Responsible, ...]  # at least one
    domains: tuple[Domain, ...]  # at least one
    areas: tuple[Area, ...] = ()  # the survey areas it bears on (may be empty)
    kind: Kind = "commitment"
    section: str = ""  # a heading to group it under within the template


@dataclass(frozen=True)
class TemplateSpec:
    """A charter template: what it is, what it is modelled on, and its items in order."""

    key: str
    title: str
    summary: str  # 2-3 sentences: what the charter is and who signs it
    modelled_on: str  # one sentence naming the kind of source document
    commitments: tuple[CommitmentSpec, ...]


# --- 1. Education staff wellbeing charter ---------------------------------------------

_ORG = "What the organisation will do"
_BOARD = "What the governing board will do"
_LEADERS = "What senior leaders will do"
_STAFF = "What each member of staff will do"

EDUCATION_STAFF_WELLBEING = TemplateSpec(
    key="education-staff-wellbeing",
    title="Education staff wellbeing charter",
    summary=(
        "A public promise to protect and improve the mental health and wellbeing of everyone "
        "who works in our schools, including support and temporary staff. The trust or local "
        "authority signs it, and governing boards, senior leaders and staff each take on a "
        "part, because looking after wellbeing is a job we share."
    ),
    modelled_on=(
        "The DfE Education Staff Wellbeing Charter, as a multi-academy trust would adopt it "
        "for all of its schools."
    ),
    commitments=(
        CommitmentSpec(
            key="prioritise-mental-health",
            title="Put staff mental health first",
            description=(
                "Staff mental health is a named priority in the improvement plan, not an extra. "
                "Leaders are trained to spot early signs of stress, and every member of staff "
                "knows how to get confidential help, such as an employee assistance line."
            ),
            responsible=("organisation",),
            domains=("health",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="support-own-and-others-wellbeing",
            title="Help staff look after themselves and each other",
            description=(
                "Staff get the time, training and information to look after their own "
                "wellbeing and to notice when a colleague is struggling. Mental health first "
                "aiders, peer support and clear signposting to outside help all play a part."
            ),
            responsible=("organisation",),
            domains=("health", "relationships"),
            section=_ORG,
        ),
        CommitmentSpec(
            key="equip-line-managers",
            title="Equip line managers to support their teams",
            description=(
                "Line managers get training, guidance and time to hold regular wellbeing "
                "conversations with the people they manage. They know which adjustments they "
                "can agree themselves and where to refer someone who needs more help."
            ),
            responsible=("organisation",),
            domains=("relationships", "health"),
            areas=("manager_support",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="communications-policy",
            title="Agree a clear communications policy",
            description=(
                "Publish simple rules on when and how staff are contacted, covering email "
                "hours, reply times and how news reaches everyone. Nobody is expected to read "
                "or answer work messages in the evening, at weekends or in the holidays."
            ),
            responsible=("organisation",),
            domains=("environment", "health"),
            areas=("communication", "workload"),
            section=_ORG,
        ),
        CommitmentSpec(
            key="staff-voice",
            title="Give staff a real say in decisions",
            description=(
                "Ask staff for their views before making changes that affect their work, "
                "through surveys, staff forums and talks with unions. Then tell them what was "
                "decided and why, so people can see their views made a difference."
            ),
            responsible=("organisation",),
            domains=("purpose", "relationships"),
            areas=("voice",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="reduce-unnecessary-workload",
            title="Drive down unnecessary workload",
            description=(
                "Review marking, data collection, planning and meetings at least once a year "
                "and stop tasks that do not help pupils learn. Work out the time cost of any "
                "new initiative before it starts."
            ),
            responsible=("organisation",),
            domains=("environment", "health"),
            areas=("workload",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="flexible-working-and-diversity",
            title="Support flexible working and value diversity",
            description=(
                "Consider every flexible working request fairly and quickly, for teachers and "
                "support staff alike, and look for ways to say yes. Take active steps to "
                "recruit, keep and promote staff from every background."
            ),
            responsible=("organisation",),
            domains=("security", "environment"),
            areas=("flexible_working",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="good-behaviour-culture",
            title="Build a culture of good behaviour",
            description=(
                "Have a clear behaviour policy that leaders apply consistently, so staff feel "
                "backed up in class and around the site. Leaders are visible during the day "
                "and follow up incidents promptly."
            ),
            responsible=("organisation",),
            domains=("environment", "security"),
            areas=("behaviour_culture",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="career-progression",
            title="Help staff grow in their careers",
            description=(
                "Every member of staff, including support staff, has regular conversations "
                "about their development and fair access to training, qualifications and "
                "promotion. Routes into middle and senior roles are written down and open to all."
            ),
            responsible=("organisation",),
            domains=("purpose", "security"),
            areas=("career_progression",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="leader-wellbeing-strategy",
            title="Protect leaders' wellbeing with a plan of its own",
            description=(
                "Headteachers and other leaders have their own wellbeing plan, with "
                "supervision or coaching, a named person to talk to and support through "
                "inspection. Leaders are expected to take their leave and switch off."
            ),
            responsible=("organisation",),
            domains=("health", "relationships"),
            areas=("leader_wellbeing", "supervision"),
            section=_ORG,
        ),
        CommitmentSpec(
            key="accountability-and-measurement",
            title="Hold ourselves to account and measure staff wellbeing",
            description=(
                "Run a staff wellbeing survey at least once a year, share the results with "
                "staff and governors, and publish what will change as a result. Check progress "
                "against this charter every year and say openly where we have fallen short."
            ),
            responsible=("organisation",),
            domains=("health", "security", "environment", "relationships", "purpose"),
            areas=("measurement",),
            section=_ORG,
        ),
        CommitmentSpec(
            key="board-keeps-wellbeing-on-agenda",
            title="Keep staff wellbeing on the board's agenda",
            description=(
                "Discuss staff wellbeing at least once a term, using survey results, sickness "
                "absence and staff turnover. Ask leaders what is improving and what is not."
            ),
            responsible=("governing_board",),
            domains=("health", "environment"),
            areas=("measurement",),
            section=_BOARD,
        ),
        CommitmentSpec(
            key="board-supports-headteacher",
            title="Look after the headteacher's wellbeing",
            description=(
                "Ask about the headteacher's workload and wellbeing in their performance "
                "review and at other points in the year. Make sure they have someone outside "
                "the school to talk to in confidence."
            ),
            responsible=("governing_board",),
            domains=("health", "relationships"),
            areas=("leader_wellbeing",),
            section=_BOARD,
        ),
        CommitmentSpec(
            key="board-limits-requests",
            title="Count the cost before asking for reports",
            description=(
                "Before asking leaders for a new report or set of figures, check whether it is "
                "really needed and whether information the school already has will do."
            ),
            responsible=("governing_board",),
            domains=("environment",),
            areas=("workload",),
            section=_BOARD,
        ),
        CommitmentSpec(
            key="leaders-set-healthy-example",
            title="Set a healthy example",
            description=(
                "Leaders take breaks, go home at a sensible time and do not send messages out "
                "of hours, so that staff feel able to do the same."
            ),
            responsible=("senior_leaders",),
            domains=("health", "environment"),
            areas=("leader_wellbeing", "communication"),
            section=_LEADERS,
        ),
        CommitmentSpec(
            key="leaders-test-workload-impact",
            title="Weigh the workload of every new idea",
            description=(
                "Before bringing in a new policy or initiative, leaders ask how much staff time "
                "it will take, what can stop to make room for it, and whether it is worth it."
            ),
            responsible=("senior_leaders",),
            domains=("environment", "health"),
            areas=("workload",),
            section=_LEADERS,
        ),
        CommitmentSpec(
            key="leaders-act-on-survey-results",
            title="Act on what staff tell us",
            description=(
                "Within half a term of each wellbeing survey, leaders share the results with "
                "staff, agree a few changes with them and report back on progress."
            ),
            responsible=("senior_leaders",),
            domains=("purpose", "relationships"),
            areas=("voice", "measurement"),
            section=_LEADERS,
        ),
        CommitmentSpec(
            key="individuals-own-wellbeing",
            title="Look after your own wellbeing",
            description=(
                "Take your breaks, use the support on offer and tell your line manager early "
                "if work is starting to affect your health."
            ),
            responsible=("individuals",),
            domains=("health",),
            section=_STAFF,
        ),
        CommitmentSpec(
            key="individuals-support-colleagues",
            title="Be considerate and supportive to colleagues",
            description=(
                "Notice when a colleague seems to be struggling, check in with them and point "
                "them towards help. Respect other people's time, for example by not expecting "
                "replies out of hours."
            ),
            responsible=("individuals",),
            domains=("relationships",),
            areas=("communication",),
            section=_STAFF,
        ),
        CommitmentSpec(
            key="individuals-share-views",
            title="Give honest feedback",
            description=(
                "Take part in staff surveys and consultations, and suggest ways to cut "
                "pointless work through the agreed channels."
            ),
            responsible=("individuals",),
            domains=("purpose", "relationships"),
            areas=("voice",),
            section=_STAFF,
        ),
    ),
)


# --- 2. Children's residential workforce charter --------------------------------------

_RES_ORG = "What the organisation will do"
_RES_PLEDGE = "What each practitioner pledges"

RESIDENTIAL_WORKFORCE = TemplateSpec(
    key="residential-workforce",
    title="Residential childcare staff wellbeing charter",
    summary=(
        "A charter for children's homes and other residential settings, where the work is "
        "emotionally demanding and staff wellbeing shapes the care that children receive. The "
        "provider signs up to what it will do, and each practitioner can sign a personal pledge."
    ),
    modelled_on=(
        "A wellbeing charter written for the children's residential care workforce, with "
        "promises from the employer and pledges from practitioners."
    ),
    commitments=(
        CommitmentSpec(
            key="inclusive-team-culture",
            title="Build a warm and inclusive team culture",
            description=(
                "Respect individual differences, welcome staff from all backgrounds and "
                "encourage colleagues to work as a team rather than alone. Managers deal "
                "quickly with exclusion or unkindness between staff."
            ),
            responsible=("organisation",),
            domains=("relationships", "environment"),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="supervision-that-checks-in",
            title="Offer supervision that asks how people are",
            description=(
                "Each supervision session starts with how the practitioner is feeling and "
                "coping, not only with the tasks they have finished. Supervisors are trained "
                "for this, and sessions take place on a regular, protected schedule."
            ),
            responsible=("organisation",),
            domains=("relationships", "health"),
            areas=("supervision", "manager_support"),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="wellbeing-policy-and-plan",
            title="Keep a wellbeing policy with a plan to deliver it",
            description=(
                "Have a written policy on staff mental health and wellbeing with a practical "
                "action plan. Review it each year through appraisals, and again in supervision "
                "after any serious incident."
            ),
            responsible=("organisation",),
            domains=("health", "security"),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="keep-staff-well-for-children",
            title="Keep staff well so they can be there for children",
            description=(
                "Senior managers lead practical steps that keep staff well enough to stay "
                "calm, present and tuned in to the children they look after. Examples include "
                "proper breaks on long shifts and access to counselling."
            ),
            responsible=("organisation",),
            domains=("health", "purpose"),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="body-and-mind-at-work",
            title="Treat physical and emotional health as part of the job",
            description=(
                "Accept that the work affects staff in body and mind, and that their health "
                "matters to how well they can do it. Plan rotas, workload and recovery time "
                "with this in mind."
            ),
            responsible=("organisation",),
            domains=("health", "environment"),
            areas=("workload",),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="equal-opportunity-and-stigma",
            title="Promote fair chances and tackle stigma",
            description=(
                "Give every member of staff a fair chance to progress. Challenge stigma about "
                "mental health, discrimination and anything else that puts wellbeing at risk."
            ),
            responsible=("organisation",),
            domains=("security", "relationships"),
            areas=("career_progression",),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="peer-mentoring",
            title="Value staff expertise and peer mentoring",
            description=(
                "Recognise what experienced colleagues know and set up mentoring so they can "
                "pass it on. New staff are paired with a peer mentor for their first year."
            ),
            responsible=("organisation",),
            domains=("relationships", "purpose"),
            areas=("career_progression",),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="learning-and-reflection",
            title="Make learning continuous, with room to reflect",
            description=(
                "Provide trauma-informed training suited to each role, regular reflective "
                "sessions, and chances for staff to learn from one another's experience."
            ),
            responsible=("organisation",),
            domains=("purpose", "relationships"),
            areas=("career_progression",),
            section=_RES_ORG,
        ),
        CommitmentSpec(
            key="pledge-hopeful-team",
            title="Help build a hopeful, resilient team",
            description=(
                "I will reflect on my own practice and support my colleagues, helping to make "
                "a team where people feel they belong and stay hopeful."
            ),
            responsible=("individuals",),
            domains=("relationships", "purpose"),
            kind="pledge",
            section=_RES_PLEDGE,
        ),
        CommitmentSpec(
            key="pledge-notice-pressures",
            title="Notice what puts my wellbeing at risk",
            description=(
                "I will watch for pressures that could harm my relationships with colleagues "
                "or with the young people in my care, and act early to stop them building up."
            ),
            responsible=("individuals",),
            domains=("health", "relationships"),
            kind="pledge",
            section=_RES_PLEDGE,
        ),
        CommitmentSpec(
            key="pledge-protected-reflection",
            title="Use protected time to reflect with colleagues",
            description=(
                "I will take part in protected reflective sessions with my team, to look after "
                "my wellbeing and improve my practice."
            ),
            responsible=("individuals",),
            domains=("relationships", "health"),
            areas=("supervision",),
            kind="pledge",
            section=_RES_PLEDGE,
        ),
        CommitmentSpec(
            key="pledge-after-incidents",
            title="Check in with myself after incidents",
            description=(
                "After a difficult incident I will think about how it has affected me and tell "
                "a senior manager promptly what I need, so that we can agree a support plan."
            ),
            responsible=("individuals",),
            domains=("health", "security"),
            areas=("manager_support",),
            kind="pledge",
            section=_RES_PLEDGE,
        ),
        CommitmentSpec(
            key="pledge-speak-up",
            title="Say what I need and suggest solutions",
            description=(
                "I will raise worries about my physical or emotional health openly, along with "
                "ideas that might help."
            ),
            responsible=("individuals",),
            domains=("health",),
            areas=("voice",),
            kind="pledge",
            section=_RES_PLEDGE,
        ),
        CommitmentSpec(
            key="pledge-self-care",
            title="Treat myself with the care I give others",
            description=(
                "I will look after myself as I would look after someone else, because the "
                "person I am is central to the care I give children."
            ),
            responsible=("individuals",),
            domains=("health", "purpose"),
            kind="pledge",
            section=_RES_PLEDGE,
        ),
        CommitmentSpec(
            key="pledge-restorative-practice",
            title="Value restorative practice",
            description=(
                "I will make room for reflection and honest conversation, and take pride in my "
                "own work and in my colleagues' work."
            ),
            responsible=("individuals",),
            domains=("relationships", "purpose"),
            kind="pledge",
            section=_RES_PLEDGE,
        ),
    ),
)


# --- 3. Inspection support covenant ---------------------------------------------------

_COV_ALL = "Support for every headteacher"
_COV_DURING = "Before and during an inspection"
_COV_AFTER = "After an inspection"
_COV_TOGETHER = "How we work together"

OFSTED_COVENANT = TemplateSpec(
    key="ofsted-covenant",
    title="Covenant for supporting leaders through inspection",
    summary=(
        "A public set of promises made together by the local authority, academy trusts and "
        "education unions to stand by headteachers and their teams at every stage of an Ofsted "
        "inspection, from the wait for the call to the weeks after the report. Each party signs "
        "it, and it is shared with every school in the area."
    ),
    modelled_on=(
        "A city-wide covenant signed by academy trusts, the local authority and education "
        "unions to support school leaders through inspection."
    ),
    commitments=(
        CommitmentSpec(
            key="supervision-for-every-head",
            title="Offer supervision and support to every headteacher",
            description=(
                "Every head, whether in a trust or a maintained school, can have regular "
                "professional supervision or coaching with someone outside their line "
                "management. Take-up is recorded so that no head is missed."
            ),
            responsible=("organisation",),
            domains=("relationships", "health"),
            areas=("supervision", "leader_wellbeing"),
            section=_COV_ALL,
        ),
        CommitmentSpec(
            key="confidential-help-for-leaders",
            title="Make confidential help easy to reach",
            description=(
                "Give every head and leadership team details of confidential counselling and "
                "helplines, such as Education Support. Remind them of it as soon as an "
                "inspection is announced."
            ),
            responsible=("organisation",),
            domains=("health",),
            areas=("leader_wellbeing", "inspection_support"),
            section=_COV_ALL,
        ),
        CommitmentSpec(
            key="buddy-for-heads-due-inspection",
            title="Pair heads who are due an inspection with a buddy",
            description=(
                "Once a school reaches the period when an inspection is likely, its head is "
                "matched with an experienced head from another school. The buddy stays in "
                "touch before, during and after the visit, so the head always has someone to ring."
            ),
            responsible=("organisation", "senior_leaders"),
            domains=("relationships", "health"),
            areas=("inspection_support", "leader_wellbeing"),
            section=_COV_DURING,
        ),
        CommitmentSpec(
            key="directory-of-inspection-experience",
            title="Keep a directory of people with inspection experience",
            description=(
                "Keep an up-to-date list of named people who know inspection well and can be "
                "phoned on the day. A school worried about how its inspection is being run can "
                "call them while the inspectors are still in the building."
            ),
            responsible=("organisation",),
            domains=("security", "relationships"),
            areas=("inspection_support",),
            section=_COV_DURING,
        ),
        CommitmentSpec(
            key="help-raise-concerns",
            title="Help leaders raise concerns on the day",
            description=(
                "Heads know how to ask the lead inspector for a pause or raise a concern, and "
                "a trusted contact is on hand to help them do it calmly and quickly."
            ),
            responsible=("organisation",),
            domains=("security",),
            areas=("inspection_support",),
            section=_COV_DURING,
        ),
        CommitmentSpec(
            key="check-in-after-inspection",
            title="Check in with the head after every inspection",
            description=(
                "Someone the head trusts gets in touch on the day the inspectors leave and "
                "again in the weeks that follow, whatever the outcome. The wider leadership "
                "team is offered wellbeing support too."
            ),
            responsible=("organisation",),
            domains=("health", "relationships"),
            areas=("inspection_support", "leader_wellbeing"),
            section=_COV_AFTER,
        ),
        CommitmentSpec(
            key="support-first-after-poor-outcome",
            title="Support the current leaders first after a poor outcome",
            description=(
                "If an inspection goes badly, the starting point is to help the head and the "
                "present leaders put things right, not to replace them. Any other course is a "
                "last resort, discussed openly with the head."
            ),
            responsible=("organisation",),
            domains=("security", "purpose"),
            areas=("inspection_support", "leader_wellbeing"),
            section=_COV_AFTER,
        ),
        CommitmentSpec(
            key="improvement-beyond-inspection",
            title="Treat school improvement as more than inspection practice",
            description=(
                "Improvement work includes peer review, help from specialists and joint "
                "planning between trusts and the council. It is never just a practice run for "
                "the next inspection."
            ),
            responsible=("organisation",),
            domains=("purpose", "environment"),
            areas=("workload", "inspection_support"),
            section=_COV_TOGETHER,
        ),
        CommitmentSpec(
            key="share-and-review-covenant",
            title="Share the covenant and review it together",
            description=(
                "Send the covenant to every school in the area, and meet with all the signing "
                "parties once a year to check it is working, using feedback from heads."
            ),
            responsible=("organisation",),
            domains=("purpose", "relationships"),
            areas=("measurement", "voice"),
            section=_COV_TOGETHER,
        ),
    ),
)


# --- 4. Whole-school approach: leadership and management ------------------------------

_WS_CHECK = "Checklist for senior leaders"
_WS_ACTIVITY = "Suggested activities"

WHOLE_SCHOOL_LEADERSHIP = TemplateSpec(
    key="whole-school-leadership",
    title="Whole-school wellbeing: leadership and management",
    summary=(
        "A checklist for senior leaders who are building a whole-school approach to emotional "
        "and mental health, with suggested activities to put it into practice. The headteacher "
        "signs it for the school, together with the governor who leads on wellbeing."
    ),
    modelled_on=(
        "A local authority's leadership-and-management checklist for a whole-school approach "
        "to emotional health and wellbeing."
    ),
    commitments=(
        CommitmentSpec(
            key="model-and-promote-wellbeing",
            title="Model good wellbeing and promote it for staff",
            description=(
                "Senior leaders are seen to look after their own wellbeing, and they make staff "
                "wellbeing a regular part of how the school is run."
            ),
            responsible=("senior_leaders",),
            domains=("health", "relationships"),
            areas=("leader_wellbeing",),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="wellbeing-mission-statement",
            title="Agree what wellbeing means here and write a mission statement",
            description=(
                "Leaders and staff agree a shared definition of wellbeing for the school and "
                "turn it into a short mission statement that everyone knows."
            ),
            responsible=("senior_leaders",),
            domains=("purpose",),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="set-up-wellbeing-action-group",
            title="Set up a wellbeing action group",
            description=(
                "Lead a group of staff, pupils and parents that meets regularly, speaks up for "
                "wellbeing and helps make school policies work day to day. Record its members in "
                "the portal and review them each year."
            ),
            responsible=("senior_leaders",),
            domains=("relationships", "purpose"),
            areas=("voice",),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="child-centred-policies",
            title="Put pupils' wellbeing at the heart of school policies",
            description=(
                "Write or review the safeguarding, PSHE, behaviour and anti-bullying policies "
                "so that pupils' wellbeing is central to each one."
            ),
            responsible=("senior_leaders",),
            domains=("environment", "security"),
            areas=("behaviour_culture",),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="wellbeing-in-curriculum",
            title="Plan the curriculum to build wellbeing",
            description=(
                "Leaders make sure curriculum planning includes lessons and approaches that "
                "help pupils' wellbeing."
            ),
            responsible=("senior_leaders",),
            domains=("purpose", "environment"),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="appoint-lead-governor",
            title="Appoint a lead governor for wellbeing",
            description=(
                "The governing board names one governor to champion wellbeing across the "
                "school. They meet the wellbeing lead each term and report back to the board."
            ),
            responsible=("governing_board",),
            domains=("relationships", "purpose"),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="know-specialist-services",
            title="Know the local mental health services for young people",
            description=(
                "Leaders know which specialist mental health services for children and young "
                "people are available locally, how to refer to them and how long the waits are."
            ),
            responsible=("senior_leaders",),
            domains=("health", "security"),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="train-wellbeing-champions",
            title="Give wellbeing champions time to train",
            description=(
                "Staff who act as wellbeing champions get protected time for relevant training "
                "and professional development."
            ),
            responsible=("senior_leaders",),
            domains=("purpose", "security"),
            areas=("career_progression",),
            kind="checklist",
            section=_WS_CHECK,
        ),
        CommitmentSpec(
            key="wellbeing-definition-workshop",
            title="Run a workshop to define wellbeing for your school",
            description=(
                "Bring staff, pupils and parents together to agree a definition of wellbeing "
                "that fits your school. Share it with the whole school and the local community."
            ),
            responsible=("senior_leaders",),
            domains=("purpose", "relationships"),
            areas=("voice",),
            kind="activity",
            section=_WS_ACTIVITY,
        ),
        CommitmentSpec(
            key="whole-school-briefing",
            title="Brief governors, parents and staff on the approach",
            description=(
                "Write a short briefing that explains the school's whole-school approach to "
                "wellbeing, and send it to governors, parents and every member of staff."
            ),
            responsible=("senior_leaders",),
            domains=("relationships",),
            areas=("communication",),
            kind="activity",
            section=_WS_ACTIVITY,
        ),
        CommitmentSpec(
            key="wellbeing-standing-item",
            title="Make wellbeing a standing item at meetings",
            description=(
                "Put wellbeing on the agenda of every staff meeting and senior leadership "
                "meeting, so that concerns are raised and followed up as a matter of routine."
            ),
            responsible=("senior_leaders",),
            domains=("relationships", "health"),
            areas=("voice", "communication"),
            kind="activity",
            section=_WS_ACTIVITY,
        ),
        CommitmentSpec(
            key="train-the-action-group",
            title="Plan a training programme for action group members",
            description=(
                "Set out a programme of training for members of the group, for example emotion "
                "coaching and sessions on the local wellbeing framework."
            ),
            responsible=("senior_leaders",),
            domains=("purpose", "relationships"),
            kind="activity",
            section=_WS_ACTIVITY,
        ),
        CommitmentSpec(
            key="wellbeing-on-training-days",
            title="Include wellbeing in training days",
            description=(
                "Give part of every INSET day to practical ways of improving the wellbeing of "
                "staff and pupils."
            ),
            responsible=("senior_leaders",),
            domains=("health", "purpose"),
            kind="activity",
            section=_WS_ACTIVITY,
        ),
    ),
)


TEMPLATES: tuple[TemplateSpec, ...] = (
    EDUCATION_STAFF_WELLBEING,
    RESIDENTIAL_WORKFORCE,
    OFSTED_COVENANT,
    WHOLE_SCHOOL_LEADERSHIP,
)


def template_by_key(key: str) -> TemplateSpec:
    """Return the shipped template with this key, or raise ``KeyError`` naming the known keys."""
    for template in TEMPLATES:
        if template.key == key:
            return template
    known = ", ".join(t.key for t in TEMPLATES)
    raise KeyError(f"No charter template with key {key!r}. Known keys: {known}.")
