# The platform in Azure Container Apps: one worker app per task queue (so Polars/SQL work never
# delays workflow tasks, as docker-compose.yml does), the API (which also serves the console),
# and a manual job that applies temporal.yaml's schedules. All run the repository's image.

resource "azurerm_log_analytics_workspace" "main" {
  name                = "log-${local.name}-${var.environment}"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  sku                 = "PerGB2018"
  retention_in_days   = var.log_retention_in_days
  tags                = local.tags
}

resource "azurerm_container_app_environment" "main" {
  name                       = "cae-${local.name}-${var.environment}"
  resource_group_name        = azurerm_resource_group.main.name
  location                   = azurerm_resource_group.main.location
  log_analytics_workspace_id = azurerm_log_analytics_workspace.main.id
  tags                       = local.tags
}

locals {
  api_fqdn = azurerm_container_app.api.ingress[0].fqdn
  api_url  = "https://${local.api_fqdn}"

  sql_host = azurerm_mssql_server.gold.fully_qualified_domain_name
  # Entra ID authentication as each app's own identity (clientId picks the user-assigned one):
  # the connection strings hold no password, so they are plain settings, not secrets.
  db_writer_url = "mssql://${local.sql_host}/${var.sql_database_name}?authentication=azure-active-directory-default&clientId=${azurerm_user_assigned_identity.worker.client_id}"
  db_reader_url = "mssql://${local.sql_host}/${var.sql_database_name}?authentication=azure-active-directory-default&clientId=${azurerm_user_assigned_identity.api.client_id}"

  # What every process reads (lib/config.ts). NODE_ENV=production refuses local auth, so even the
  # workers carry the Entra ID settings.
  common_env = {
    NODE_ENV = "production"
    # The image's /data is a volume in docker-compose.yml; here there is none, and the image runs
    # as user node, which cannot create /data. Only scratch files live there (ERA5 staging): the
    # lake and Gold are remote.
    GPS_DATA_DIR          = "/tmp/gps"
    GPS_TEMPORAL_EMBEDDED = "false"
    TEMPORAL_ADDRESS      = var.temporal_address
    TEMPORAL_NAMESPACE    = var.temporal_namespace
    TEMPORAL_UI_URL       = var.temporal_ui_url
    # The platform refuses a remote Temporal without TLS (lib/temporal-security.ts); with
    # temporal_auth = "none" the frontend is a self-hosted one on the environment's private network.
    GPS_TEMPORAL_ALLOW_PLAINTEXT = var.temporal_auth == "none" ? "true" : "false"
    GPS_DB_CLIENT                = "mssql"
    GPS_DB_URL                   = local.db_writer_url
    GPS_DB_READER_URL            = local.db_reader_url
    GPS_AUTH_MODE                = "azure"
    AZURE_TENANT_ID              = var.tenant_id
    AZURE_API_AUDIENCE           = var.api_identifier_uri
    AZURE_API_CLIENT_ID          = azuread_application.api.client_id
    # Prometheus /metrics of every process (docs/operations.md, Observability), on the replica's
    # loopback (GPS_METRICS_HOST's default): no ingress routes to it (the API's targets 4000 only)
    # and Container Apps have no scrape annotation, so a collector sidecar in the replica (an
    # OpenTelemetry collector or Azure Monitor agent scraping localhost:9464) is what reads it.
    GPS_METRICS_PORT = "9464"
  }

  worker_env = merge(local.common_env, {
    GPS_LAKE_BACKEND     = "azure-blob"
    GPS_LAKE_ACCOUNT_URL = trimsuffix(azurerm_storage_account.lake.primary_blob_endpoint, "/")
    GPS_LAKE_CONTAINER   = azurerm_storage_data_lake_gen2_filesystem.lake.name
    GPS_SECRETS_PROVIDER = "keyvault"
    GPS_KEYVAULT_URL     = trimsuffix(azurerm_key_vault.main.vault_uri, "/")
    # DefaultAzureCredential picks the user-assigned identity by this client id.
    AZURE_CLIENT_ID = azurerm_user_assigned_identity.worker.client_id
    # The Temporal SDK's own metrics (task slots, schedule-to-start latency), loopback as above.
    GPS_TEMPORAL_METRICS_ADDRESS = "127.0.0.1:9465"
  })

  api_env = merge(local.common_env, {
    GPS_API_HOST            = "0.0.0.0"
    GPS_API_PORT            = "4000"
    AZURE_CONSOLE_CLIENT_ID = azuread_application.console.client_id
    AZURE_CLIENT_ID         = azurerm_user_assigned_identity.api.client_id
    # The console on the Static Web App calls the API cross-origin (docs/console.md); the API's own
    # origin needs no entry.
    GPS_API_CORS_ORIGINS = var.static_web_app_enabled ? "https://${azurerm_static_web_app.console[0].default_host_name}" : ""
  })

  worker_queues = toset(["ingest", "transform"])
}

resource "azurerm_container_app" "worker" {
  for_each = local.worker_queues

  name                         = "ca-${local.name}-worker-${each.key}"
  resource_group_name          = azurerm_resource_group.main.name
  container_app_environment_id = azurerm_container_app_environment.main.id
  revision_mode                = "Single"

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.worker.id]
  }

  dynamic "registry" {
    for_each = var.container_registry_server == null ? [] : [var.container_registry_server]
    content {
      server   = registry.value
      identity = azurerm_user_assigned_identity.worker.id
    }
  }

  # Container Apps fetches these from the vault with the identity at each revision start; only
  # their names are known here. Iterated by name: the secret resources hold sensitive values.
  dynamic "secret" {
    for_each = local.temporal_secret_names
    content {
      name                = secret.value
      key_vault_secret_id = azurerm_key_vault_secret.temporal[secret.value].versionless_id
      identity            = azurerm_user_assigned_identity.worker.id
    }
  }

  template {
    # Workers poll Temporal; with no replica, schedules stall, so never scale to zero.
    min_replicas = var.worker_min_replicas
    max_replicas = var.worker_max_replicas

    container {
      name    = "worker"
      image   = var.container_image
      command = ["npx", "tsx", "workers/worker.ts"]
      cpu     = var.worker_cpu
      memory  = var.worker_memory

      dynamic "env" {
        for_each = merge(local.worker_env, { GPS_WORKER_QUEUES = each.key })
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.temporal_secret_names
        content {
          name        = local.temporal_secret_env[env.value]
          secret_name = env.value
        }
      }
    }
  }

  tags = local.tags

  depends_on = [azurerm_role_assignment.worker_secrets, azurerm_role_assignment.worker_acr]
}

resource "azurerm_container_app" "api" {
  name                         = "ca-${local.name}-api"
  resource_group_name          = azurerm_resource_group.main.name
  container_app_environment_id = azurerm_container_app_environment.main.id
  revision_mode                = "Single"

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.api.id]
  }

  dynamic "registry" {
    for_each = var.container_registry_server == null ? [] : [var.container_registry_server]
    content {
      server   = registry.value
      identity = azurerm_user_assigned_identity.api.id
    }
  }

  dynamic "secret" {
    for_each = local.temporal_secret_names
    content {
      name                = secret.value
      key_vault_secret_id = azurerm_key_vault_secret.temporal[secret.value].versionless_id
      identity            = azurerm_user_assigned_identity.api.id
    }
  }

  ingress {
    external_enabled           = true
    target_port                = 4000
    transport                  = "auto"
    allow_insecure_connections = false

    traffic_weight {
      latest_revision = true
      percentage      = 100
    }
  }

  template {
    min_replicas = var.api_min_replicas
    max_replicas = var.api_max_replicas

    container {
      name    = "api"
      image   = var.container_image
      command = ["npx", "tsx", "workers/api.ts"]
      cpu     = var.api_cpu
      memory  = var.api_memory

      # /livez only says the process answers: a restart cures nothing else.
      liveness_probe {
        transport               = "HTTP"
        port                    = 4000
        path                    = "/livez"
        interval_seconds        = 10
        failure_count_threshold = 3
      }

      # /readyz asks the Gold database and Temporal: while either is down, the replica leaves the
      # load balancer instead of answering errors.
      readiness_probe {
        transport               = "HTTP"
        port                    = 4000
        path                    = "/readyz"
        interval_seconds        = 30
        failure_count_threshold = 3
      }

      dynamic "env" {
        for_each = local.api_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.temporal_secret_names
        content {
          name        = local.temporal_secret_env[env.value]
          secret_name = env.value
        }
      }
    }
  }

  tags = local.tags

  depends_on = [azurerm_role_assignment.api_temporal_secrets, azurerm_role_assignment.api_acr]
}

# docker-compose.yml's temporal-setup: registers the search attributes and applies the schedules
# of temporal.yaml. Started by hand (az containerapp job start) after a deploy that changed them.
resource "azurerm_container_app_job" "setup" {
  name                         = "caj-${local.name}-setup"
  resource_group_name          = azurerm_resource_group.main.name
  location                     = azurerm_resource_group.main.location
  container_app_environment_id = azurerm_container_app_environment.main.id
  replica_timeout_in_seconds   = 600
  replica_retry_limit          = 2

  manual_trigger_config {
    parallelism              = 1
    replica_completion_count = 1
  }

  identity {
    type         = "UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.worker.id]
  }

  dynamic "registry" {
    for_each = var.container_registry_server == null ? [] : [var.container_registry_server]
    content {
      server   = registry.value
      identity = azurerm_user_assigned_identity.worker.id
    }
  }

  dynamic "secret" {
    for_each = local.temporal_secret_names
    content {
      name                = secret.value
      key_vault_secret_id = azurerm_key_vault_secret.temporal[secret.value].versionless_id
      identity            = azurerm_user_assigned_identity.worker.id
    }
  }

  template {
    container {
      name    = "setup"
      image   = var.container_image
      command = ["npx", "tsx", "workers/apply-schedules.ts"]
      cpu     = 0.25
      memory  = "0.5Gi"

      dynamic "env" {
        for_each = local.worker_env
        content {
          name  = env.key
          value = env.value
        }
      }

      dynamic "env" {
        for_each = local.temporal_secret_names
        content {
          name        = local.temporal_secret_env[env.value]
          secret_name = env.value
        }
      }
    }
  }

  tags = local.tags

  depends_on = [azurerm_role_assignment.worker_secrets, azurerm_role_assignment.worker_acr]
}
