"""Dashboard and statutory statistics: read-only aggregates of campaigns, dossiers, decisions and award history."""
