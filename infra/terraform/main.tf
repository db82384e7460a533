data "azurerm_client_config" "current" {}

# Storage account and Key Vault names are global across Azure; a stable random suffix avoids
# collisions without asking the operator to invent one.
resource "random_string" "suffix" {
  length  = 6
  lower   = true
  upper   = false
  numeric = true
  special = false
}

locals {
  name = var.name_prefix

  tags = merge(
    {
      application = "grid-power-stream"
      environment = var.environment
      managed_by  = "terraform"
    },
    var.tags,
  )
}

resource "azurerm_resource_group" "main" {
  name     = "rg-${local.name}-${var.environment}"
  location = var.location
  tags     = local.tags
}
