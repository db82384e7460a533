# Gold on Azure SQL. Entra ID authentication only: the worker and the API connect as their
# managed identities (GPS_DB_URL / GPS_DB_READER_URL with authentication=azure-active-directory-default),
# so no SQL password exists anywhere. Their database users and roles are NOT created here: an
# Entra administrator runs db/sqlserver/roles.sql after the first worker start has migrated.

resource "azurerm_mssql_server" "gold" {
  name                          = "sql-${local.name}-${random_string.suffix.result}"
  resource_group_name           = azurerm_resource_group.main.name
  location                      = azurerm_resource_group.main.location
  version                       = "12.0"
  minimum_tls_version           = "1.2"
  public_network_access_enabled = var.sql_public_network_access_enabled

  azuread_administrator {
    login_username              = var.sql_admin_login_name
    object_id                   = var.sql_admin_group_object_id
    tenant_id                   = var.tenant_id
    azuread_authentication_only = true
  }

  tags = local.tags
}

resource "azurerm_mssql_database" "gold" {
  name      = var.sql_database_name
  server_id = azurerm_mssql_server.gold.id
  collation = "SQL_Latin1_General_CP1_CI_AS"

  # Serverless: billed per second of use and paused when idle, which is what fits the budget.
  sku_name                    = var.sql_sku_name
  auto_pause_delay_in_minutes = var.sql_auto_pause_delay_in_minutes
  min_capacity                = var.sql_min_capacity
  max_size_gb                 = var.sql_max_size_gb
  zone_redundant              = false
  storage_account_type        = "Local"

  tags = local.tags
}

# 0.0.0.0-0.0.0.0 is Azure's convention for "services running in Azure": Container Apps have no
# fixed outbound address without a VNet. It admits any Azure tenant's traffic to the login
# prompt, which Entra-only authentication then refuses unless it is our identities.
resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "AllowAzureServices"
  server_id        = azurerm_mssql_server.gold.id
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}
