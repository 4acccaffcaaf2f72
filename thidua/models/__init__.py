"""All models, in dependency order, for create_tables, migrations and tests."""
from .audit import AuditLog
from .campaign import Campaign, CampaignItem, CampaignMilestone, CampaignUnit, DeadlineExtension
from .catalogue import AwardKind, LegalRegime
from .org import Unit, User, UserRole
from .person import Person
from .registration import Registration, RegistrationLine
from .security import LoginAttempt

MODELS = [Unit, User, UserRole, AuditLog, LoginAttempt, LegalRegime, AwardKind, Person,
          Campaign, CampaignItem, CampaignMilestone, CampaignUnit, DeadlineExtension,
          Registration, RegistrationLine]

__all__ = ["AuditLog", "AwardKind", "Campaign", "CampaignItem", "CampaignMilestone", "CampaignUnit",
           "DeadlineExtension", "LegalRegime", "LoginAttempt", "MODELS", "Person", "Registration",
           "RegistrationLine", "Unit", "User", "UserRole"]
