# The Entra ID side of docs/api-auth.md: the API registration (app roles Reader and Admin, scope
# access_as_user) and the console's SPA registration asking for that scope. Creating them needs
# Application Administrator (or Cloud Application Administrator) in the tenant.

# Role and scope ids are part of every token's meaning and of every assignment: generated once and
# kept in state, so re-applying never changes them.
resource "random_uuid" "role_reader" {}
resource "random_uuid" "role_admin" {}
resource "random_uuid" "scope_access_as_user" {}

resource "azuread_application" "api" {
  display_name     = "grid-power-stream-api"
  sign_in_audience = "AzureADMyOrg"
  identifier_uris  = [var.api_identifier_uri]

  api {
    # v2 tokens (aud = client id); the API accepts v1 too, and AZURE_API_CLIENT_ID is set for it.
    requested_access_token_version = 2

    oauth2_permission_scope {
      id                         = random_uuid.scope_access_as_user.result
      value                      = "access_as_user"
      type                       = "User"
      enabled                    = true
      admin_consent_display_name = "Use Grid Power Stream"
      admin_consent_description  = "Lets the console call the Grid Power Stream API as the signed-in user."
      user_consent_display_name  = "Use Grid Power Stream"
      user_consent_description   = "Lets the console call the Grid Power Stream API as you."
    }
  }

  # Values are case-sensitive: graphql/auth.ts compares them exactly.
  app_role {
    id                   = random_uuid.role_reader.result
    value                = "Reader"
    display_name         = "Reader"
    description          = "Read every dataset, run and schedule"
    allowed_member_types = ["User", "Application"]
    enabled              = true
  }

  app_role {
    id                   = random_uuid.role_admin.result
    value                = "Admin"
    display_name         = "Admin"
    description          = "Reader, plus change, pause, trigger and backfill schedules"
    allowed_member_types = ["User", "Application"]
    enabled              = true
  }
}

resource "azuread_service_principal" "api" {
  client_id = azuread_application.api.client_id
  # Only users and groups given Reader or Admin can get a token for the API at all.
  app_role_assignment_required = true
}

resource "azuread_application" "console" {
  display_name     = "grid-power-stream-console"
  sign_in_audience = "AzureADMyOrg"

  required_resource_access {
    resource_app_id = azuread_application.api.client_id

    resource_access {
      id   = random_uuid.scope_access_as_user.result
      type = "Scope"
    }
  }

  # Redirect URIs live in azuread_application_redirect_uris: they include the API's URL, which
  # depends on the API app, which needs this registration's client id.
  lifecycle {
    ignore_changes = [single_page_application]
  }
}

resource "azuread_service_principal" "console" {
  client_id = azuread_application.console.client_id
}

resource "azuread_application_redirect_uris" "console" {
  application_id = azuread_application.console.id
  type           = "SPA"
  redirect_uris = concat(
    ["${local.api_url}/"],
    var.static_web_app_enabled ? ["https://${azurerm_static_web_app.console[0].default_host_name}/"] : [],
    var.console_extra_redirect_uris,
  )
}

# Admin consent for the console's one delegated scope, so users are not asked one by one.
resource "azuread_service_principal_delegated_permission_grant" "console" {
  service_principal_object_id          = azuread_service_principal.console.object_id
  resource_service_principal_object_id = azuread_service_principal.api.object_id
  claim_values                         = ["access_as_user"]
}
