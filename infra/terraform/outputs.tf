output "api_url" {
  description = "The API, which also serves the console."
  value       = local.api_url
}

output "console_url" {
  description = "Where users open the console."
  value       = var.static_web_app_enabled ? "https://${azurerm_static_web_app.console[0].default_host_name}/" : "${local.api_url}/"
}

output "console_build_command" {
  description = "Builds the console for the Static Web App (publish ui/dist/ with the deployment token)."
  value       = "VITE_GPS_API_URL=${local.api_url} npm run build:ui"
}

output "static_web_app_deployment_token" {
  description = "Deployment token of the Static Web App (null when it is off)."
  value       = var.static_web_app_enabled ? azurerm_static_web_app.console[0].api_key : null
  sensitive   = true
}

output "worker_identity_client_id" {
  description = "Client id of the worker's managed identity: AZURE_CLIENT_ID and clientId= in GPS_DB_URL."
  value       = azurerm_user_assigned_identity.worker.client_id
}

output "worker_identity_principal_id" {
  description = "Object id of the worker's managed identity: GPS_LAKE_GOLD_WRITER_ID for npm run lake:restrict-gold."
  value       = azurerm_user_assigned_identity.worker.principal_id
}

output "worker_identity_name" {
  description = "Name to use in roles.sql: CREATE USER [<name>] FROM EXTERNAL PROVIDER, member of gps_writer_role."
  value       = azurerm_user_assigned_identity.worker.name
}

output "api_identity_client_id" {
  description = "Client id of the API's managed identity: clientId= in GPS_DB_READER_URL."
  value       = azurerm_user_assigned_identity.api.client_id
}

output "api_identity_name" {
  description = "Name to use in roles.sql: CREATE USER [<name>] FROM EXTERNAL PROVIDER, member of gps_reader_role."
  value       = azurerm_user_assigned_identity.api.name
}

output "lake_account_url" {
  description = "GPS_LAKE_ACCOUNT_URL."
  value       = trimsuffix(azurerm_storage_account.lake.primary_blob_endpoint, "/")
}

output "lake_container" {
  description = "GPS_LAKE_CONTAINER."
  value       = azurerm_storage_data_lake_gen2_filesystem.lake.name
}

output "key_vault_url" {
  description = "GPS_KEYVAULT_URL."
  value       = trimsuffix(azurerm_key_vault.main.vault_uri, "/")
}

output "sql_server_fqdn" {
  description = "Azure SQL server host."
  value       = azurerm_mssql_server.gold.fully_qualified_domain_name
}

output "db_url" {
  description = "GPS_DB_URL (the worker, Entra ID, no password)."
  value       = local.db_writer_url
}

output "db_reader_url" {
  description = "GPS_DB_READER_URL (the API, Entra ID, no password)."
  value       = local.db_reader_url
}

output "tenant_id" {
  description = "AZURE_TENANT_ID."
  value       = var.tenant_id
}

output "api_audience" {
  description = "AZURE_API_AUDIENCE."
  value       = var.api_identifier_uri
}

output "api_client_id" {
  description = "AZURE_API_CLIENT_ID."
  value       = azuread_application.api.client_id
}

output "console_client_id" {
  description = "AZURE_CONSOLE_CLIENT_ID."
  value       = azuread_application.console.client_id
}

output "app_role_ids" {
  description = "Ids of the Reader and Admin app roles, for role assignments made outside Terraform."
  value = {
    Reader = random_uuid.role_reader.result
    Admin  = random_uuid.role_admin.result
  }
}

output "setup_job_name" {
  description = "Start it after a deploy that changed temporal.yaml: az containerapp job start -g <rg> -n <name>."
  value       = azurerm_container_app_job.setup.name
}

output "resource_group_name" {
  description = "The resource group holding everything."
  value       = azurerm_resource_group.main.name
}
