# Inputs. Nothing here carries a secret value by default: the few sensitive inputs (Temporal
# credentials) are null unless given through TF_VAR_* at apply time.

variable "subscription_id" {
  description = "Azure subscription that receives the deployment."
  type        = string
}

variable "tenant_id" {
  description = "Entra ID tenant (Directory ID): app registrations, token issuer, SQL and Key Vault tenant."
  type        = string
}

variable "location" {
  description = "Azure region of every resource except the Static Web App."
  type        = string
  default     = "francecentral"
}

variable "name_prefix" {
  description = "Prefix of resource names. With the default, the managed identities are named as db/sqlserver/roles.sql expects (gps-worker-identity, gps-api-identity)."
  type        = string
  default     = "gps"

  validation {
    condition     = can(regex("^[a-z][a-z0-9]{1,9}$", var.name_prefix))
    error_message = "name_prefix: 2-10 lower-case letters and digits, starting with a letter (storage account names allow nothing else)."
  }
}

variable "environment" {
  description = "Environment label, carried in the tags."
  type        = string
  default     = "prod"
}

variable "tags" {
  description = "Extra tags merged over the default ones on every resource that takes tags."
  type        = map(string)
  default     = {}
}

# --- Lake -----------------------------------------------------------------------------------

variable "lake_filesystem_name" {
  description = "The ADLS Gen2 filesystem (blob container) of the lake: GPS_LAKE_CONTAINER. The platform keeps landing/, bronze/, silver/ and gold/ as top-level folders of this one container."
  type        = string
  default     = "lake"

  validation {
    condition     = can(regex("^[a-z0-9](?:[a-z0-9]|-[a-z0-9]){2,62}$", var.lake_filesystem_name))
    error_message = "lake_filesystem_name: 3-63 of a-z, 0-9 and single hyphens (the platform validates GPS_LAKE_CONTAINER the same way)."
  }
}

variable "storage_replication_type" {
  description = "Replication of the lake account. The archive tier needs LRS, GRS or RA-GRS."
  type        = string
  default     = "LRS"
}

variable "storage_public_network_access_enabled" {
  description = "Container Apps without a VNet reach the lake over its public endpoint (Entra ID auth only)."
  type        = bool
  default     = true
}

variable "bronze_cool_after_days" {
  description = "Bronze objects move to the cool tier this many days after they were written."
  type        = number
  default     = 30
}

variable "bronze_archive_after_days" {
  description = "Bronze objects move to the archive tier after this many days; null keeps them online. Archived objects cannot be re-read (reprocessing) without rehydration."
  type        = number
  default     = null
}

variable "bronze_delete_after_days" {
  description = "Bronze objects are deleted after this many days; null keeps them (Bronze is the raw audit trail)."
  type        = number
  default     = null
}

variable "landing_cool_after_days" {
  description = "Files in the landing zone move to cool after this many days (they are copied to Bronze on arrival)."
  type        = number
  default     = 30
}

variable "rejected_cool_after_days" {
  description = "Quarantined rows (silver/_rejected/) move to cool after this many days."
  type        = number
  default     = 30
}

variable "rejected_delete_after_days" {
  description = "Quarantined rows (silver/_rejected/) are deleted after this many days; null keeps them."
  type        = number
  default     = 365
}

# --- Gold on Azure SQL ----------------------------------------------------------------------

variable "sql_admin_group_object_id" {
  description = "Object id of the Entra ID group (or user) that administers the SQL server and runs db/sqlserver/roles.sql."
  type        = string
}

variable "sql_admin_login_name" {
  description = "Display name of that Entra ID administrator."
  type        = string
}

variable "sql_public_network_access_enabled" {
  description = "Container Apps without a VNet reach Azure SQL over its public endpoint, limited to Azure services by the firewall."
  type        = bool
  default     = true
}

variable "sql_database_name" {
  description = "Gold database name."
  type        = string
  default     = "gold"
}

variable "sql_sku_name" {
  description = "Serverless SKU of the Gold database."
  type        = string
  default     = "GP_S_Gen5_1"

  validation {
    condition     = can(regex("^GP_S_", var.sql_sku_name))
    error_message = "sql_sku_name must be a serverless (GP_S_*) SKU: auto-pause is what keeps the budget."
  }
}

variable "sql_auto_pause_delay_in_minutes" {
  description = "Idle minutes before the serverless database pauses (-1 never pauses; the 15-minute schedules keep it awake anyway while they run)."
  type        = number
  default     = 60
}

variable "sql_min_capacity" {
  description = "Minimum vCores of the serverless database."
  type        = number
  default     = 0.5
}

variable "sql_max_size_gb" {
  description = "Maximum size of the Gold database."
  type        = number
  default     = 32
}

# --- Key Vault ------------------------------------------------------------------------------

variable "key_vault_public_network_access_enabled" {
  description = "Container Apps without a VNet reach the vault over its public endpoint (RBAC-authorised)."
  type        = bool
  default     = true
}

variable "key_vault_soft_delete_retention_days" {
  description = "Days a deleted secret stays recoverable."
  type        = number
  default     = 90
}

# --- Containers -----------------------------------------------------------------------------

variable "container_image" {
  description = "The platform image built from the repository's Dockerfile (worker, API and setup job run the same image with different commands)."
  type        = string
}

variable "container_registry_server" {
  description = "Login server of the registry holding the image (e.g. myacr.azurecr.io); null for a public image."
  type        = string
  default     = null
}

variable "container_registry_id" {
  description = "Resource id of that registry when it is an Azure Container Registry: both identities get AcrPull on it (and nothing else there)."
  type        = string
  default     = null
}

variable "worker_min_replicas" {
  description = "Minimum replicas of each worker app. At least one: a worker at zero polls nothing and schedules stall."
  type        = number
  default     = 1

  validation {
    condition     = var.worker_min_replicas >= 1 && var.worker_min_replicas <= 2
    error_message = "worker_min_replicas must be 1 or 2."
  }
}

variable "worker_max_replicas" {
  description = "Maximum replicas of each worker app."
  type        = number
  default     = 3
}

variable "worker_cpu" {
  description = "vCPU per worker replica (Polars and SQL on the transform queue)."
  type        = number
  default     = 0.5
}

variable "worker_memory" {
  description = "Memory per worker replica; Container Apps pairs it with the vCPU (0.5 vCPU = 1Gi)."
  type        = string
  default     = "1Gi"
}

variable "api_min_replicas" {
  description = "Minimum replicas of the API."
  type        = number
  default     = 1
}

variable "api_cpu" {
  description = "vCPU per API replica."
  type        = number
  default     = 0.25
}

variable "api_memory" {
  description = "Memory per API replica (0.25 vCPU = 0.5Gi)."
  type        = string
  default     = "0.5Gi"
}

variable "api_max_replicas" {
  description = "Maximum replicas of the API."
  type        = number
  default     = 3
}

variable "log_retention_in_days" {
  description = "Log Analytics retention."
  type        = number
  default     = 30
}

# --- Temporal (external: Temporal Cloud or a self-hosted cluster) ---------------------------

variable "temporal_address" {
  description = "Temporal frontend, host:port (e.g. <namespace>.<account>.tmprl.cloud:7233): TEMPORAL_ADDRESS."
  type        = string
}

variable "temporal_namespace" {
  description = "Temporal namespace: TEMPORAL_NAMESPACE."
  type        = string
}

variable "temporal_ui_url" {
  description = "Temporal Web UI base URL, for the console's run links: TEMPORAL_UI_URL."
  type        = string
}

variable "temporal_auth" {
  description = "How the platform authenticates to Temporal: none (private network), api-key, or mtls."
  type        = string
  default     = "none"

  validation {
    condition     = contains(["none", "api-key", "mtls"], var.temporal_auth)
    error_message = "temporal_auth must be none, api-key or mtls."
  }
}

variable "temporal_api_key" {
  description = "Temporal Cloud API key, stored in Key Vault (temporal-api-key). Required with temporal_auth = api-key; give it through TF_VAR_temporal_api_key, never in a file."
  type        = string
  default     = null
  sensitive   = true
}

variable "temporal_tls_client_cert" {
  description = "PEM client certificate for mTLS, stored in Key Vault (temporal-tls-client-cert). Required with temporal_auth = mtls; TF_VAR_ only."
  type        = string
  default     = null
  sensitive   = true
}

variable "temporal_tls_client_key" {
  description = "PEM private key for mTLS, stored in Key Vault (temporal-tls-client-key). Required with temporal_auth = mtls; TF_VAR_ only."
  type        = string
  default     = null
  sensitive   = true
}

# --- Console and Entra ID -------------------------------------------------------------------

variable "static_web_app_enabled" {
  description = "Create a Static Web App for the console (built with VITE_GPS_API_URL, allowed by the API's CORS origins). Off, the console is served by the API on its own origin only."
  type        = bool
  default     = true
}

variable "static_web_app_location" {
  description = "Static Web Apps run in a few regions only."
  type        = string
  default     = "westeurope"
}

variable "api_identifier_uri" {
  description = "Application ID URI of the API registration: AZURE_API_AUDIENCE."
  type        = string
  default     = "api://grid-power-stream"
}

variable "console_extra_redirect_uris" {
  description = "More SPA redirect URIs for the console registration (e.g. http://localhost:5173/ for development). The API's URL (and the Static Web App's) are added by Terraform."
  type        = list(string)
  default     = []
}

# --- Cost -----------------------------------------------------------------------------------

variable "budget_amount" {
  description = "Monthly budget on the resource group, in the billing account's currency (USD for the intended subscription)."
  type        = number
  default     = 84
}

variable "budget_contact_email" {
  description = "Who hears about the budget: 80 % actual and 100 % forecasted spend."
  type        = string
}
