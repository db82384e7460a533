# Secrets are referenced by name. The platform's own (GPS_KEYVAULT_*_SECRET: ODRE key, ENTSO-E
# token, alert webhook secret, SMTP password) are created out of band with `az keyvault secret set`
# and read by the worker at run time; an absent one means that feature is skipped.

resource "azurerm_key_vault" "main" {
  name                = "kv-${local.name}-${random_string.suffix.result}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  tenant_id           = var.tenant_id
  sku_name            = "standard"

  # RBAC, not access policies: rights are role assignments that can be scoped to one secret.
  enable_rbac_authorization     = true
  purge_protection_enabled      = true
  soft_delete_retention_days    = var.key_vault_soft_delete_retention_days
  public_network_access_enabled = var.key_vault_public_network_access_enabled

  tags = local.tags
}

locals {
  # Temporal credentials, kept only when the chosen authentication uses them. Their values come
  # from sensitive variables (TF_VAR_*), so they also sit in the Terraform state: keep the state
  # in a protected backend. Terraform creates them (rather than expecting them out of band) so the
  # API's read right can be scoped to exactly these secrets.
  temporal_secret_values = {
    "temporal-api-key"         = var.temporal_auth == "api-key" ? var.temporal_api_key : null
    "temporal-tls-client-cert" = var.temporal_auth == "mtls" ? var.temporal_tls_client_cert : null
    "temporal-tls-client-key"  = var.temporal_auth == "mtls" ? var.temporal_tls_client_key : null
  }
  # Keyed by name only, so a for_each over it never depends on a sensitive value.
  temporal_secret_names = toset(compact([
    var.temporal_auth == "api-key" ? "temporal-api-key" : "",
    var.temporal_auth == "mtls" ? "temporal-tls-client-cert" : "",
    var.temporal_auth == "mtls" ? "temporal-tls-client-key" : "",
  ]))

  # Environment variable each secret becomes in the containers, named after Temporal's own
  # environment configuration convention.
  temporal_secret_env = {
    "temporal-api-key"         = "TEMPORAL_API_KEY"
    "temporal-tls-client-cert" = "TEMPORAL_TLS_CLIENT_CERT_DATA"
    "temporal-tls-client-key"  = "TEMPORAL_TLS_CLIENT_KEY_DATA"
  }
}

resource "azurerm_key_vault_secret" "temporal" {
  for_each = local.temporal_secret_names

  name         = each.key
  value        = local.temporal_secret_values[each.key]
  key_vault_id = azurerm_key_vault.main.id
  content_type = each.key == "temporal-api-key" ? "text/plain" : "application/x-pem-file"

  tags = local.tags

  lifecycle {
    precondition {
      # Whether a value was given is not itself secret.
      condition     = nonsensitive(local.temporal_secret_values[each.key] != null)
      error_message = "temporal_auth = \"${var.temporal_auth}\" needs TF_VAR for the secret ${each.key}."
    }
  }

  depends_on = [azurerm_role_assignment.deployer_secrets_officer]
}
