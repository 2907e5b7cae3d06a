"""The words a head reads after logging Ofsted's call, until the organisation changes
them (they live in InspectionGuidance). Written for the portal from the facts gathered
in DOMAIN.md §2, as they stood in 2026: check them against Ofsted's current guidance."""

RAISING_CONCERNS = (
    "Raise any concern with the lead inspector first, as early as you can, so that it can "
    "be put right before the inspection ends. If you cannot resolve it with them, or do "
    "not feel able to, call the senior inspector number Ofsted gave you on the call: you "
    "can use it during the inspection or on the next working day. Your link officer will "
    "help you with either."
)
PAUSING = (
    "You, or we as your responsible body, can ask the lead inspector to pause the "
    "inspection if your wellbeing or another leader's is at risk. A pause usually lasts "
    "until the next day, and never more than five working days except in very exceptional "
    "cases. A pause does not affect the outcome. Call your link officer or the senior "
    "officer and we will make the request with you."
)
SHARING_OUTCOME = (
    "When the inspection ends you may share the provisional outcome, in confidence, with "
    "colleagues, your family, your medical advisers and your support network, including "
    "your buddy. Please do not publish it or tell parents until the report is final."
)
OUR_SUPPORT = (
    "Your link officer will call you today to explain how we will be involved, and agree "
    "with you how you would like to hear from us during the inspection. Someone from the "
    "team will check in with you at the end of each inspection day, and we will be there "
    "at final feedback if you would like us to be."
)
