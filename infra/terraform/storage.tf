# The lake: landing zone, Bronze, Silver (and the gold/ folder lake:restrict-gold puts an ACL on).
# The platform addresses it as ONE container with top-level folders (GPS_LAKE_CONTAINER plus
# landing/, bronze/, silver/, gold/ prefixes, lib/lake/), so the layers are directories of one
# filesystem, not three filesystems.

resource "azurerm_storage_account" "lake" {
  name                     = "st${local.name}lake${random_string.suffix.result}"
  resource_group_name      = azurerm_resource_group.main.name
  location                 = azurerm_resource_group.main.location
  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = var.storage_replication_type
  access_tier              = "Hot"

  # ADLS Gen2: real directories and POSIX ACLs, needed by the gold/ ACL (lib/lake/adls-gold-acl.ts).
  is_hns_enabled = true

  https_traffic_only_enabled      = true
  min_tls_version                 = "TLS1_2"
  allow_nested_items_to_be_public = false
  # The platform reaches the lake with GPS_LAKE_ACCOUNT_URL and DefaultAzureCredential (the
  # managed identity); no component needs an account key or a connection string in Azure.
  shared_access_key_enabled       = false
  default_to_oauth_authentication = true
  public_network_access_enabled   = var.storage_public_network_access_enabled

  # A mistaken delete is recoverable for a week (blob soft delete works with a hierarchical
  # namespace; versioning does not, so it is not set).
  blob_properties {
    delete_retention_policy {
      days = 7
    }
  }

  tags = local.tags
}

resource "azurerm_storage_data_lake_gen2_filesystem" "lake" {
  name               = var.lake_filesystem_name
  storage_account_id = azurerm_storage_account.lake.id

  # The deployer writes the filesystem through the data plane (shared keys are off).
  depends_on = [azurerm_role_assignment.deployer_lake_owner]
}

# The layers exist before the first run, so lake:restrict-gold has a gold/ directory to protect
# and lifecycle rules below have a stable place to point at.
resource "azurerm_storage_data_lake_gen2_path" "layer" {
  for_each = toset(["landing", "bronze", "silver", "gold"])

  path               = each.key
  filesystem_name    = azurerm_storage_data_lake_gen2_filesystem.lake.name
  storage_account_id = azurerm_storage_account.lake.id
  resource           = "directory"
}

# Lifecycle: cheaper tiers for what is rarely read again. Gold is not a lifecycle target: it is
# the published data (its tables live in SQL; the gold/ folder is reserved), and nothing here may
# delete it. Silver is not tiered either, because each run rewrites the day partitions it touches.
resource "azurerm_storage_management_policy" "lake" {
  storage_account_id = azurerm_storage_account.lake.id

  rule {
    name    = "bronze-tiering"
    enabled = true
    filters {
      prefix_match = ["${var.lake_filesystem_name}/bronze/"]
      blob_types   = ["blockBlob"]
    }
    actions {
      base_blob {
        tier_to_cool_after_days_since_modification_greater_than    = var.bronze_cool_after_days
        tier_to_archive_after_days_since_modification_greater_than = var.bronze_archive_after_days
        delete_after_days_since_modification_greater_than          = var.bronze_delete_after_days
      }
    }
  }

  rule {
    name    = "landing-tiering"
    enabled = true
    filters {
      prefix_match = ["${var.lake_filesystem_name}/landing/"]
      blob_types   = ["blockBlob"]
    }
    actions {
      base_blob {
        tier_to_cool_after_days_since_modification_greater_than = var.landing_cool_after_days
      }
    }
  }

  # Quarantine: rows Silver refused, kept with their reason (silver/_rejected/<dataset>/).
  rule {
    name    = "quarantine-retention"
    enabled = true
    filters {
      prefix_match = ["${var.lake_filesystem_name}/silver/_rejected/"]
      blob_types   = ["blockBlob"]
    }
    actions {
      base_blob {
        tier_to_cool_after_days_since_modification_greater_than = var.rejected_cool_after_days
        delete_after_days_since_modification_greater_than       = var.rejected_delete_after_days
      }
    }
  }
}
