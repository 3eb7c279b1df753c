"""How the timeline names the events written by protection, assistance and referrals.

The case page's timeline (awda.web.sections.timeline) reads these through
`TIMELINE_LABELS`; the strings are translated in this app's catalogue.
"""

from django.utils.translation import gettext_lazy as _

TIMELINE_LABELS = {
    # Protection
    "vulnerability_recorded": _("Vulnerability recorded"),
    "vulnerability_updated": _("Vulnerability updated"),
    "vulnerability_resolved": _("Vulnerability no longer applies"),
    "bid_opened": _("Best-interests procedure opened"),
    "bid_step": _("Best-interests procedure: step recorded"),
    "bid_determined": _("Best-interests determination recorded"),
    "consent_given": _("Consent to share given"),
    "consent_withdrawn": _("Consent to share withdrawn"),
    # Assistance and counselling
    "assistance_recorded": _("Assistance given"),
    "assistance_removed": _("Assistance record removed"),
    "distribution_received": _("Received at a distribution"),
    "counselling_session": _("Counselling session"),
    "appointment_planned": _("Appointment planned"),
    "appointment_attended": _("Appointment attended"),
    "appointment_missed": _("Appointment missed"),
    "appointment_cancelled": _("Appointment cancelled"),
    # Referrals
    "referral_sent": _("Referred to a partner"),
    "referral_received": _("Referral received from a partner"),
    "referral_accepted": _("Referral accepted"),
    "referral_declined": _("Referral declined"),
    "referral_completed": _("Referral completed"),
    "referral_cancelled": _("Referral cancelled"),
}
