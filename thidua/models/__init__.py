"""All models, in dependency order, for create_tables, migrations and tests."""
from .achievement import AchievementReport
from .attachment import Attachment
from .audit import AuditChainHead, AuditLog
from .campaign import Campaign, CampaignItem, CampaignMilestone, CampaignUnit, DeadlineExtension
from .bloc import (Bloc, BlocBallotReceipt, BlocMember, BlocRound, BlocUser, BlocVote, BlocVoteCount, BlocVoteLine,
                   Compact, CompactSignature, Criterion, Score, Scorecard)
from .catalogue import AwardKind, LegalRegime
from .council import CouncilMember, VoteRule
from .decision import AgencyHead, BaseSalary, Decision, DecisionLine, Delegation, DocumentRegister
from .council_session import (AgendaItem, BallotReceipt, CouncilSession, LineResult, NoticeObjection, PublicNotice,
                              Recusal, SessionAttendance, VoteCount)
from .history import AnnualRating, AwardRecord, Discipline, Initiative, RuleParameter
from .org import Unit, User, UserRole
from .nomination import ComponentComment, DossierRequirement, Nomination
from .notification import EmailLog, Notification, ReminderLog
from .person import Person
from .registration import Registration, RegistrationLine
from .report import Report
from .security import LoginAttempt

MODELS = [Unit, User, UserRole, AuditLog, AuditChainHead, LoginAttempt, LegalRegime, AwardKind, Person,
          Campaign, CampaignItem, CampaignMilestone, CampaignUnit, DeadlineExtension,
          Registration, RegistrationLine, Attachment,
          AwardRecord, Initiative, AnnualRating, Discipline, RuleParameter,
          Report, DossierRequirement, Nomination, ComponentComment, AchievementReport, CouncilMember, VoteRule,
          CouncilSession, SessionAttendance, AgendaItem, Recusal, BallotReceipt, VoteCount, LineResult,
          PublicNotice, NoticeObjection,
          BaseSalary, DocumentRegister, AgencyHead, Delegation, Decision, DecisionLine,
          Notification, EmailLog, ReminderLog,
          Bloc, BlocMember, BlocUser, Compact, Criterion, CompactSignature, BlocRound, Scorecard, Score,
          BlocVote, BlocVoteLine, BlocBallotReceipt, BlocVoteCount]

__all__ = ["Bloc", "BlocBallotReceipt", "BlocMember", "BlocRound", "BlocUser", "BlocVote", "BlocVoteCount",
           "BlocVoteLine", "Compact", "CompactSignature", "Criterion", "Score", "Scorecard", "AgencyHead", "BaseSalary", "Decision", "DecisionLine", "Delegation", "DocumentRegister", "AchievementReport", "AgendaItem", "BallotReceipt", "CouncilSession", "LineResult", "Recusal",
           "SessionAttendance", "VoteCount", "PublicNotice", "NoticeObjection", "AnnualRating", "Attachment", "AuditChainHead", "AuditLog", "AwardKind", "AwardRecord", "Discipline",
           "Initiative", "RuleParameter", "Campaign", "CampaignItem", "CampaignMilestone", "CampaignUnit",
           "ComponentComment", "CouncilMember", "DeadlineExtension", "DossierRequirement", "LegalRegime",
           "LoginAttempt", "MODELS",
           "Nomination", "Notification", "EmailLog", "ReminderLog", "Person", "Registration", "RegistrationLine", "Report", "Unit", "User", "UserRole", "VoteRule"]
