"""Entity API keys: `Authorization: Bearer shk_…`. A key acts for its own entity only."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from ..models import EntityApiKey
from ..services.archive import api_key_authenticate


class EntityKeyPrincipal:
    """Who is calling when an entity's system calls with a key: not a person, so no permissions."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, key: EntityApiKey):
        self.key = key
        self.entity = key.entity

    def __str__(self) -> str:
        return self.key.label

    def has_perm(self, perm, obj=None) -> bool:
        return False


class EntityKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the key as: Authorization: Bearer <key>."))
        try:
            raw_key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(_("The API key is not valid.")) from error
        key = api_key_authenticate(raw_key=raw_key)
        if key is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid or has been revoked."))
        return EntityKeyPrincipal(key), key

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="sharik-api"'


class HasEntityKey(permissions.BasePermission):
    message = _("An entity API key is needed for this.")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, EntityApiKey)


class EntityKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    """How the key appears in the OpenAPI schema: an HTTP bearer token."""

    target_class = "consultations.api.authentication.EntityKeyAuthentication"
    name = "entityKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "shk_<prefix>_<secret>",
            "description": "An entity API key, issued by the federal team (admin or `manage.py issue_api_key`).",
        }
