"""The archive REST API (`/api/v1/`): entities push consultations; everyone reads the archive."""
