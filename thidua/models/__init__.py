"""All models, in dependency order, for create_tables, migrations and tests."""
from .audit import AuditLog
from .catalogue import AwardKind, LegalRegime
from .org import Unit, User, UserRole
from .person import Person
from .security import LoginAttempt

MODELS = [Unit, User, UserRole, AuditLog, LoginAttempt, LegalRegime, AwardKind, Person]

__all__ = ["AuditLog", "AwardKind", "LegalRegime", "LoginAttempt", "MODELS", "Person", "Unit", "User",
           "UserRole"]
