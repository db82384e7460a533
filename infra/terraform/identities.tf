# One user-assigned identity per component, so each gets exactly its rights and db/sqlserver/roles.sql
# can bind them to different database roles (worker = gps_writer_role, API = gps_reader_role).
# The names are the ones roles.sql shows with the default name_prefix.
#
# Rights, least privilege first:
# - worker: read/write the lake's blobs, read the vault's secrets (the platform's secret names
#   are configurable, so the vault, not single secrets), pull the image.
# - API: reads Gold from SQL only (as the reader principal of roles.sql), never the lake, so it
#   has no storage role at all; it reads only the Temporal credentials it needs; pulls the image.
# Neither gets Owner, Contributor or any management-plane write right.

resource "azurerm_user_assigned_identity" "worker" {
  name                = "${local.name}-worker-identity"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  tags                = local.tags
}

resource "azurerm_user_assigned_identity" "api" {
  name                = "${local.name}-api-identity"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  tags                = local.tags
}

# --- worker ---------------------------------------------------------------------------------

resource "azurerm_role_assignment" "worker_lake" {
  scope                = azurerm_storage_account.lake.id
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_user_assigned_identity.worker.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "worker_secrets" {
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.worker.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "worker_acr" {
  count = var.container_registry_id == null ? 0 : 1

  scope                = var.container_registry_id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.worker.principal_id
  principal_type       = "ServicePrincipal"
}

# --- API ------------------------------------------------------------------------------------

# Scoped to each Temporal secret, not the vault: the API must not read the worker's source tokens.
resource "azurerm_role_assignment" "api_temporal_secrets" {
  for_each = local.temporal_secret_names

  scope                = azurerm_key_vault_secret.temporal[each.key].resource_versionless_id
  role_definition_name = "Key Vault Secrets User"
  principal_id         = azurerm_user_assigned_identity.api.principal_id
  principal_type       = "ServicePrincipal"
}

resource "azurerm_role_assignment" "api_acr" {
  count = var.container_registry_id == null ? 0 : 1

  scope                = var.container_registry_id
  role_definition_name = "AcrPull"
  principal_id         = azurerm_user_assigned_identity.api.principal_id
  principal_type       = "ServicePrincipal"
}

# --- whoever runs terraform apply -----------------------------------------------------------

# With shared keys off, creating the filesystem and its directories goes through the data plane
# as the deployer, which needs a data role (Owner on the subscription is not enough).
resource "azurerm_role_assignment" "deployer_lake_owner" {
  scope                = azurerm_storage_account.lake.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = data.azurerm_client_config.current.object_id
}

# RBAC vaults refuse even their creator until a data role is assigned.
resource "azurerm_role_assignment" "deployer_secrets_officer" {
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Key Vault Secrets Officer"
  principal_id         = data.azurerm_client_config.current.object_id
}
