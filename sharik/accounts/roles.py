"""The model permissions each role holds on accounts (governance.roles collects this table)."""

from governance.models import Role

ROLE_PERMISSIONS = {
    # The manual "verified resident" flag is the federal team's, with a reason (resident_verification_set).
    Role.FEDERAL_TEAM: ["accounts.view_user", "accounts.verify_resident"],
}
