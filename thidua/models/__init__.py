"""All models, in dependency order, for create_tables, migrations and tests."""
from .audit import AuditLog
from .org import Unit, User, UserRole
from .security import LoginAttempt

MODELS = [Unit, User, UserRole, AuditLog, LoginAttempt]

__all__ = ["AuditLog", "LoginAttempt", "MODELS", "Unit", "User", "UserRole"]
