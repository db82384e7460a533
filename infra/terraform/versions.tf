terraform {
  required_version = ">= 1.6"

  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.0"
    }
    azuread = {
      source  = "hashicorp/azuread"
      version = "~> 3.0"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "azurerm" {
  subscription_id = var.subscription_id
  # Shared key access is off on the lake account, so the provider must reach the data plane
  # (filesystems, directories) with Entra ID as the platform does.
  storage_use_azuread = true

  features {
    key_vault {
      # Purge protection makes a purge impossible anyway; say so instead of failing on destroy.
      purge_soft_delete_on_destroy = false
    }
  }
}

provider "azuread" {
  tenant_id = var.tenant_id
}
